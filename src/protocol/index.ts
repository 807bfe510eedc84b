export {
  FRAME_MAX_LENGTH,
  FRAME_MIN_LENGTH,
  HEADER_SIZE,
  KeepaliveProcedure,
  LENGTH_WORD_SIZE,
  MESSAGE_MAX,
  MessageStatus,
  MessageType,
  NFDS_WORD_SIZE,
  NUM_FDS_MAX,
  PROGRAM_VERSION,
  Program,
  STREAM_CHUNK_MAX,
  formatHeader,
  hasFdCount,
  isMessageType,
} from './message-header.js';
export type { MessageHeader } from './message-header.js';
export { ProtocolError, ProtocolErrorReason } from './protocol-error.js';
export type { ProtocolErrorDetails } from './protocol-error.js';
export { payloadReader } from './frame.js';
export type { Frame } from './frame.js';
export { decodeStreamHole, writeStreamHole } from './stream-hole.js';
export type { StreamHole } from './stream-hole.js';
export { FrameDecoder } from './frame-decoder.js';
export { decodeFrames } from './decode-frames.js';
export {
  encodeFrame,
  encodeKeepalive,
  encodeKeepalivePing,
  encodeKeepalivePong,
  encodeRawFrame,
  encodeStreamAbort,
  encodeStreamData,
  encodeStreamEof,
  encodeStreamFinish,
  encodeStreamHole,
} from './frame-encoder.js';
export type { StreamId } from './frame-encoder.js';
export { FrameRouter } from './frame-router.js';
export type { FrameRouterOptions, FrameRouterRole } from './frame-router.js';
