import type { Frame } from './frame.js';
import {
  FRAME_MAX_LENGTH,
  FRAME_MIN_LENGTH,
  LENGTH_WORD_SIZE,
  NFDS_WORD_SIZE,
  NUM_FDS_MAX,
  formatHeader,
  hasFdCount,
  isMessageType,
} from './message-header.js';
import type { MessageHeader } from './message-header.js';
import { ProtocolError, ProtocolErrorReason } from './protocol-error.js';

/**
 * Splits a byte stream into libvirt RPC frames, whatever the chunk boundaries.
 *
 * A frame that lies wholly inside one chunk is handed out as views of that chunk, without a copy.
 * A frame spanning chunks is copied once, when its last byte arrives, into a buffer of exactly its
 * length. Until then the decoder only keeps views of the chunks it was given, so memory grows with
 * the bytes actually received, never with what a length word claims: it holds at most one frame's
 * declared length.
 *
 * The decoder takes ownership of the chunks pushed into it: frames are views of them, so the
 * caller must not modify a chunk afterwards (Node's socket chunks are fresh buffers, and a
 * `FrameReader`'s are read into again only once given back through `recycle`, so this holds).
 *
 * Any {@link ProtocolError} is fatal: once the byte stream is out of step nothing after it can be
 * trusted, so the decoder refuses all further input. Length words are checked as soon as their four
 * bytes arrive, before anything is buffered for the frame; the header is checked when the whole
 * frame is there (buffering is bounded by the valid length word either way).
 *
 * @example
 * const decoder = new FrameDecoder((frame) => console.log(frame.header.proc));
 * socket.on('data', (chunk) => decoder.push(chunk));
 * socket.on('end', () => decoder.end());
 */
export class FrameDecoder {
  /** Views of the chunks holding the start of an incomplete frame, in order. */
  private parts: Uint8Array[] = [];
  /** Bytes in `parts`. */
  private partsLength = 0;
  /** Length word of the incomplete frame; 0 while fewer than 4 of its bytes have arrived. */
  private pendingLength = 0;
  private closed = false;
  /** Why the decoder closed: the error it threw, or `undefined` after a clean {@link end}. */
  private failure: unknown = undefined;

  /** The largest length word accepted: the protocol's, or less (a relay's own limit). */
  private readonly maxLength: number;

  /**
   * @param maxLength refuse frames longer than this (length word included), checked on the length
   *   word; at most, and by default, the protocol's {@link FRAME_MAX_LENGTH}.
   */
  constructor(
    private readonly onFrame: (frame: Frame) => void,
    maxLength: number = FRAME_MAX_LENGTH,
  ) {
    this.maxLength = Math.min(maxLength, FRAME_MAX_LENGTH);
  }

  /** Bytes received that do not yet form a complete frame. */
  get bufferedBytes(): number {
    return this.partsLength;
  }

  /**
   * Decodes every frame the chunk completes and calls `onFrame` for each, in order.
   * Throws a {@link ProtocolError} on malformed input, and on any input after a failure.
   */
  push(chunk: Uint8Array): void {
    if (this.closed) {
      throw new ProtocolError(
        ProtocolErrorReason.DecoderClosed,
        this.failure === undefined ? 'the frame decoder has ended' : 'the frame decoder refuses input after a failure',
        { cause: this.failure },
      );
    }
    try {
      this.consume(chunk);
    } catch (error) {
      // Also when `onFrame` throws: the rest of the chunk is lost, so later bytes would be out of step.
      this.close(error);
      throw error;
    }
  }

  /**
   * Signals the end of the input: throws a {@link ProtocolError} if it stopped inside a frame.
   * The decoder refuses input afterwards.
   */
  end(): void {
    if (this.closed) return;
    if (this.partsLength === 0) {
      this.close(undefined);
      return;
    }
    const length = this.pendingLength === 0 ? undefined : this.pendingLength;
    const error = new ProtocolError(
      ProtocolErrorReason.TruncatedFrame,
      `input ended ${this.partsLength} bytes into a frame${length === undefined ? '' : ` of ${length} bytes`}`,
      { length },
    );
    this.close(error);
    throw error;
  }

  private close(failure: unknown): void {
    this.closed = true;
    this.failure = failure;
    this.parts = [];
    this.partsLength = 0;
    this.pendingLength = 0;
  }

