// `import { WebSocket } from 'ws'` in src/transport/node/node-websocket.ts, deferred: a constructor
// that requires ws when the first socket is made. ws is CommonJS and brings http, https, tls and
// zlib with it (about 15 ms of a Node 20 start), for a client that Node 22 and later need only
// when `nodeWebSocket` is asked for. Required from the bundle's own place, as the import was.
import { createRequire } from 'node:module';

/** ws's exports, once the first socket needed them. */
let ws;

/** Called with `new`, returns ws's own WebSocket (a constructor returning an object yields it). */
export function WebSocket(url, protocols) {
  ws ??= createRequire(import.meta.url)('ws');
  return new ws.WebSocket(url, protocols);
}
