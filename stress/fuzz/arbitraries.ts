// Input generators for the fuzz properties. Random bytes alone almost never get past a decoder's
// first length check, so payloads are built from XDR-shaped tokens: small integers (which are
// valid counts, booleans, union arms and optional markers), whole strings, hostile lengths near
// the protocol's limits and 2^32, and stray bytes that break the 4-byte alignment.
import fc from 'fast-check';
import { encodeRawFrame } from '../../src/protocol/frame-encoder.js';
import { FRAME_MAX_LENGTH, type MessageHeader, MessageType, NUM_FDS_MAX, hasFdCount } from '../../src/protocol/message-header.js';
import { PROGRAMS } from './codec-targets.js';

/** Lengths that sit on or just past a limit of libvirt's protocol, and the largest u32 values. */
export const HOSTILE_LENGTHS = [
  0xffff_ffff, 0xffff_fffc, 0x8000_0000, 0x7fff_ffff, 33_554_436, 33_554_433, 33_554_432, 4_194_305, 4_194_304, 262_145, 65_537, 16_385,
] as const;

function word(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value >>> 0);
  return bytes;
}

function xdrString(text: Uint8Array): Uint8Array {
  const padded = new Uint8Array(4 + ((text.length + 3) & ~3));
  padded.set(word(text.length), 0);
  padded.set(text, 4);
  return padded;
}

const token: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }).map(word) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }).map(word) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }).map(word) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_LENGTHS).map(word) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 12 }).map((bytes) => xdrString(bytes.map((b) => 0x20 + (b % 95)))) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 7 }) },
);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A payload made of XDR-shaped tokens (or, now and then, plain random bytes). */
export const xdrPayload: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.array(token, { maxLength: 64 }).map(concat) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
);

const program = fc.constantFrom(...PROGRAMS.map((info) => info.program));

/** A header a peer could send: known programs mostly, any type 0..6, any status and serial. */
export const header: fc.Arbitrary<MessageHeader> = fc.record({
  prog: fc.oneof({ weight: 5, arbitrary: program }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }) }),
  vers: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }) }),
  proc: fc.integer({ min: -1, max: 500 }),
  type: fc.integer({ min: MessageType.CALL, max: MessageType.STREAM_HOLE }),
  serial: fc.integer({ min: 0, max: 0xffff_ffff }),
  status: fc.integer({ min: 0, max: 2 }),
});

/** One valid encoded frame (fd count included for the `*_WITH_FDS` types) with its parts. */
export interface EncodedFrame {
  readonly header: MessageHeader;
  readonly nfds: number;
  readonly payload: Uint8Array;
  readonly bytes: Uint8Array;
}

export const validFrame: fc.Arbitrary<EncodedFrame> = fc
  .tuple(header, fc.integer({ min: 0, max: NUM_FDS_MAX }), xdrPayload)
  .map(([head, fds, payload]) => {
    const nfds = hasFdCount(head.type) ? fds : 0;
    return { header: head, nfds, payload, bytes: encodeRawFrame(head, payload, nfds) };
  });

/** Cut points that split `length` bytes into chunks, as a socket might deliver them. */
export function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

/** A damage done to a byte stream. */
export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly xor: number }
  | { readonly kind: 'word'; readonly at: number; readonly value: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('word' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(0, 27, 28, FRAME_MAX_LENGTH + 1, 7, ...HOSTILE_LENGTHS), fc.integer({ min: 0, max: 0xffff_ffff })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
);

/** A copy of `bytes` with `mutations` applied in order (positions wrap around the length). */
export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out: Uint8Array = bytes.slice();
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    switch (m.kind) {
      case 'flip':
        if (out.length > 0) out[at] ^= m.xor;
        break;
      case 'word':
        if (out.length >= 4) new DataView(out.buffer, out.byteOffset).setUint32(Math.min(at, out.length - 4), m.value >>> 0);
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'insert':
        out = concat([out.subarray(0, at), m.bytes, out.subarray(at)]);
        break;
    }
  }
  return out;
}

/** Valid frames, concatenated. */
export const frameStream: fc.Arbitrary<EncodedFrame[]> = fc.array(validFrame, { minLength: 1, maxLength: 6 });
