import type { XdrEncoder } from '../protocol/procedure.js';
import { XdrError } from '../xdr/xdr-error.js';
import { XdrWriter } from '../xdr/writer.js';
import { ArgumentError } from './argument-error.js';

/**
 * Turns an encoder's failure into an {@link ArgumentError} that names the argument. Only on the
 * failure path: the arguments are encoded again through proxies that remember the last field
 * read, which is the one the encoder choked on (or, when reading a field of it threw, the
 * missing object it belongs to). Encoding a valid call costs nothing for this.
 */
export function locateArgumentError(method: string, encode: XdrEncoder<unknown>, args: unknown, failure: unknown): ArgumentError {
  if (args === null || typeof args !== 'object') return new ArgumentError(method, 'args', `expected an object, got ${describeArgument(args)}`, { cause: failure });
  let lastPath = 'args';
  let lastValue: unknown = args;
  const track = (value: unknown, path: string): unknown => {
    // Byte arrays are values for the encoder, and proxies of typed arrays are not typed arrays.
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
    return new Proxy(value, {
      get(target, key) {
        const field: unknown = Reflect.get(target, key);
        if (typeof key !== 'string' || (Array.isArray(target) && key === 'length')) return field;
        const at = Array.isArray(target) ? `${path}[${key}]` : `${path}.${key}`;
        lastPath = at;
        lastValue = field;
        return track(field, at);
      },
    });
  };
  try {
    encode(new XdrWriter(), track(args, 'args'));
  } catch (err) {
    const detail = err instanceof XdrError ? err.detail : `expected an object, got ${describeArgument(lastValue)}`;
    return new ArgumentError(method, lastPath, detail, { cause: failure });
  }
  // Not reproduced (the arguments changed in between): say what the encoder said.
  return new ArgumentError(method, 'args', failure instanceof Error ? failure.message : String(failure), { cause: failure });
}

/** A value as an {@link ArgumentError}'s detail names it: `null`, `"text"`, `42n`, `an object`. */
export function describeArgument(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
