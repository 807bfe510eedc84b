import { RxvirtError } from '../errors/rxvirt-error.js';

/**
 * An upload's source emitted something that is not bytes, a `{ data }` or a `{ hole }` chunk (or
 * a download's `{ reply }`, which an upload skips). The stream is aborted; the connection goes on.
 */
export class InvalidChunkError extends RxvirtError {
  constructor(
    /** What the source emitted, described (`a string`, `an object with keys a, b`). */
    readonly received: string,
  ) {
    super(`an upload sends bytes (Uint8Array), { data } or { hole } chunks, or a download's items; its source emitted ${received}`);
  }
}

/** A short description of a value that is not an upload chunk, for {@link InvalidChunkError}. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 5).join(', ')}`;
}
