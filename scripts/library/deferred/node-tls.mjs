// `import { connect } from 'node:tls'` in src/transport/node/tls-transport.ts, deferred: node:tls
// (crypto and its bindings, about 3.5 ms of a Node 20 start) is loaded by the first TLS connection.
/* global process */
export const connect = (...args) => process.getBuiltinModule('node:tls').connect(...args);
