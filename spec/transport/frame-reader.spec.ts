import { encodeFrame, encodeStreamData, type StreamId } from '../../src/protocol/frame-encoder.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import type { Frame } from '../../src/protocol/frame.js';
import { MessageStatus, MessageType } from '../../src/protocol/message-header.js';
import { ProtocolError } from '../../src/protocol/protocol-error.js';
import { concat } from '../protocol/fixtures.js';
import { FRAME_READER_SCRATCH_SIZE, FrameReader, OWN_BUFFER_MAX } from '../../src/transport/node/frame-reader.js';

const STREAM: StreamId = { prog: 0x2000_8086, vers: 1, proc: 209, serial: 9 };
const DATA_FRAME = 262_144;

/** A stream data frame of `length` bytes whose payload is filled with `fill`. */
function dataFrame(length: number, fill: number): Uint8Array {
  return encodeStreamData(STREAM, new Uint8Array(length - 28).fill(fill));
}

/** A small REPLY frame with `payload` bytes of payload. */
function reply(payload: number): Uint8Array {
  return encodeFrame(
    { prog: 0x2000_8086, vers: 1, proc: 1, type: MessageType.REPLY, serial: 1, status: MessageStatus.OK },
    (writer) => writer.writeRaw(new Uint8Array(payload).fill(0xab)),
  );
}

/** Byte equality without jest's element-by-element diff (slow on large arrays). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

/**
 * Plays the socket: each read copies up to `readSize(i)` bytes of `wire` into the buffer the
 * reader offers, as libuv does. Returns what the reader emitted, with a snapshot of each chunk
 * taken when it was emitted.
 */
function feed(reader: FrameReader, wire: Uint8Array, readSize: (read: number) => number): Array<{ chunk: Uint8Array; copy: Uint8Array }> {
  const emitted: Array<{ chunk: Uint8Array; copy: Uint8Array }> = [];
  reader.attach({ next: (chunk) => emitted.push({ chunk, copy: chunk.slice() }) });
  const { buffer, callback } = reader.onread as { buffer: () => Uint8Array; callback: (n: number, buf: Uint8Array) => boolean };
  let target = buffer();
  let paused = false;
  for (let at = 0, read = 0; at < wire.length; read++) {
    const n = Math.min(target.length, readSize(read), wire.length - at);
    target.set(wire.subarray(at, at + n));
    at += n;
    if (!callback(n, target)) paused = true;
    target = buffer();
  }
  // Pausing is the transport's business: the reader never asks for it.
  expect(paused).toBe(false);
  return emitted;
}

