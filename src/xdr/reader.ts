import { XdrError, XdrErrorReason } from './xdr-error.js';
import { padding } from './limits.js';
import { decodeUtf8 } from './utf8.js';

/**
 * Reads XDR (RFC 4506) values from a byte range without copying it.
 *
 * Every length is checked against the bytes left and against the declared maximum before
 * anything is allocated, so hostile input costs at most the bytes that actually arrived.
 * `opaque` values are views into the input: the frame layer never reuses the buffers it hands out.
 */
export class XdrReader {
  private readonly view: DataView;
  private pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    offset = 0,
    private readonly end = bytes.length,
  ) {
    if (offset < 0 || end > bytes.length || offset > end) {
      throw new RangeError(`invalid XDR range [${offset}, ${end}) of ${bytes.length} bytes`);
    }
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
  }

  /** Offset of the next byte to read, relative to the start of the input array. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes left before the end of the range. */
  get remaining(): number {
    return this.end - this.pos;
  }

  readInt(): number {
    const at = this.take(4);
    return this.view.getInt32(at);
  }

  readUint(): number {
    const at = this.take(4);
    return this.view.getUint32(at);
  }

  readHyper(): bigint {
    const at = this.take(8);
    return this.view.getBigInt64(at);
  }

  readUhyper(): bigint {
    const at = this.take(8);
    return this.view.getBigUint64(at);
  }

  readBool(): boolean {
    const at = this.take(4);
    const value = this.view.getInt32(at);
    if (value !== 0 && value !== 1) {
      throw new XdrError(XdrErrorReason.InvalidValue, `bool must be 0 or 1, got ${value}`, at);
    }
    return value === 1;
  }

  readFloat(): number {
    const at = this.take(4);
    return this.view.getFloat32(at);
  }

  readDouble(): number {
    const at = this.take(8);
    return this.view.getFloat64(at);
  }

  /** An optional-data marker (`T *x`): true when a value follows. */
  readOptionalFlag(): boolean {
    const at = this.take(4);
    const flag = this.view.getUint32(at);
    if (flag > 1) {
      throw new XdrError(XdrErrorReason.InvalidValue, `optional-data marker must be 0 or 1, got ${flag}`, at);
    }
    return flag === 1;
  }

  /** `string<max>`: UTF-8 text of at most `max` bytes. */
  readString(max: number): string {
    const length = this.readLength(max, 'string');
    const start = this.take(length + padding(length));
    return decodeUtf8(this.bytes, start, start + length);
  }

  /** `opaque[length]`: a view of exactly `length` bytes. */
  readOpaqueFixed(length: number): Uint8Array {
    const start = this.take(length + padding(length));
    return this.bytes.subarray(start, start + length);
  }

  /** `opaque<max>`: a view of at most `max` bytes. */
  readOpaque(max: number): Uint8Array {
    const length = this.readLength(max, 'opaque');
    return this.readOpaqueFixed(length);
  }

  /**
   * The element count of a variable-length array `T x<max>`. Checks the count against `max` and
   * against the bytes left (every XDR element takes at least `minElementSize` bytes) before the
   * caller allocates anything.
   */
  readArrayLength(max: number, minElementSize = 4): number {
    const at = this.pos;
    const count = this.readLength(max, 'array');
    if (count * minElementSize > this.remaining) {
      throw new XdrError(
        XdrErrorReason.Truncated,
        `array of ${count} elements needs at least ${count * minElementSize} bytes, ${this.remaining} left`,
        at,
      );
    }
    return count;
  }

  /**
   * `char x[length]`: libvirt sends each C `char` as a 4-byte XDR integer. Read as a C string:
   * the bytes up to the first NUL, decoded as UTF-8.
   */
  readCharArrayString(length: number): string {
    const start = this.take(length * 4);
    const bytes = new Uint8Array(length);
    let used = length;
    for (let i = 0; i < length; i++) {
      const byte = this.view.getInt32(start + i * 4) & 0xff;
      if (byte === 0) {
        used = i;
        break;
      }
      bytes[i] = byte;
    }
    return decodeUtf8(bytes, 0, used);
  }

  /** `char x<max>`: a byte string sent as one 4-byte XDR integer per byte. */
  readCharArrayBytes(max: number): Uint8Array {
    const count = this.readLength(max, 'char array');
    const start = this.take(count * 4);
    const bytes = new Uint8Array(count);
    for (let i = 0; i < count; i++) bytes[i] = this.view.getInt32(start + i * 4) & 0xff;
    return bytes;
  }

  /** Throws unless every byte of the range was consumed. */
  expectEnd(): void {
    if (this.pos !== this.end) {
      throw new XdrError(XdrErrorReason.TrailingBytes, `${this.end - this.pos} bytes left after the value`, this.pos);
    }
  }

  private readLength(max: number, what: string): number {
    const at = this.pos;
    const length = this.readUint();
    if (length > max) {
      throw new XdrError(XdrErrorReason.LimitExceeded, `${what} length ${length} exceeds its maximum ${max}`, at);
    }
    return length;
  }

  /** Reserves `count` bytes and returns their start offset. */
  private take(count: number): number {
    const at = this.pos;
    if (count > this.end - at) {
      throw new XdrError(XdrErrorReason.Truncated, `needs ${count} bytes, ${this.end - at} left`, at);
    }
    this.pos = at + count;
    return at;
  }
}
