import { XdrWriter } from '../xdr/writer.js';
import {
  FRAME_MAX_LENGTH,
  FRAME_MIN_LENGTH,
  KeepaliveProcedure,
  MessageStatus,
  MessageType,
  NFDS_WORD_SIZE,
  NUM_FDS_MAX,
  PROGRAM_VERSION,
  Program,
  formatHeader,
  hasFdCount,
  isMessageType,
} from './message-header.js';
import type { MessageHeader } from './message-header.js';
import type { XdrEncoder } from './procedure.js';
import { ProtocolError, ProtocolErrorReason } from './protocol-error.js';
import { writeStreamHole } from './stream-hole.js';
import type { StreamHole } from './stream-hole.js';

/**
 * What identifies a stream on the wire: the program, version, procedure and serial of the CALL
 * that opened it. Every STREAM and STREAM_HOLE frame of the stream repeats them.
 */
export type StreamId = Pick<MessageHeader, 'prog' | 'vers' | 'proc' | 'serial'>;

/**
 * Encodes one frame: length word, header, the fd count for `*_WITH_FDS` types, then whatever
 * `writePayload` writes. Works for either side (a client's CALL, a server's REPLY or MESSAGE, ...).
 *
 * Throws a {@link ProtocolError} for a frame libvirt would reject (unknown type, fd count out of
 * range or given for a type without one, longer than {@link FRAME_MAX_LENGTH}) and an `XdrError`
 * for a header field out of its integer range, so that nothing malformed is ever sent.
 *
 * @param nfds file descriptors sent after the frame; only for CALL_WITH_FDS and REPLY_WITH_FDS.
 */
export function encodeFrame(header: MessageHeader, writePayload?: (writer: XdrWriter) => void, nfds = 0): Uint8Array {
  // Without a payload the frame's size is known: allocate just that.
  const writer = new XdrWriter(writePayload === undefined ? FRAME_MIN_LENGTH + NFDS_WORD_SIZE : undefined);
  writeFrameStart(writer, header, nfds);
  writePayload?.(writer);
  return finishFrame(writer, header);
}

/**
 * {@link encodeFrame} with `encode(writer, value)` as the payload: a call's arguments, encoded
 * without a closure per call.
 */
export function encodeFrameOf<T>(header: MessageHeader, encode: XdrEncoder<T>, value: T): Uint8Array {
  const writer = new XdrWriter();
  writeFrameStart(writer, header, 0);
  encode(writer, value);
  return finishFrame(writer, header);
}

/**
 * Encodes a frame whose payload is already bytes, such as stream data (which travels raw, without
 * an XDR length). One allocation of exactly the frame's size, one copy of the payload.
 */
export function encodeRawFrame(header: MessageHeader, payload: Uint8Array, nfds = 0): Uint8Array {
  const length = FRAME_MIN_LENGTH + (hasFdCount(header.type) ? NFDS_WORD_SIZE : 0) + payload.length;
  if (length > FRAME_MAX_LENGTH) throw frameTooLarge(header, length);
  const writer = new XdrWriter(length);
  writeFrameStart(writer, header, nfds);
  writer.writeRaw(payload);
  return finishFrame(writer, header);
}

/** A KEEPALIVE program MESSAGE: serial 0, status OK, no payload. */
export function encodeKeepalive(proc: KeepaliveProcedure): Uint8Array {
  return encodeFrame({
    prog: Program.KEEPALIVE,
    vers: PROGRAM_VERSION,
    proc,
    type: MessageType.MESSAGE,
    serial: 0,
    status: MessageStatus.OK,
  });
}

/** Keepalive PING (either side may send it; the peer answers with PONG). */
export function encodeKeepalivePing(): Uint8Array {
  return encodeKeepalive(KeepaliveProcedure.PING);
}

/** Keepalive PONG, the answer to a PING. */
export function encodeKeepalivePong(): Uint8Array {
  return encodeKeepalive(KeepaliveProcedure.PONG);
}

/** STREAM/CONTINUE with raw data, in either direction. */
export function encodeStreamData(stream: StreamId, data: Uint8Array): Uint8Array {
  return encodeRawFrame(streamHeader(stream, MessageType.STREAM, MessageStatus.CONTINUE), data);
}

