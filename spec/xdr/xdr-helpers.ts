// Helpers for the XDR specs. Fixtures are written as hex by hand, never produced by the writer.
import { XdrError } from '../../src/xdr/xdr-error.js';
import type { XdrErrorReason } from '../../src/xdr/xdr-error.js';

/** Bytes from hex text; spaces, newlines and `|` separators are ignored. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/[\s|]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`bad hex fixture: ${text}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Lower-case hex of some bytes, for readable comparisons. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Runs `fn`, which must throw an XdrError, and returns it. Any other outcome fails the test. */
export function catchXdr(fn: () => unknown): XdrError {
  try {
    fn();
  } catch (error) {
    if (error instanceof XdrError) return error;
    throw new Error(`expected an XdrError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an XdrError, nothing was thrown');
}

/** Asserts `fn` throws an XdrError with exactly this reason and offset, and returns it. */
export function expectXdrError(fn: () => unknown, reason: XdrErrorReason, offset: number): XdrError {
  const error = catchXdr(fn);
  expect({ reason: error.reason, offset: error.offset }).toEqual({ reason, offset });
  expect(error.message).toContain(`(at byte ${offset})`);
  return error;
}

/**
 * Runs `fn` while logging every `new Uint8Array(n)` made through the global constructor (the XDR
 * code allocates only that way) and returns the largest `n`. The XDR modules look the global up at
 * call time, so swapping it catches their allocations.
 */
export function largestAllocation(fn: () => void): number {
  const original = globalThis.Uint8Array;
  let largest = 0;
  const logging = new Proxy(original, {
    construct(target, args, newTarget) {
      if (typeof args[0] === 'number') largest = Math.max(largest, args[0]);
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
  globalThis.Uint8Array = logging;
  try {
    fn();
  } finally {
    globalThis.Uint8Array = original;
  }
  return largest;
}

/** mulberry32: a small seeded PRNG, so random cases are the same on every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
