// Property tests of every generated decoder (bounded: a fixed seed and a few runs per codec; the
// long run is `npm run fuzz`). Random and XDR-shaped payloads only ever decode or throw an
// XdrError, and what decodes survives an encode/decode round trip.
import fc from 'fast-check';
import { CODEC_TARGETS, PROCEDURE_COUNT } from '../../stress/fuzz/codec-targets.js';
import { decodeHostileLengths, decodeProperty, newTally } from '../../stress/fuzz/properties.js';

const SEED = 20_240_611;
const RUNS_PER_CODEC = 40;
/** Zeros decode as every field empty or 0: a round trip for nearly every codec, whatever the random draw. */
const ZEROS: [Uint8Array] = [new Uint8Array(512)];

describe('fuzzing the generated codecs', () => {
  it('covers every procedure of the five programs', () => {
    expect(PROCEDURE_COUNT).toBeGreaterThan(480);
    expect(CODEC_TARGETS.length).toBeGreaterThan(700);
  });

  it('decodes or throws an XdrError, and round-trips what decodes', () => {
    const tally = newTally();
    for (const target of CODEC_TARGETS) fc.assert(decodeProperty(target, tally), { seed: SEED, numRuns: RUNS_PER_CODEC, examples: [ZEROS] });
    // Both outcomes were exercised, and most codecs decoded at least one input.
    expect(tally.decoded).toBeGreaterThan(CODEC_TARGETS.length);
    expect(tally.rejected).toBeGreaterThan(CODEC_TARGETS.length);
    expect(tally.roundTripped.size / CODEC_TARGETS.length).toBeGreaterThan(0.9);
  });

  it('refuses lengths near 2^32 without allocating for them', () => {
    global.gc?.();
    const before = process.memoryUsage();
    let inputs = 0;
    for (const target of CODEC_TARGETS) inputs += decodeHostileLengths(target);
    const after = process.memoryUsage();
    expect(inputs).toBeGreaterThan(100_000);
    // A single 4 GiB (or even 32 MiB) allocation would show; the inputs themselves are tiny.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(16 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(256 * 1024 * 1024);
  });
});
