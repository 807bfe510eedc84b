import type { OnReadOpts } from 'node:net';
import { FRAME_MAX_LENGTH, FRAME_MIN_LENGTH, LENGTH_WORD_SIZE } from '../../protocol/message-header.js';

/** Where a reader's chunks go: the transport's subscriber. */
export interface ChunkSink {
  next(chunk: Uint8Array): void;
}

/** Where small frames and the first bytes of every frame are read: reused, never handed out. */
export const FRAME_READER_SCRATCH_SIZE = 16 * 1024;

/**
 * The scratch every reader reads into while it holds no partial frame. Sharing it is safe: a
 * read fills it and its callback runs at once, on this one thread, and whatever the callback
 * keeps it copies out (whole frames to the sink, the start of a frame to the reader's own
 * scratch) before any other socket's read can land here. A thousand idle connections then
 * hold no scratch at all.
 */
const SHARED_SCRATCH = new Uint8Array(FRAME_READER_SCRATCH_SIZE);

/**
 * The longest frame read into a buffer of its own, allocated when its length word arrives. Longer
 * ones (large replies; stream frames are at most 262144 bytes) pass through in scratch-sized
 * pieces, so that a length word alone never makes the client allocate more than this.
 */
export const OWN_BUFFER_MAX = 1 << 20;

/** Frame buffers given back ({@link FrameReader.recycle}) kept for reuse. */
const POOL_SIZE = 8;

/**
 * Socket reads aligned to libvirt frames, through Node's `onread` option (`net.connect({ onread })`):
 * instead of a fresh 64 KiB buffer per read, whose frames the decoder must then copy together
 * when they span reads (a stream's 256 KiB data frames always do), each large frame is read
 * straight into a buffer of exactly its length, and handed out once complete.
 *
 * Reads start in a scratch buffer shared by all readers (`SHARED_SCRATCH`; a reader
 * holding the start of a small frame reads on in a scratch of its own until the frame is
 * complete). Whole frames found there are copied out (they are
 * small: at most {@link FRAME_READER_SCRATCH_SIZE} bytes together); a frame longer than the rest
 * of the scratch gets its own buffer, which takes the bytes already read and then the following
 * reads, sized to end where the frame ends. So every chunk handed to {@link attach}'s sink is one
 * or more whole frames in memory of their own, which no later read touches: the decoder hands
 * them out as views without copying, and a small frame never pins a large buffer.
 *
 * A frame longer than {@link OWN_BUFFER_MAX} passes through in copied pieces. A length word
 * outside the protocol's bounds switches to plain reads (copies of the scratch) for good, and the
 * decoder behind reports the broken frame.
 */
export class FrameReader {
  /** Pass to `net.connect` / `new net.Socket`. */
  readonly onread: OnReadOpts = {
    buffer: () => this.nextBuffer(),
    callback: (bytesRead: number) => {
      this.received(bytesRead);
      // Pausing is the transport's business (socket.pause()), not this reader's.
      return true;
    },
  };
  /**
   * This reader's own scratch, while it holds the start of a frame not yet complete (`kept`
   * bytes at its front): made when a small frame straddles reads, dropped once none does.
   */
  private own: Uint8Array | undefined;
  /** Bytes at the start of `own` that belong to a frame not yet complete. */
  private kept = 0;
  /** The large frame being read, and how much of it has arrived. */
  private frame: Uint8Array | undefined;
  private filled = 0;
  /** Bytes still to come of a frame longer than {@link OWN_BUFFER_MAX}, passed on as they arrive. */
  private passing = 0;
  /** A length word was out of bounds: no more framing, the decoder will fail the connection. */
  private unframed = false;
  private sink: ChunkSink | undefined;
  /** The memory of large frames handed out and not yet given back (made with the first one). */
  private handedOut: WeakSet<ArrayBufferLike> | undefined;
  /** Given back, ready for the next large frame of the same length. */
  private pool: Uint8Array[] | undefined;

  /** Chunks read from now on go to `sink`; with `undefined`, they are dropped. */
  attach(sink: ChunkSink | undefined): void {
    this.sink = sink;
  }

  /**
   * Takes back the memory of a large frame handed out by this reader, from any view of it, once
   * whoever consumed the frame is done with it (nothing may refer to it any more): the next frame
   * of the same length is read into it instead of fresh memory. Anything else is ignored, and so
   * is a second return of the same memory.
   */
  recycle(view: Uint8Array): void {
    const { buffer } = view;
    if (this.handedOut?.delete(buffer) !== true) return;
    const pool = (this.pool ??= []);
    if (pool.length >= POOL_SIZE) pool.shift();
    pool.push(Buffer.from(buffer));
  }

  /** Where the next read goes. */
  private nextBuffer(): Uint8Array {
    if (this.frame !== undefined) return this.frame.subarray(this.filled);
    return this.own === undefined ? SHARED_SCRATCH : this.own.subarray(this.kept);
  }

  private received(bytesRead: number): void {
    if (this.frame !== undefined) {
      this.filled += bytesRead;
      if (this.filled < this.frame.length) return;
      const frame = this.frame;
      this.frame = undefined;
      this.filled = 0;
      (this.handedOut ??= new WeakSet()).add(frame.buffer);
      this.emit(frame);
      return;
    }
    const end = this.kept + bytesRead;
    // The buffer nextBuffer gave this read.
    const scratch = this.own ?? SHARED_SCRATCH;
    // First the rest of a frame too large for a buffer of its own, if one is passing through.
    let at = Math.min(this.passing, end);
    this.passing -= at;
    if (!this.unframed) {
      while (end - at >= LENGTH_WORD_SIZE) {
        const length = readUint32(scratch, at);
        if (length < FRAME_MIN_LENGTH || length > FRAME_MAX_LENGTH) {
          this.unframed = true;
          break;
        }
        if (end - at < length) break;
        at += length;
      }
    }
    let rest = end - at;
    let frameLength = rest >= LENGTH_WORD_SIZE && !this.unframed ? readUint32(scratch, at) : 0;
    if (this.unframed || frameLength > OWN_BUFFER_MAX) {
      // Passed on in pieces, for the decoder to put together: memory follows the bytes received.
      if (!this.unframed) this.passing = frameLength - rest;
      at = end;
      rest = 0;
      frameLength = 0;
    }
    // Whole frames (and pieces passing through), copied out of the scratch together.
    if (at > 0) this.emit(scratch.slice(0, at));
    if (frameLength > scratch.length) {
      // A large frame: its own buffer from here on, the following reads ending with it.
      this.frame = this.allocate(frameLength);
      this.frame.set(scratch.subarray(at, end));
      this.filled = rest;
      this.kept = 0;
      this.own = undefined;
      return;
    }
    this.kept = rest;
    if (rest === 0) {
      this.own = undefined;
    } else if (this.own === undefined) {
      // The start of a small frame (or of a length word) leaves the shared scratch for this reader's own.
      this.own = new Uint8Array(FRAME_READER_SCRATCH_SIZE);
      this.own.set(scratch.subarray(at, end));
    } else if (at > 0) {
      // ... or moves to the front of this reader's own.
      this.own.copyWithin(0, at, end);
    }
  }

  /** A buffer of exactly `length` bytes that nothing else refers to: recycled, or fresh. */
  private allocate(length: number): Uint8Array {
    const index = this.pool?.findIndex((buffer) => buffer.length === length) ?? -1;
    if (index < 0) return Buffer.allocUnsafeSlow(length);
    return this.pool!.splice(index, 1)[0];
  }

  private emit(chunk: Uint8Array): void {
    this.sink?.next(chunk);
  }
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}
