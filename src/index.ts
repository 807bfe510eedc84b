/**
 * rxvirt: a pure-TypeScript, RxJS-native client for libvirt's remote RPC protocol.
 * The Node entry: the portable API (./browser.js) plus the transports Node can open (unix, tcp,
 * tls, ssh, ext, and `ws`'s WebSocket client for Node 20) and the file adapters. Its declarations need
 * no @types/node: the adapters that name Node's stream types are in ./node-streams.js.
 *
 * @module
 */
export * from './browser.js';
export { connect, connectAdmin, connectWebSocket, type ConnectOptions } from './connect.js';
export { connectReconnecting, type ReconnectingConnectOptions } from './connect-reconnecting.js';
export { nodeWebSocket } from './transport/node/node-websocket.js';
export { writeToFile, type WriteToFileOptions, type WrittenFile } from './streams/node/write-to-file.js';
export { readFileChunks, DEFAULT_READ_CHUNK_SIZE, DEFAULT_BLOCKING_READ_CHUNK_SIZE, type ReadFileChunksOptions } from './streams/node/read-file-chunks.js';
