// Property tests of the framer (bounded: fixed seed; the long run is `npm run fuzz`).
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { decodeFrames } from '../../src/protocol/decode-frames.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { FRAME_MAX_LENGTH } from '../../src/protocol/message-header.js';
import { ProtocolError } from '../../src/protocol/protocol-error.js';
import { chunked, concat, frameStream, mutate, mutation } from '../../stress/fuzz/arbitraries.js';
import { type ClientTally, clientProperty } from '../../stress/fuzz/client-property.js';
import { damagedStreamProperty, framingProperty } from '../../stress/fuzz/properties.js';

const SEED = 20_240_611;

describe('fuzzing the framer', () => {
  it('valid frames split anywhere decode whole and unchanged', () => {
    fc.assert(framingProperty(), { seed: SEED, numRuns: 300 });
  });

  it('damaged streams decode or fail with a ProtocolError, and nothing after it', () => {
    fc.assert(damagedStreamProperty(), { seed: SEED, numRuns: 1_000 });
  });

  it('decodeFrames() completes or errors with a ProtocolError, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(frameStream, fc.array(mutation, { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 8 }), async (frames, mutations, cuts) => {
        const bytes = mutate(concat(frames.map((f) => f.bytes)), mutations);
        const outcome = await lastValueFrom(from(chunked(bytes, cuts)).pipe(decodeFrames(), toArray())).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined && !(outcome instanceof ProtocolError)) throw new Error(`errored with ${String(outcome)}`);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a frame announced at the largest legal length holds only the bytes that arrived', () => {
    const start = new Uint8Array(4096);
    new DataView(start.buffer).setUint32(0, FRAME_MAX_LENGTH);
    const before = process.memoryUsage().arrayBuffers;
    const decoder = new FrameDecoder(() => undefined);
    for (let i = 0; i < 16; i++) decoder.push(i === 0 ? start : new Uint8Array(4096));
    expect(decoder.bufferedBytes).toBe(16 * 4096);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(FRAME_MAX_LENGTH / 4);
    expect(() => decoder.end()).toThrow(ProtocolError);
  });

  it.each([0, 27, FRAME_MAX_LENGTH + 1, 0xffff_ffff])('a length word of %i is refused as soon as it arrives', (length) => {
    const decoder = new FrameDecoder(() => undefined);
    const word = new Uint8Array(4);
    new DataView(word.buffer).setUint32(0, length);
    // Split so that the check runs on the path that reassembles a length word across chunks too.
    decoder.push(word.subarray(0, 2));
    expect(() => decoder.push(word.subarray(2))).toThrow(expect.objectContaining({ reason: 'bad-length', length }));
    expect(decoder.bufferedBytes).toBe(0);
  });
});

describe('fuzzing the client stack', () => {
  it('frames from a broken daemon end in typed errors, never in unhandled ones', async () => {
    const tally: ClientTally = { survived: 0, closed: 0, waiting: 0 };
    await fc.assert(clientProperty(tally), { seed: SEED, numRuns: 60 });
    // Both outcomes happen: frames the client shrugs off, and frames that end the connection.
    expect(tally.survived).toBeGreaterThan(10);
    expect(tally.closed).toBeGreaterThan(10);
  });
});
