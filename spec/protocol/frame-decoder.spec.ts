import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import type { Frame } from '../../src/protocol/frame.js';
import { FRAME_MAX_LENGTH, FRAME_MIN_LENGTH, hasFdCount } from '../../src/protocol/message-header.js';
import { ProtocolError, ProtocolErrorReason } from '../../src/protocol/protocol-error.js';
import {
  AUTH_LIST_REPLY,
  CALL_WITH_FDS,
  FIXTURES,
  LIFECYCLE_EVENT,
  PING,
  STREAM_DATA,
  STREAM_HOLE,
  concat,
  expected,
  hex,
  plain,
} from './fixtures.js';

/** Feeds the chunks to a fresh decoder and returns the frames it produced. */
function decode(...chunks: Uint8Array[]): Frame[] {
  const frames: Frame[] = [];
  const decoder = new FrameDecoder((frame) => frames.push(frame));
  for (const chunk of chunks) decoder.push(chunk);
  expect(decoder.bufferedBytes).toBe(0);
  return frames;
}

function header(length: number, type = 1, tail = ''): Uint8Array {
  const word = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
  return hex(`${word(length)} 20008086 00000001 00000042 ${word(type)} 00000007 00000000 ${tail}`);
}

function protocolError(run: () => void): ProtocolError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('FrameDecoder', () => {
  describe.each(FIXTURES.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    it('decodes from one chunk', () => {
      expect(decode(fixture.bytes).map(plain)).toEqual([expected(fixture)]);
    });

    it('decodes identically when split in two at every byte boundary', () => {
      for (let at = 0; at <= fixture.bytes.length; at++) {
        const frames = decode(fixture.bytes.subarray(0, at), fixture.bytes.subarray(at));
        expect(frames.map(plain)).toEqual([expected(fixture)]);
      }
    });

    it('decodes identically when fed one byte at a time', () => {
      const bytes = Array.from(fixture.bytes, (_byte, i) => fixture.bytes.subarray(i, i + 1));
      expect(decode(...bytes).map(plain)).toEqual([expected(fixture)]);
    });
  });

  it('decodes every split in three of a stream of several frames', () => {
    const stream = concat(PING.bytes, STREAM_HOLE.bytes, STREAM_DATA.bytes);
    const want = JSON.stringify([PING, STREAM_HOLE, STREAM_DATA].map(expected));
    const failures: string[] = [];
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b++) {
        // Compared as text: a jest matcher per split would dominate the run time.
        const frames = decode(stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b));
        if (JSON.stringify(frames.map(plain)) !== want) failures.push(`${a}/${b}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('decodes all fixtures coalesced into one chunk, as views of that chunk', () => {
    const chunk = concat(...FIXTURES.map((fixture) => fixture.bytes));
    const frames = decode(chunk);
    expect(frames.map(plain)).toEqual(FIXTURES.map(expected));
    let offset = 0;
    frames.forEach((frame, i) => {
      expect(frame.payload.buffer).toBe(chunk.buffer);
      const headerBytes = hasFdCount(FIXTURES[i].header.type) ? 32 : 28;
      expect(frame.payload.byteOffset).toBe(offset + headerBytes);
      offset += FIXTURES[i].bytes.length;
    });
  });

  it('hands out a frame inside a chunk that starts at a non-zero byte offset as a view', () => {
    const backing = concat(hex('deadbeef'), AUTH_LIST_REPLY.bytes);
    const [frame] = decode(backing.subarray(4));
    expect(frame.payload.buffer).toBe(backing.buffer);
    expect(frame.payload.byteOffset).toBe(4 + 28);
  });

  it('decodes a frame followed by part of the next, then the rest', () => {
    const first = concat(AUTH_LIST_REPLY.bytes, LIFECYCLE_EVENT.bytes.subarray(0, 30));
    const rest = LIFECYCLE_EVENT.bytes.subarray(30);
    const frames: Frame[] = [];
    const decoder = new FrameDecoder((frame) => frames.push(frame));

    decoder.push(first);
    expect(frames.map(plain)).toEqual([expected(AUTH_LIST_REPLY)]);
    expect(decoder.bufferedBytes).toBe(30);

    decoder.push(rest);
    expect(frames.map(plain)).toEqual([expected(AUTH_LIST_REPLY), expected(LIFECYCLE_EVENT)]);
    expect(frames[0].payload.buffer).toBe(first.buffer);
    // The spanning frame was copied once, into a buffer of exactly its length.
    expect(frames[1].payload.buffer).not.toBe(first.buffer);
    expect(frames[1].payload.buffer.byteLength).toBe(LIFECYCLE_EVENT.bytes.length);
  });

  it('decodes a 300 KiB frame fed in many chunks, buffering no more than the frame', () => {
    const payload = new Uint8Array(300 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) & 0xff;
    const frameBytes = concat(header(FRAME_MIN_LENGTH + payload.length, 3), payload);
    const stream = concat(frameBytes, PING.bytes);
    const frames: Frame[] = [];
    const decoder = new FrameDecoder((frame) => frames.push(frame));
    for (let at = 0; at < stream.length; at += 4093) {
      decoder.push(stream.subarray(at, at + 4093));
      expect(decoder.bufferedBytes).toBeLessThan(frameBytes.length);
    }
    expect(frames).toHaveLength(2);
    expect(Buffer.compare(frames[0].payload, payload)).toBe(0);
    expect(frames[0].payload.buffer.byteLength).toBe(frameBytes.length);
    expect(plain(frames[1])).toEqual(expected(PING));
  });

  it('never modifies a buffer it has handed out', () => {
    const frames: Frame[] = [];
    const decoder = new FrameDecoder((frame) => frames.push(frame));
    decoder.push(STREAM_DATA.bytes.subarray(0, 10));
    decoder.push(STREAM_DATA.bytes.subarray(10));
    const copy = Array.from(frames[0].payload);
    decoder.push(concat(STREAM_HOLE.bytes.subarray(0, 20)));
    decoder.push(STREAM_HOLE.bytes.subarray(20));
    expect(Array.from(frames[0].payload)).toEqual(copy);
    expect(frames[1].payload.buffer).not.toBe(frames[0].payload.buffer);
  });

  it('ignores empty chunks', () => {
    expect(decode(new Uint8Array(0), PING.bytes.subarray(0, 2), new Uint8Array(0), PING.bytes.subarray(2)).map(plain)).toEqual([
      expected(PING),
    ]);
  });

  describe('length word', () => {
    it.each([
      ['27', 27],
      ['33554437', FRAME_MAX_LENGTH + 1],
      ['0', 0],
      ['4', 4],
      ['2^32 - 1', 0xffff_ffff],
    ])('rejects %s as soon as its four bytes arrive, buffering nothing', (_name, length) => {
      const decoder = new FrameDecoder(() => undefined);
      const error = protocolError(() => decoder.push(header(length).subarray(0, 4)));
      expect(error.reason).toBe(ProtocolErrorReason.BadLength);
      expect(error.length).toBe(length);
      expect(decoder.bufferedBytes).toBe(0);
    });

    it('takes a lower limit of its own (a relay\'s), checked on the length word alone', () => {
      const decoder = new FrameDecoder(() => undefined, 1024);
      decoder.push(header(1024).subarray(0, 4));
      expect(decoder.bufferedBytes).toBe(4);
      const limited = new FrameDecoder(() => undefined, 1024);
      const error = protocolError(() => limited.push(header(1025).subarray(0, 4)));
      expect(error).toMatchObject({ reason: ProtocolErrorReason.BadLength, length: 1025, message: 'frame length 1025 is outside 28..1024' });
      expect(limited.bufferedBytes).toBe(0);
    });

    it('never raises its limit above the protocol maximum', () => {
      const decoder = new FrameDecoder(() => undefined, FRAME_MAX_LENGTH * 2);
      expect(protocolError(() => decoder.push(header(FRAME_MAX_LENGTH + 1).subarray(0, 4))).reason).toBe(ProtocolErrorReason.BadLength);
    });

    it('rejects a bad length word split across chunks when its last byte arrives', () => {
      const decoder = new FrameDecoder(() => undefined);
      decoder.push(hex('ff'));
      decoder.push(hex('ff ff'));
      expect(decoder.bufferedBytes).toBe(3);
      const error = protocolError(() => decoder.push(hex('ff 20 00')));
      expect(error).toMatchObject({ reason: ProtocolErrorReason.BadLength, length: 0xffff_ffff });
      expect(decoder.bufferedBytes).toBe(0);
    });

    it('rejects a bad length word after a good frame in the same chunk', () => {
      const frames: Frame[] = [];
      const decoder = new FrameDecoder((frame) => frames.push(frame));
      const error = protocolError(() => decoder.push(concat(PING.bytes, hex('0000001b'))));
      expect(error.reason).toBe(ProtocolErrorReason.BadLength);
      expect(frames).toHaveLength(1);
    });

    it.each([
      ['28', FRAME_MIN_LENGTH],
      ['33554436', FRAME_MAX_LENGTH],
    ])('accepts %s', (_name, length) => {
      const decoder = new FrameDecoder(() => undefined);
      decoder.push(header(length).subarray(0, 4));
      expect(decoder.bufferedBytes).toBe(4);
    });

    it('decodes a header-only frame of 28 bytes with an empty payload', () => {
      const [frame] = decode(header(28));
      expect(frame.payload).toHaveLength(0);
    });

    it('decodes a real frame of the maximum length', () => {
      const frameBytes = new Uint8Array(FRAME_MAX_LENGTH);
      frameBytes.set(header(FRAME_MAX_LENGTH, 3));
      frameBytes[FRAME_MAX_LENGTH - 1] = 0xab;
      const half = FRAME_MAX_LENGTH >> 1;
      const [frame] = decode(frameBytes.subarray(0, half), frameBytes.subarray(half));
      expect(frame.payload.length).toBe(FRAME_MAX_LENGTH - FRAME_MIN_LENGTH);
      expect(frame.payload[frame.payload.length - 1]).toBe(0xab);
    });
  });

  describe('header', () => {
    it.each([7, -1, 0x7fff_ffff])('rejects message type %d with the header', (type) => {
      const decoder = new FrameDecoder(() => undefined);
      const error = protocolError(() => decoder.push(header(28, type)));
      expect(error.reason).toBe(ProtocolErrorReason.BadType);
      expect(error.header).toEqual({ prog: 0x2000_8086, vers: 1, proc: 66, type, serial: 7, status: 0 });
      expect(error.length).toBe(28);
    });

    it('rejects a bad type in a frame spanning chunks', () => {
      const bytes = header(28, 9);
      const decoder = new FrameDecoder(() => undefined);
      decoder.push(bytes.subarray(0, 17));
      expect(protocolError(() => decoder.push(bytes.subarray(17))).reason).toBe(ProtocolErrorReason.BadType);
    });

    it('accepts 32 file descriptors and rejects 33', () => {
      expect(decode(header(32, 5, '00000020'))[0].nfds).toBe(32);
      const error = protocolError(() => decode(header(32, 4, '00000021')));
      expect(error.reason).toBe(ProtocolErrorReason.BadFdCount);
      expect(error.header?.type).toBe(4);
    });

    it('rejects a *_WITH_FDS frame too short to hold its fd count', () => {
      expect(protocolError(() => decode(header(28, 5))).reason).toBe(ProtocolErrorReason.BadFdCount);
    });

    it('reads the fd count of WITH_FDS frames only', () => {
      expect(decode(CALL_WITH_FDS.bytes)[0].nfds).toBe(1);
      expect(decode(header(32, 1, '00000099'))[0]).toMatchObject({ nfds: 0, payload: hex('00000099') });
    });
  });

  describe('after a failure', () => {
    it('refuses further input, citing the failure', () => {
      const decoder = new FrameDecoder(() => undefined);
      const failure = protocolError(() => decoder.push(hex('00000000')));
      const refusal = protocolError(() => decoder.push(PING.bytes));
      expect(refusal.reason).toBe(ProtocolErrorReason.DecoderClosed);
      expect(refusal.cause).toBe(failure);
    });

    it('refuses further input when the frame callback threw', () => {
      const decoder = new FrameDecoder(() => {
        throw new Error('consumer bug');
      });
      expect(() => decoder.push(concat(PING.bytes, PING.bytes))).toThrow('consumer bug');
      expect(protocolError(() => decoder.push(PING.bytes)).reason).toBe(ProtocolErrorReason.DecoderClosed);
    });
  });

  describe('end()', () => {
    it('accepts an end between frames, then refuses input', () => {
      const decoder = new FrameDecoder(() => undefined);
      decoder.push(PING.bytes);
      decoder.end();
      expect(protocolError(() => decoder.push(PING.bytes)).reason).toBe(ProtocolErrorReason.DecoderClosed);
    });

    it('reports input that ends inside a frame', () => {
      const decoder = new FrameDecoder(() => undefined);
      decoder.push(AUTH_LIST_REPLY.bytes.subarray(0, 10));
      const error = protocolError(() => decoder.end());
      expect(error).toMatchObject({ reason: ProtocolErrorReason.TruncatedFrame, length: 36 });
      expect(decoder.bufferedBytes).toBe(0);
    });

    it('reports input that ends inside a length word', () => {
      const decoder = new FrameDecoder(() => undefined);
      decoder.push(hex('0000'));
      expect(protocolError(() => decoder.end())).toMatchObject({ reason: ProtocolErrorReason.TruncatedFrame, length: undefined });
    });
  });
});
