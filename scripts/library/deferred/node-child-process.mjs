// `import { spawn } from 'node:child_process'` in src/transport/node/command-transport.ts,
// deferred: loaded by the first ssh or ext transport's command.
/* global process */
export const spawn = (...args) => process.getBuiltinModule('node:child_process').spawn(...args);
