// The fuzz properties, shared by the bounded runs in the test suite (spec/fuzz/) and the long
// standalone run (`npm run fuzz`). Each returns a fast-check property; a failure is a thrown
// assertion with the case that broke it.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import type { Frame } from '../../src/protocol/frame.js';
import { FRAME_MAX_LENGTH } from '../../src/protocol/message-header.js';
import { ProtocolError, ProtocolErrorReason } from '../../src/protocol/protocol-error.js';
import { XdrReader } from '../../src/xdr/reader.js';
import { XdrWriter } from '../../src/xdr/writer.js';
import { XdrError } from '../../src/xdr/xdr-error.js';
import { chunked, concat, type EncodedFrame, frameStream, HOSTILE_LENGTHS, type Mutation, mutate, mutation, xdrPayload } from './arbitraries.js';
import type { CodecTarget } from './codec-targets.js';

/** Longest a single decode of a fuzz input (at most a few KiB) may take before it counts as a hang. */
export const DECODE_HANG_MS = 250;

/** Tallies of what the codec properties saw, for the report. */
export interface CodecTally {
  decoded: number;
  rejected: number;
  /** Targets with at least one input that decoded, so that its round trip was checked. */
  readonly roundTripped: Set<string>;
  slowestMs: number;
}

export function newTally(): CodecTally {
  return { decoded: 0, rejected: 0, roundTripped: new Set(), slowestMs: 0 };
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Decoding arbitrary bytes either yields a value or throws an `XdrError`, never anything else,
 * and in bounded time. A value that decodes re-encodes to bytes that decode to the same value and
 * re-encode to the same bytes (the canonical form: padding zeroed, text re-encoded as UTF-8).
 */
export function decodeProperty(target: CodecTarget, tally: CodecTally): fc.IPropertyWithHooks<[Uint8Array]> {
  return fc.property(xdrPayload, (bytes) => {
    const started = performance.now();
    let value: unknown;
    let consumed: number;
    try {
      const reader = new XdrReader(bytes);
      value = target.decode(reader);
      consumed = reader.offset;
    } catch (error) {
      if (!(error instanceof XdrError)) fail(`${target.name}: decode threw ${String(error)}, not an XdrError`);
      tally.rejected++;
      return;
    } finally {
      const took = performance.now() - started;
      tally.slowestMs = Math.max(tally.slowestMs, took);
      if (took > DECODE_HANG_MS) fail(`${target.name}: decoding ${bytes.length} bytes took ${took.toFixed(0)} ms`);
    }
    tally.decoded++;
    tally.roundTripped.add(target.name);
    if (consumed > bytes.length) fail(`${target.name}: consumed ${consumed} of ${bytes.length} bytes`);
    const encoded = encode(target, value);
    const reader = new XdrReader(encoded);
    const again = target.decode(reader);
    reader.expectEnd();
    if (!isDeepStrictEqual(again, value)) fail(`${target.name}: the value changed in a round trip`);
    const reencoded = encode(target, again);
    if (!isDeepStrictEqual(reencoded, encoded)) fail(`${target.name}: re-encoding is not stable`);
  });
}

function encode(target: CodecTarget, value: unknown): Uint8Array {
  const writer = new XdrWriter();
  try {
    target.encode(writer, value);
  } catch (error) {
    fail(`${target.name}: a decoded value does not encode: ${String(error)}`);
  }
  return writer.finish().slice();
}

/** Valid frames, split into chunks anywhere, come out of the decoder whole and unchanged. */
export function framingProperty(): fc.IPropertyWithHooks<[EncodedFrame[], number[]]> {
  return fc.property(frameStream, fc.array(fc.nat(), { maxLength: 12 }), (frames, cuts) => {
    const received: Frame[] = [];
    const decoder = new FrameDecoder((frame) => received.push(frame));
    for (const chunk of chunked(concat(frames.map((f) => f.bytes)), cuts)) decoder.push(chunk);
    decoder.end();
    if (received.length !== frames.length) fail(`decoded ${received.length} of ${frames.length} frames`);
    frames.forEach((frame, i) => {
      const got = received[i];
      if (!isDeepStrictEqual({ ...got.header }, { ...frame.header }) || got.nfds !== frame.nfds || !isDeepStrictEqual(got.payload, frame.payload)) {
        fail(`frame ${i} differs after decoding`);
      }
    });
  });
}

/**
 * Damaged byte streams: every push either decodes or throws a `ProtocolError`; after the first
 * error every push is refused with `decoder-closed`; the decoder never holds more than one frame's
 * legal length, nor more than it was given; `end()` throws nothing but a `ProtocolError`.
 */
export function damagedStreamProperty(): fc.IPropertyWithHooks<[EncodedFrame[], Mutation[], number[]]> {
  return fc.property(frameStream, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), (frames, mutations, cuts) => {
    const bytes = mutate(concat(frames.map((f) => f.bytes)), mutations);
    const decoder = new FrameDecoder(() => undefined);
    let failed = false;
    let pushed = 0;
    for (const chunk of chunked(bytes, cuts)) {
      try {
        decoder.push(chunk);
        if (failed) fail('the decoder took input after a failure');
        pushed += chunk.length;
      } catch (error) {
        if (!(error instanceof ProtocolError)) fail(`push threw ${String(error)}, not a ProtocolError`);
        if (failed && error.reason !== ProtocolErrorReason.DecoderClosed) fail(`after a failure: ${error.reason}`);
        failed = true;
      }
      if (decoder.bufferedBytes > FRAME_MAX_LENGTH || decoder.bufferedBytes > pushed) fail(`holds ${decoder.bufferedBytes} bytes`);
    }
    try {
      decoder.end();
    } catch (error) {
      if (!(error instanceof ProtocolError)) fail(`end threw ${String(error)}, not a ProtocolError`);
    }
  });
}

/** Words of a hostile input: zeros with one length near 2^32 or a protocol limit at each position. */
const HOSTILE_WORDS = 24;

/**
 * Feeds `target` inputs of zeros with one hostile length (2^32 − 1, limits ± 1) at each of the
 * first {@link HOSTILE_WORDS} word positions: the decoder must refuse or accept each with an
 * `XdrError` at most, without allocating for the length it was told. Returns the number of inputs.
 */
export function decodeHostileLengths(target: CodecTarget): number {
  let inputs = 0;
  for (const length of HOSTILE_LENGTHS) {
    for (let position = 0; position < HOSTILE_WORDS; position++) {
      const bytes = new Uint8Array(HOSTILE_WORDS * 4);
      new DataView(bytes.buffer).setUint32(position * 4, length);
      try {
        target.decode(new XdrReader(bytes));
      } catch (error) {
        if (!(error instanceof XdrError)) fail(`${target.name}: a length of ${length} at word ${position} threw ${String(error)}`);
      }
      inputs++;
    }
  }
  return inputs;
}
