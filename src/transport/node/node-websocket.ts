import { WebSocket } from 'ws';
import type { WebSocketFactory, WebSocketLike } from '../websocket-transport.js';

/**
 * A WebSocket for Node 20, which has no global one without a flag: the `ws` package's client,
 * which has the standard API's shape (`binaryType`, `bufferedAmount`, `onmessage`...). Node 22
 * and later use their global WebSocket instead (see `connectWebSocket`). Typed as a factory only,
 * so that rxvirt's declarations do not need `ws`'s.
 */
export const nodeWebSocket: WebSocketFactory = (url, protocols) =>
  // ws's event handlers take its own event classes, which carry the fields WebSocketLike reads.
  new WebSocket(url, protocols) as unknown as WebSocketLike;