  private consume(chunk: Uint8Array): void {
    let offset = this.partsLength > 0 ? this.completePending(chunk) : 0;
    const end = chunk.length;
    while (end - offset >= LENGTH_WORD_SIZE) {
      const length = checkLength(readUint32(chunk, offset), this.maxLength);
      if (end - offset < length) break;
      const frame = decodeFrame(chunk, offset, length);
      offset += length;
      this.onFrame(frame);
    }
    if (offset < end) {
      this.parts.push(offset === 0 ? chunk : chunk.subarray(offset));
      this.partsLength = end - offset;
      // With 4 bytes or more the loop above has already checked this length word.
      this.pendingLength = end - offset >= LENGTH_WORD_SIZE ? readUint32(chunk, offset) : 0;
    }
  }

  /**
   * Feeds the start of `chunk` to the frame begun in earlier chunks. Returns the offset in `chunk`
   * where the next frame starts, or `chunk.length` when the chunk was all used.
   */
  private completePending(chunk: Uint8Array): number {
    if (this.pendingLength === 0) {
      if (this.partsLength + chunk.length < LENGTH_WORD_SIZE) {
        this.keep(chunk);
        return chunk.length;
      }
      this.pendingLength = checkLength(this.readSplitLength(chunk), this.maxLength);
    }
    const missing = this.pendingLength - this.partsLength;
    if (chunk.length < missing) {
      this.keep(chunk);
      return chunk.length;
    }
    const bytes = new Uint8Array(this.pendingLength);
    let at = 0;
    for (const part of this.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    bytes.set(missing === chunk.length ? chunk : chunk.subarray(0, missing), at);
    this.parts = [];
    this.partsLength = 0;
    this.pendingLength = 0;
    this.onFrame(decodeFrame(bytes, 0, bytes.length));
    return missing;
  }

  private keep(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.parts.push(chunk);
    this.partsLength += chunk.length;
  }

  /** The length word when its first bytes are in `parts` (fewer than 4) and the rest start `chunk`. */
  private readSplitLength(chunk: Uint8Array): number {
    let length = 0;
    let read = 0;
    for (const part of this.parts) {
      for (let i = 0; i < part.length; i++, read++) length = length * 256 + part[i];
    }
    for (let i = 0; read < LENGTH_WORD_SIZE; i++, read++) length = length * 256 + chunk[i];
    return length;
  }
}

function checkLength(length: number, maxLength: number): number {
  if (length < FRAME_MIN_LENGTH || length > maxLength) {
    throw new ProtocolError(
      ProtocolErrorReason.BadLength,
      `frame length ${length} is outside ${FRAME_MIN_LENGTH}..${maxLength}`,
      { length },
    );
  }
  return length;
}

/** Decodes the frame of `length` bytes (length word included) at `bytes[start]`. */
function decodeFrame(bytes: Uint8Array, start: number, length: number): Frame {
  const header: MessageHeader = {
    prog: readUint32(bytes, start + 4),
    vers: readUint32(bytes, start + 8),
    proc: readInt32(bytes, start + 12),
    type: readInt32(bytes, start + 16),
    serial: readUint32(bytes, start + 20),
    status: readInt32(bytes, start + 24),
  };
  if (!isMessageType(header.type)) {
    throw new ProtocolError(ProtocolErrorReason.BadType, `unknown message type ${header.type} (${formatHeader(header)})`, {
      length,
      header,
    });
  }
  let payloadStart = start + FRAME_MIN_LENGTH;
  let nfds = 0;
  if (hasFdCount(header.type)) {
    if (length < FRAME_MIN_LENGTH + NFDS_WORD_SIZE) {
      throw new ProtocolError(ProtocolErrorReason.BadFdCount, `frame too short for its fd count (${formatHeader(header)})`, {
        length,
        header,
      });
    }
    nfds = readUint32(bytes, payloadStart);
    if (nfds > NUM_FDS_MAX) {
      throw new ProtocolError(
        ProtocolErrorReason.BadFdCount,
        `fd count ${nfds} exceeds ${NUM_FDS_MAX} (${formatHeader(header)})`,
        { length, header },
      );
    }
    payloadStart += NFDS_WORD_SIZE;
  }
  return { header, nfds, payload: bytes.subarray(payloadStart, start + length) };
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

function readInt32(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
}
