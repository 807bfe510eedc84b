import { XdrError, XdrErrorReason } from './xdr-error.js';
import { INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, UINT32_MAX, UINT64_MAX, padding } from './limits.js';
import { utf8Encoder } from './utf8.js';

const INITIAL_CAPACITY = 256;

/**
 * Writes XDR (RFC 4506) values into a growing buffer.
 *
 * Every value is checked before it is written: integers against their range, lengths against the
 * declared maximum, so a wrong argument becomes an {@link XdrError} instead of bytes the daemon
 * would reject (or, worse, accept with another meaning).
 */
export class XdrWriter {
  private bytes: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.bytes = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.bytes.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** The bytes written so far: a view of the internal buffer, valid until the next write. */
  finish(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }

  writeInt(value: number): void {
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      throw this.invalid(`int must be an integer in [${INT32_MIN}, ${INT32_MAX}], got ${String(value)}`);
    }
    const at = this.reserve(4);
    this.view.setInt32(at, value);
  }

  writeUint(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
      throw this.invalid(`unsigned int must be an integer in [0, ${UINT32_MAX}], got ${String(value)}`);
    }
    const at = this.reserve(4);
    this.view.setUint32(at, value);
  }

  /** Overwrites the `unsigned int` at `offset` (e.g. a length word known only at the end). */
  patchUint(offset: number, value: number): void {
    if (offset < 0 || offset + 4 > this.pos) throw new RangeError(`cannot patch offset ${offset} of ${this.pos} bytes`);
    this.view.setUint32(offset, value);
  }

  writeHyper(value: bigint): void {
    if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX) {
      throw this.invalid(`hyper must be a bigint in [${INT64_MIN}, ${INT64_MAX}], got ${describe(value)}`);
    }
    const at = this.reserve(8);
    this.view.setBigInt64(at, value);
  }

  writeUhyper(value: bigint): void {
    if (typeof value !== 'bigint' || value < 0n || value > UINT64_MAX) {
      throw this.invalid(`unsigned hyper must be a bigint in [0, ${UINT64_MAX}], got ${describe(value)}`);
    }
    const at = this.reserve(8);
    this.view.setBigUint64(at, value);
  }

  writeBool(value: boolean): void {
    if (typeof value !== 'boolean') throw this.invalid(`bool must be a boolean, got ${describe(value)}`);
    const at = this.reserve(4);
    this.view.setInt32(at, value ? 1 : 0);
  }

  writeFloat(value: number): void {
    if (typeof value !== 'number') throw this.invalid(`float must be a number, got ${describe(value)}`);
    const at = this.reserve(4);
    this.view.setFloat32(at, value);
  }

  writeDouble(value: number): void {
    if (typeof value !== 'number') throw this.invalid(`double must be a number, got ${describe(value)}`);
    const at = this.reserve(8);
    this.view.setFloat64(at, value);
  }

  /** An optional-data marker (`T *x`): write the value itself after `true`. */
  writeOptionalFlag(present: boolean): void {
    const at = this.reserve(4);
    this.view.setUint32(at, present ? 1 : 0);
  }

  /** `string<max>`: UTF-8 text of at most `max` bytes. */
  writeString(value: string, max: number): void {
    if (typeof value !== 'string') throw this.invalid(`string expected, got ${describe(value)}`);
    // Each UTF-16 unit is at least one UTF-8 byte: refuse before allocating for a huge string.
    if (value.length > max) {
      throw this.invalid(`string of at least ${value.length} bytes exceeds its maximum ${max}`, XdrErrorReason.LimitExceeded);
    }
    const lengthAt = this.reserve(4);
    // encodeInto needs room for the worst case of 3 bytes per UTF-16 unit.
    this.ensure(value.length * 3 + 3);
    const { written } = utf8Encoder.encodeInto(value, this.bytes.subarray(this.pos));
    if (written > max) {
      this.pos = lengthAt;
      throw this.invalid(`string of ${written} bytes exceeds its maximum ${max}`, XdrErrorReason.LimitExceeded);
    }
    this.view.setUint32(lengthAt, written);
    this.pos += written;
    this.zeroPad(written);
  }

  /** `opaque[length]`: exactly `length` bytes. */
  writeOpaqueFixed(value: Uint8Array, length: number): void {
    if (!(value instanceof Uint8Array) || value.length !== length) {
      throw this.invalid(`opaque[${length}] needs a Uint8Array of exactly ${length} bytes, got ${describe(value)}`);
    }
    const at = this.reserve(length);
    this.bytes.set(value, at);
    this.zeroPad(length);
  }

  /** `opaque<max>`: at most `max` bytes. */
  writeOpaque(value: Uint8Array, max: number): void {
    if (!(value instanceof Uint8Array)) throw this.invalid(`opaque needs a Uint8Array, got ${describe(value)}`);
    this.writeLength(value.length, max, 'opaque');
    const at = this.reserve(value.length);
    this.bytes.set(value, at);
    this.zeroPad(value.length);
  }

  /** The element count of `T x<max>`; the caller writes the elements. */
  writeArrayLength(value: readonly unknown[], max: number): void {
    if (!Array.isArray(value)) throw this.invalid(`array expected, got ${describe(value)}`);
    this.writeLength(value.length, max, 'array');
  }

  /** Checks a fixed-length array `T x[length]`; the caller writes the elements. */
  checkFixedArray(value: readonly unknown[], length: number): void {
    if (!Array.isArray(value) || value.length !== length) {
      throw this.invalid(`array of exactly ${length} elements expected, got ${describe(value)}`);
    }
  }

  /** `char x[length]` from a string: one 4-byte integer per byte, NUL-padded. */
  writeCharArrayString(value: string, length: number): void {
    if (typeof value !== 'string') throw this.invalid(`string expected, got ${describe(value)}`);
    const encoded = utf8Encoder.encode(value);
    if (encoded.length > length) {
      throw this.invalid(`char[${length}] cannot hold ${encoded.length} bytes`, XdrErrorReason.LimitExceeded);
    }
    const start = this.reserve(length * 4);
    for (let i = 0; i < length; i++) this.view.setInt32(start + i * 4, i < encoded.length ? (encoded[i] << 24) >> 24 : 0);
  }

  /** `char x<max>` from bytes: one 4-byte integer per byte, as C's signed `char` is sent. */
  writeCharArrayBytes(value: Uint8Array, max: number): void {
    if (!(value instanceof Uint8Array)) throw this.invalid(`char array needs a Uint8Array, got ${describe(value)}`);
    this.writeLength(value.length, max, 'char array');
    const start = this.reserve(value.length * 4);
    for (let i = 0; i < value.length; i++) this.view.setInt32(start + i * 4, (value[i] << 24) >> 24);
  }

  /** Appends raw bytes (already encoded, e.g. a stream payload). */
  writeRaw(value: Uint8Array): void {
    const at = this.reserve(value.length);
    this.bytes.set(value, at);
  }

  private writeLength(length: number, max: number, what: string): void {
    if (length > max) {
      throw this.invalid(`${what} length ${length} exceeds its maximum ${max}`, XdrErrorReason.LimitExceeded);
    }
    const at = this.reserve(4);
    this.view.setUint32(at, length);
  }

  private zeroPad(length: number): void {
    const pad = padding(length);
    if (pad === 0) return;
    const at = this.reserve(pad);
    this.bytes.fill(0, at, this.pos);
  }

  /**
   * Reserves `count` bytes and returns their start offset. It may replace `bytes` and `view`: call
   * it before reading either (`this.view.setX(this.reserve(n), ...)` would write to the old buffer).
   */
  private reserve(count: number): number {
    this.ensure(count);
    const at = this.pos;
    this.pos += count;
    return at;
  }

  private ensure(count: number): void {
    const needed = this.pos + count;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  private invalid(message: string, reason: XdrErrorReason = XdrErrorReason.InvalidValue): XdrError {
    return new XdrError(reason, message, this.pos);
  }
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (value === undefined || value === null) return String(value);
  return `${typeof value} ${String(value)}`;
}
