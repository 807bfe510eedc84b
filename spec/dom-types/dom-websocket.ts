// The browser's own WebSocket, injected as the doc comments show, type-checks as is.
import { connectWebSocket, openWebSocketTransport, type WebSocketFactory, type WebSocketLike } from '../../src/browser.js';

export const factory: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols);
export const socket: WebSocketLike = new WebSocket('ws://127.0.0.1:1');
export const connection = connectWebSocket('ws://127.0.0.1:1', { webSocket: (url, protocols) => new WebSocket(url, protocols), uri: 'test:///default' });
export const transport = openWebSocketTransport('ws://127.0.0.1:1', { webSocket: factory });
