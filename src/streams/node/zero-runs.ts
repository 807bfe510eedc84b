import type { StreamChunk } from '../stream-item.js';

/** The block size below which zeros are sent as data: the usual file system block. */
export const DEFAULT_HOLE_BLOCK_SIZE = 4096;

/** A run of all-zero blocks, to be sent as (part of) a hole. */
export interface ZeroRun {
  readonly zeros: number;
}

/**
 * Splits `bytes` into runs of data and runs of all-zero blocks of `blockSize` (the last block may
 * be short): `{ data }` views of `bytes`, never copies, and `{ zeros }` lengths. Blocks are
 * compared with a block of zeros by `Buffer.compare` (a `memcmp`), and a chunk that is all
 * zeros, the common case inside a hole, takes a single comparison.
 */
export function* zeroRuns(bytes: Uint8Array, blockSize: number): Generator<StreamChunk | ZeroRun> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (isZero(buffer, 0, bytes.length)) {
    if (bytes.length > 0) yield { zeros: bytes.length };
    return;
  }
  let runStart = 0;
  let runIsZero = false;
  for (let at = 0; at < bytes.length; at += blockSize) {
    const blockIsZero = isZero(buffer, at, Math.min(at + blockSize, bytes.length));
    if (at > runStart && blockIsZero !== runIsZero) {
      yield run(bytes, runStart, at, runIsZero);
      runStart = at;
    }
    runIsZero = blockIsZero;
  }
  if (bytes.length > runStart) yield run(bytes, runStart, bytes.length, runIsZero);
}

function run(bytes: Uint8Array, start: number, end: number, zeros: boolean): StreamChunk | ZeroRun {
  return zeros ? { zeros: end - start } : { data: bytes.subarray(start, end) };
}

let zeroBuffer = Buffer.alloc(0);

/** Whether `buffer[start..end)` is all zeros; compared in pieces of at most 1 MiB of zeros. */
function isZero(buffer: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (zeroBuffer.length < length) zeroBuffer = Buffer.alloc(Math.min(Math.max(length, 64 * 1024), 1 << 20));
  for (let at = start; at < end; at += zeroBuffer.length) {
    const piece = Math.min(zeroBuffer.length, end - at);
    if (buffer.compare(zeroBuffer, 0, piece, at, at + piece) !== 0) return false;
  }
  return true;
}
