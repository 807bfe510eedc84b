// The CLI's JSON for values JSON cannot hold, the same way in and out (`rxvirt call`):
// - a 64-bit integer (XDR hyper, a bigint in rxvirt) is a string with a trailing `n`, "9000000n";
//   a plain JSON number is accepted too where it is exact (up to 2^53);
// - bytes (XDR opaque, a Uint8Array) are {"$bytes": "<base64>"}.

/** `value` as JSON text on one line, bigints and bytes written as above. */
export function toJson(value: unknown): string {
  return JSON.stringify(toJsonValue(value));
}

function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, toJsonValue(field)]));
  }
  return value;
}

/**
 * Parses JSON text, turning {"$bytes": "..."} into Uint8Arrays. Strings like "123n" stay
 * strings here: only the procedure's codec knows which fields are 64-bit (see `coerceArgs`).
 * Throws a SyntaxError for text that is not JSON.
 */
export function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => (isBytes(value) ? new Uint8Array(Buffer.from(value.$bytes, 'base64')) : value));
}

function isBytes(value: unknown): value is { $bytes: string } {
  return value !== null && typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as { $bytes?: unknown }).$bytes === 'string';
}
