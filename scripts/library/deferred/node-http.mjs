// `import { STATUS_CODES } from 'node:http'` in src/transport/node/node-websocket.ts, deferred:
// node:http (about 1 ms of a Node 20 start) is loaded when a refused WebSocket upgrade is described,
// by which time ws has loaded it. That code only reads `STATUS_CODES[status]`.
/* global process */
export const STATUS_CODES = new Proxy(
  {},
  {
    get: (_, status) => process.getBuiltinModule('node:http').STATUS_CODES[status],
  },
);
