import { STATUS_CODES } from 'node:http';
import { WebSocket } from 'ws';
import type { WebSocketEventMap, WebSocketFactory, WebSocketLike } from '../websocket-transport.js';

type Listener<K extends keyof WebSocketEventMap> = (event: WebSocketEventMap[K]) => void;

/**
 * A WebSocket for Node: the `ws` package's client, in the standard API's shape. Node 20 has no
 * global WebSocket without a flag; on later lines `connectWebSocket` uses the global one unless
 * this factory is passed as `webSocket`, which keeps the cause of a failed open: the socket's own
 * error (`ECONNREFUSED`...), `HTTP_403` when the relay refuses the upgrade, a `SyntaxError` (then
 * `EINVAL`) for a URL that is not `ws:` or `wss:`. Typed as a factory only, so that rxvirt's
 * declarations do not need `ws`'s.
 */
export const nodeWebSocket: WebSocketFactory = (url, protocols) => {
  const scheme = new URL(url).protocol;
  if (scheme !== 'ws:' && scheme !== 'wss:') throw new SyntaxError(`not a WebSocket URL: ${url}`);
  const socket = new WebSocket(url, protocols);
  // Error listeners get ws's Error itself, with a code, rather than an ErrorEvent around it.
  const errorListeners = new Map<Listener<'error'>, (error: Error) => void>();
  return {
    get binaryType() {
      return socket.binaryType;
    },
    set binaryType(type: string) {
      socket.binaryType = type as WebSocket['binaryType'];
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    addEventListener<K extends keyof WebSocketEventMap>(type: K, listener: Listener<K>): void {
      if (type === 'error') {
        const onError = (error: Error): void => (listener as Listener<'error'>)(withCode(error));
        errorListeners.set(listener as Listener<'error'>, onError);
        socket.on('error', onError);
      } else {
        socket.addEventListener(type, listener as Parameters<WebSocket['addEventListener']>[1]);
      }
    },
    removeEventListener<K extends keyof WebSocketEventMap>(type: K, listener: Listener<K>): void {
      if (type === 'error') {
        const onError = errorListeners.get(listener as Listener<'error'>);
        if (onError !== undefined) socket.off('error', onError);
        errorListeners.delete(listener as Listener<'error'>);
      } else {
        socket.removeEventListener(type, listener as Parameters<WebSocket['removeEventListener']>[1]);
      }
    },
  } satisfies WebSocketLike;
};

/** ws reports a refused upgrade as "Unexpected server response: 403": say `403 Forbidden`, with the code `HTTP_403`. */
function withCode(error: Error): Error {
  if ((error as { code?: unknown }).code !== undefined) return error;
  const status = /Unexpected server response: (\d{3})/.exec(error.message)?.[1];
  if (status === undefined) return error;
  return Object.assign(new Error(`WebSocket upgrade refused: ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd(), { cause: error }), { code: `HTTP_${status}` });
}