/**
 * STREAM/CONTINUE with raw data, as two parts to be written one after the other: the 28-byte
 * header (length word included) and `data` itself, not copied. For a transport that writes
 * several arrays at once (`writev`): an upload then never copies its data. `data` must stay
 * unchanged until the parts have been written.
 */
export function encodeStreamDataParts(stream: StreamId, data: Uint8Array): [header: Uint8Array, data: Uint8Array] {
  const header = streamHeader(stream, MessageType.STREAM, MessageStatus.CONTINUE);
  const length = FRAME_MIN_LENGTH + data.length;
  if (length > FRAME_MAX_LENGTH) throw frameTooLarge(header, length);
  const writer = new XdrWriter(FRAME_MIN_LENGTH);
  writeFrameStart(writer, header, 0);
  writer.patchUint(0, length);
  return [writer.finish(), data];
}

/** Empty STREAM/CONTINUE: end of the data (the server's EOF on a stream the client reads). */
export function encodeStreamEof(stream: StreamId): Uint8Array {
  return encodeFrame(streamHeader(stream, MessageType.STREAM, MessageStatus.CONTINUE));
}

/** Empty STREAM/OK: the client finishes the stream; the server confirms a finish or an abort with it. */
export function encodeStreamFinish(stream: StreamId): Uint8Array {
  return encodeFrame(streamHeader(stream, MessageType.STREAM, MessageStatus.OK));
}

/** Empty STREAM/ERROR: the client aborts the stream. (A server's STREAM/ERROR carries a `remote_error`: use {@link encodeFrame}.) */
export function encodeStreamAbort(stream: StreamId): Uint8Array {
  return encodeFrame(streamHeader(stream, MessageType.STREAM, MessageStatus.ERROR));
}

/** STREAM_HOLE/CONTINUE: a hole in a sparse stream. Only for streams opened with their sparse flag. */
export function encodeStreamHole(stream: StreamId, hole: StreamHole): Uint8Array {
  return encodeFrame(streamHeader(stream, MessageType.STREAM_HOLE, MessageStatus.CONTINUE), (writer) =>
    writeStreamHole(writer, hole),
  );
}

function streamHeader(stream: StreamId, type: MessageType, status: MessageStatus): MessageHeader {
  return { prog: stream.prog, vers: stream.vers, proc: stream.proc, type, serial: stream.serial, status };
}

/** Writes the length placeholder, the header and, for `*_WITH_FDS` types, the fd count. */
function writeFrameStart(writer: XdrWriter, header: MessageHeader, nfds: number): void {
  if (!isMessageType(header.type)) {
    throw new ProtocolError(ProtocolErrorReason.BadType, `cannot encode message type ${header.type}`, { header });
  }
  const withFds = hasFdCount(header.type);
  if (!Number.isInteger(nfds) || nfds < 0 || nfds > NUM_FDS_MAX || (nfds > 0 && !withFds)) {
    throw new ProtocolError(
      ProtocolErrorReason.BadFdCount,
      withFds
        ? `fd count must be an integer in 0..${NUM_FDS_MAX}, got ${nfds}`
        : `message type ${header.type} carries no file descriptors, got ${nfds}`,
      { header },
    );
  }
  writer.writeUint(0);
  writer.writeUint(header.prog);
  writer.writeUint(header.vers);
  writer.writeInt(header.proc);
  writer.writeInt(header.type);
  writer.writeUint(header.serial);
  writer.writeInt(header.status);
  if (withFds) writer.writeUint(nfds);
}

function finishFrame(writer: XdrWriter, header: MessageHeader): Uint8Array {
  const length = writer.length;
  if (length > FRAME_MAX_LENGTH) throw frameTooLarge(header, length);
  writer.patchUint(0, length);
  return writer.finish();
}

function frameTooLarge(header: MessageHeader, length: number): ProtocolError {
  return new ProtocolError(
    ProtocolErrorReason.FrameTooLarge,
    `frame of ${length} bytes exceeds ${FRAME_MAX_LENGTH} (${formatHeader(header)})`,
    { length, header },
  );
}