describe('FrameReader', () => {
  const frames = [reply(10), dataFrame(DATA_FRAME, 1), reply(100), reply(3000), dataFrame(DATA_FRAME, 2), dataFrame(70_000, 3), reply(0)];
  const wire = concat(...frames);

  it.each([
    ['1 byte', () => 1],
    ['3 bytes', () => 3],
    ['7 bytes', () => 7],
    ['64 KiB', () => 65_536],
    ['whatever is offered', () => Infinity],
    ['uneven', (read: number) => [5, 100_000, 3, 17_000, 250_000][read % 5]],
  ])('hands out whole frames only, in order, whatever the reads (%s)', (_name, readSize) => {
    const emitted = feed(new FrameReader(), wire, readSize);
    expect(same(concat(...emitted.map((e) => e.copy)), wire)).toBe(true);
    const decoder = new FrameDecoder(() => undefined);
    for (const { chunk } of emitted) {
      decoder.push(chunk);
      // Every chunk ends on a frame boundary: the decoder never has to copy frames together.
      expect(decoder.bufferedBytes).toBe(0);
    }
    // Large frames come in memory of exactly their own length.
    const large = emitted.filter((e) => e.chunk.length > FRAME_READER_SCRATCH_SIZE);
    expect(large.map((e) => e.chunk.length)).toEqual([DATA_FRAME, DATA_FRAME, 70_000]);
    for (const { chunk } of large) expect(chunk.buffer.byteLength).toBe(chunk.length);
    // The scratch is reused, never handed out: what was emitted did not change afterwards.
    expect(emitted.every(({ chunk, copy }) => same(chunk, copy))).toBe(true);
  });

  it('shares its scratch between readers, yet hands out frames no other reader\'s reads touch', () => {
    // Two connections' reads interleaved, in odd sizes, so that small frames straddle reads on
    // both while the other reads into the shared scratch.
    const readers = [new FrameReader(), new FrameReader()];
    const wires = [wire, concat(reply(5), reply(4000), dataFrame(DATA_FRAME, 7), reply(20_000), reply(1))];
    const emitted = readers.map((reader): Array<{ chunk: Uint8Array; copy: Uint8Array }> => {
      const chunks: Array<{ chunk: Uint8Array; copy: Uint8Array }> = [];
      reader.attach({ next: (chunk) => chunks.push({ chunk, copy: chunk.slice() }) });
      return chunks;
    });
    const sides = readers.map((reader, i) => {
      const { buffer, callback } = reader.onread as { buffer: () => Uint8Array; callback: (n: number, buf: Uint8Array) => boolean };
      return { wire: wires[i], at: 0, buffer, callback };
    });
    const readSizes = [1_000, 7, 13_000, 3, 40_000];
    for (let read = 0; sides.some((side) => side.at < side.wire.length); read++) {
      const side = sides[read % 2];
      if (side.at >= side.wire.length) continue;
      const target = side.buffer();
      const n = Math.min(target.length, readSizes[read % readSizes.length], side.wire.length - side.at);
      target.set(side.wire.subarray(side.at, side.at + n));
      side.at += n;
      side.callback(n, target);
    }
    emitted.forEach((chunks, i) => {
      // Every frame, in order, and no chunk changed by the reads that came after it.
      expect(same(concat(...chunks.map((e) => e.chunk)), wires[i])).toBe(true);
      expect(chunks.every(({ chunk, copy }) => same(chunk, copy))).toBe(true);
    });
  });

  it('reads a recycled frame buffer again only once it was given back, and ignores other memory', () => {
    const reader = new FrameReader();
    const first = feed(reader, dataFrame(DATA_FRAME, 1), () => Infinity);
    const kept = feed(reader, dataFrame(DATA_FRAME, 2), () => Infinity);
    // Not given back: the next frame gets fresh memory, and `kept` stays intact.
    reader.recycle(new Uint8Array(DATA_FRAME));
    reader.recycle(first[0].chunk.subarray(28));
    reader.recycle(first[0].chunk.subarray(28)); // twice: ignored
    const third = feed(reader, dataFrame(DATA_FRAME, 3), () => 50_000);
    expect(third[0].chunk.buffer).toBe(first[0].chunk.buffer);
    const fourth = feed(reader, dataFrame(DATA_FRAME, 4), () => 50_000);
    expect(fourth[0].chunk.buffer).not.toBe(first[0].chunk.buffer);
    expect(fourth[0].chunk.buffer).not.toBe(kept[0].chunk.buffer);
    expect(same(kept[0].chunk, kept[0].copy)).toBe(true);
    expect(same(third[0].chunk, third[0].copy)).toBe(true);
    // A small frame is a copy out of the scratch: recycling it changes nothing.
    const small = feed(reader, reply(10), () => Infinity);
    reader.recycle(small[0].chunk);
    expect(feed(reader, dataFrame(DATA_FRAME, 5), () => Infinity)[0].chunk.buffer).not.toBe(small[0].chunk.buffer);
  });

  it('passes a frame longer than OWN_BUFFER_MAX through in pieces, for the decoder to put together', () => {
    const huge = reply(OWN_BUFFER_MAX + 10);
    const input = concat(huge, reply(5), dataFrame(DATA_FRAME, 6));
    const emitted = feed(new FrameReader(), input, () => 100_000);
    expect(Math.max(...emitted.slice(0, -1).map((e) => e.chunk.length))).toBeLessThanOrEqual(FRAME_READER_SCRATCH_SIZE);
    const decoded: Frame[] = [];
    const decoder = new FrameDecoder((frame) => decoded.push(frame));
    for (const { chunk } of emitted) decoder.push(chunk);
    expect(decoded.map((frame) => frame.payload.length)).toEqual([OWN_BUFFER_MAX + 10, 5, DATA_FRAME - 28]);
    // Framing resumed after it: the data frame has its own buffer again.
    expect(emitted.at(-1)?.chunk.length).toBe(DATA_FRAME);
  });

  it('hands on bytes after a length word out of bounds as they come, for the decoder to reject', () => {
    const bad = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1, 2, 3);
    const emitted = feed(new FrameReader(), concat(reply(1), bad), () => 5);
    expect(same(concat(...emitted.map((e) => e.copy)), concat(reply(1), bad))).toBe(true);
    const decoder = new FrameDecoder(() => undefined);
    expect(() => {
      for (const { chunk } of emitted) decoder.push(chunk);
    }).toThrow(ProtocolError);
  });
});
