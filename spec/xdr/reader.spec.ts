// XdrReader against hand-written RFC 4506 byte fixtures (nothing here comes from the writer).
import { XdrReader } from '../../src/xdr/reader.js';
import { XdrError, XdrErrorReason } from '../../src/xdr/xdr-error.js';
import { RxvirtError } from '../../src/errors/rxvirt-error.js';
import { INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, UINT32_MAX, UINT64_MAX, UNBOUNDED } from '../../src/xdr/limits.js';
import { expectXdrError, hex, largestAllocation } from './xdr-helpers.js';

const { Truncated, LimitExceeded, InvalidValue, TrailingBytes } = XdrErrorReason;

function reader(text: string): XdrReader {
  return new XdrReader(hex(text));
}

describe('XdrReader construction and position', () => {
  it('starts at the given offset and counts the remaining bytes up to the end', () => {
    const r = new XdrReader(hex('00000001 00000002 00000003 00000004'), 4, 12);
    expect(r.offset).toBe(4);
    expect(r.remaining).toBe(8);
    expect(r.readUint()).toBe(2);
    expect(r.offset).toBe(8);
    expect(r.remaining).toBe(4);
  });

  it('defaults to the whole array', () => {
    const r = reader('00000001 00000002');
    expect(r.offset).toBe(0);
    expect(r.remaining).toBe(8);
  });

  it('accepts an empty range', () => {
    const r = new XdrReader(hex('00000001'), 4, 4);
    expect(r.remaining).toBe(0);
    expect(() => r.expectEnd()).not.toThrow();
    expectXdrError(() => r.readInt(), Truncated, 4);
  });

  it.each([
    [-1, 4],
    [0, 9],
    [5, 4],
  ])('rejects the range [%d, %d) of 8 bytes with a RangeError', (offset, end) => {
    expect(() => new XdrReader(new Uint8Array(8), offset, end)).toThrow(RangeError);
    expect(() => new XdrReader(new Uint8Array(8), offset, end)).toThrow(`invalid XDR range [${offset}, ${end}) of 8 bytes`);
  });

  it('reads a Uint8Array that starts inside a larger ArrayBuffer at its own byte 0', () => {
    const buffer = new ArrayBuffer(16);
    new Uint8Array(buffer).set(hex('ffffffff ffffffff 00000005 00000006'));
    const bytes = new Uint8Array(buffer, 8, 8);
    const r = new XdrReader(bytes);
    expect(r.readUint()).toBe(5);
    expect(r.readUint()).toBe(6);
    expect(r.offset).toBe(8);
  });
});

describe('XdrReader integers', () => {
  it('reads int as a signed big-endian 32-bit value', () => {
    const r = reader('00000000 00000001 ffffffff 7fffffff 80000000 01020304 fffffffe');
    expect([r.readInt(), r.readInt(), r.readInt(), r.readInt(), r.readInt(), r.readInt(), r.readInt()]).toEqual([
      0, 1, -1, INT32_MAX, INT32_MIN, 0x01020304, -2,
    ]);
    expect(r.offset).toBe(28);
  });

  it('reads unsigned int as an unsigned big-endian 32-bit value', () => {
    const r = reader('00000000 ffffffff 80000000 01020304');
    expect([r.readUint(), r.readUint(), r.readUint(), r.readUint()]).toEqual([0, UINT32_MAX, 0x80000000, 0x01020304]);
  });

  it('reads hyper as a bigint without precision loss', () => {
    const r = reader(`
      80000000 00000000 | 7fffffff ffffffff | ffffffff ffffffff | 00000001 00000000
      00200000 00000001 | ffdfffff ffffffff | 01234567 89abcdef`);
    const values = [r.readHyper(), r.readHyper(), r.readHyper(), r.readHyper(), r.readHyper(), r.readHyper(), r.readHyper()];
    expect(values).toEqual([
      INT64_MIN,
      INT64_MAX,
      -1n,
      4294967296n,
      9007199254740993n, // 2^53 + 1: not representable as a number
      -9007199254740993n,
      0x0123456789abcdefn,
    ]);
    expect(values.every((v) => typeof v === 'bigint')).toBe(true);
    expect(INT64_MIN).toBe(-9223372036854775808n);
    expect(INT64_MAX).toBe(9223372036854775807n);
  });

  it('reads unsigned hyper as a bigint up to UINT64_MAX exactly', () => {
    const r = reader('ffffffff ffffffff | 80000000 00000000 | 00200000 00000001 | 00000000 00000000 | ffffffff fffffffe');
    expect([r.readUhyper(), r.readUhyper(), r.readUhyper(), r.readUhyper(), r.readUhyper()]).toEqual([
      18446744073709551615n,
      9223372036854775808n,
      9007199254740993n,
      0n,
      18446744073709551614n,
    ]);
    expect(UINT64_MAX).toBe(18446744073709551615n);
  });
});

describe('XdrReader bool and optional-data flag', () => {
  it('reads bool 0 and 1', () => {
    const r = reader('00000000 00000001');
    expect(r.readBool()).toBe(false);
    expect(r.readBool()).toBe(true);
  });

  it.each(['00000002', 'ffffffff', '80000000', '00000100', '01000001'])('rejects bool %s as InvalidValue at its offset', (word) => {
    const r = reader(`00000001 ${word}`);
    expect(r.readBool()).toBe(true);
    const error = expectXdrError(() => r.readBool(), InvalidValue, 4);
    expect(error.message).toMatch(/^bool must be 0 or 1, got -?\d+ \(at byte 4\)$/);
  });

  it('names the bad bool value in the message', () => {
    expect(expectXdrError(() => reader('00000002').readBool(), InvalidValue, 0).message).toBe('bool must be 0 or 1, got 2 (at byte 0)');
  });

  it('reads the optional-data flag 0 and 1', () => {
    const r = reader('00000000 00000001');
    expect(r.readOptionalFlag()).toBe(false);
    expect(r.readOptionalFlag()).toBe(true);
  });

  it.each(['00000002', 'ffffffff', '00010000'])('rejects optional-data flag %s as InvalidValue', (word) => {
    const r = reader(`00000000 00000000 ${word}`);
    r.readOptionalFlag();
    r.readOptionalFlag();
    expectXdrError(() => r.readOptionalFlag(), InvalidValue, 8);
  });

  it('reports the optional flag as an unsigned value', () => {
    expect(catchMessage(() => reader('ffffffff').readOptionalFlag())).toBe(
      'optional-data marker must be 0 or 1, got 4294967295 (at byte 0)',
    );
  });
});

describe('XdrReader float and double', () => {
  it('reads IEEE 754 single precision', () => {
    const r = reader('3fc00000 40490fdb c0490fdb 7f800000 ff800000 80000000 00000001 7f7fffff 7fc00000');
    expect(r.readFloat()).toBe(1.5);
    expect(r.readFloat()).toBe(Math.fround(Math.PI));
    expect(r.readFloat()).toBe(-3.1415927410125732);
    expect(r.readFloat()).toBe(Infinity);
    expect(r.readFloat()).toBe(-Infinity);
    expect(Object.is(r.readFloat(), -0)).toBe(true);
    expect(r.readFloat()).toBe(2 ** -149);
    expect(r.readFloat()).toBe(3.4028234663852886e38);
    expect(r.readFloat()).toBeNaN();
    expect(r.offset).toBe(36);
  });

  it('reads IEEE 754 double precision', () => {
    const r = reader(`
      3ff00000 00000000 | 400921fb 54442d18 | 80000000 00000000 | 7ff00000 00000000
      00000000 00000001 | 7fefffff ffffffff | c0000000 00000000 | 7ff80000 00000000`);
    expect(r.readDouble()).toBe(1);
    expect(r.readDouble()).toBe(Math.PI);
    expect(Object.is(r.readDouble(), -0)).toBe(true);
    expect(r.readDouble()).toBe(Infinity);
    expect(r.readDouble()).toBe(5e-324);
    expect(r.readDouble()).toBe(Number.MAX_VALUE);
    expect(r.readDouble()).toBe(-2);
    expect(r.readDouble()).toBeNaN();
  });
});

describe('XdrReader string', () => {
  it.each([
    ['empty', '00000000', '', 4],
    ['1 byte + 3 padding', '00000001 61000000', 'a', 8],
    ['3 bytes + 1 padding', '00000003 61626300', 'abc', 8],
    ['4 bytes, no padding', '00000004 61626364', 'abcd', 8],
    ['5 bytes + 3 padding', '00000005 61626364 65000000', 'abcde', 12],
    ['short multibyte', '00000006 68c3a96c 6c6f0000', 'héllo', 12],
    ['4-byte UTF-8 (astral)', '00000004 f09f9880', '😀', 8],
    ['3-byte UTF-8', '00000003 e282ac00', '€', 8],
    ['embedded NUL', '00000003 61006200', 'a\0b', 8],
    ['invalid UTF-8 becomes U+FFFD', '00000002 61ff0000', 'a\ufffd', 8],
    ['leading byte-order mark is kept', '00000004 efbbbf61', '\ufeffa', 8],
  ])('reads %s', (_name, text, value, end) => {
    const r = reader(text);
    expect(r.readString(UNBOUNDED)).toBe(value);
    expect(r.offset).toBe(end);
    r.expectEnd();
  });

  it('reads ASCII at the short-path boundary (24 bytes) and just past it (25 bytes)', () => {
    const r = reader(`00000018 ${'61'.repeat(24)} 00000019 ${'62'.repeat(25)} 000000`);
    expect(r.readString(100)).toBe('a'.repeat(24));
    expect(r.readString(100)).toBe('b'.repeat(25));
    r.expectEnd();
  });

  it('reads a short string whose last byte is non-ASCII', () => {
    // 22 ASCII bytes then "é": 24 bytes, so the short loop starts and must fall back.
    const r = reader(`00000018 ${'7a'.repeat(22)}c3a9`);
    expect(r.readString(24)).toBe(`${'z'.repeat(22)}é`);
  });

  it('reads long multibyte UTF-8', () => {
    // "ü" x 20 = 40 bytes, then "日本語" = 9 bytes.
    const r = reader(`00000028 ${'c3bc'.repeat(20)} 00000009 e697a5e69cace8aa9e 000000`);
    expect(r.readString(40)).toBe('ü'.repeat(20));
    expect(r.readString(9)).toBe('日本語');
    r.expectEnd();
  });

  it('keeps a byte-order mark at the start of a long string', () => {
    const r = reader(`0000001e efbbbf${'61'.repeat(27)} 0000`);
    expect(r.readString(UNBOUNDED)).toBe(`\ufeff${'a'.repeat(27)}`);
  });

  it('ignores non-zero padding bytes, as libvirt’s own XDR decoder does', () => {
    const r = reader('00000001 61ffffff 00000007');
    expect(r.readString(10)).toBe('a');
    expect(r.readUint()).toBe(7);
  });

  it('accepts a length equal to the maximum', () => {
    expect(reader('00000003 61626300').readString(3)).toBe('abc');
    expect(reader('00000000').readString(0)).toBe('');
  });

  it('rejects a length over the maximum as LimitExceeded at the length word', () => {
    const r = reader('00000001 00000004 61626364');
    r.readUint();
    const error = expectXdrError(() => r.readString(3), LimitExceeded, 4);
    expect(error.message).toBe('string length 4 exceeds its maximum 3 (at byte 4)');
  });

  it('rejects a declared length of 0xffffffff in a 4-byte buffer without allocating', () => {
    expectXdrError(() => reader('ffffffff').readString(UNBOUNDED), LimitExceeded, 0);
    expectXdrError(() => reader('ffffffff').readString(UINT32_MAX), Truncated, 4);
  });

  it('rejects a length within the maximum but beyond the data as Truncated at the body', () => {
    const error = expectXdrError(() => reader('00000005 61626364').readString(10), Truncated, 4);
    expect(error.message).toBe('needs 8 bytes, 4 left (at byte 4)');
  });

  it('requires the padding to be present', () => {
    expectXdrError(() => reader('00000001 61').readString(10), Truncated, 4);
    expectXdrError(() => reader('00000005 61626364 65').readString(10), Truncated, 4);
  });
});

describe('XdrReader opaque', () => {
  it('reads fixed opaque as a zero-copy view, skipping the padding', () => {
    const bytes = hex('010203ee 00000009');
    const r = new XdrReader(bytes);
    const value = r.readOpaqueFixed(3);
    expect(value).toEqual(new Uint8Array([1, 2, 3]));
    expect(r.offset).toBe(4);
    expect(r.readUint()).toBe(9);
    expect(value.buffer).toBe(bytes.buffer);
    expect(value.byteOffset).toBe(bytes.byteOffset);
    bytes[1] = 0x42; // a view, not a copy
    expect(value[1]).toBe(0x42);
  });

  it('reads fixed opaque of 0 and 4 bytes', () => {
    const r = reader('01020304');
    expect(r.readOpaqueFixed(0)).toEqual(new Uint8Array(0));
    expect(r.offset).toBe(0);
    expect(r.readOpaqueFixed(4)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(r.offset).toBe(4);
  });

  it('reads a 16-byte UUID', () => {
    const r = reader('6695eb01 f6a4 8304 79aa 97f2502e193f');
    expect(Array.from(r.readOpaqueFixed(16))).toEqual([
      0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f,
    ]);
  });

  it('truncates fixed opaque whose bytes or padding are missing', () => {
    expectXdrError(() => reader('0102').readOpaqueFixed(3), Truncated, 0);
    expectXdrError(() => reader('010203').readOpaqueFixed(3), Truncated, 0);
  });

  it('reads variable opaque as a zero-copy view of the input buffer', () => {
    const buffer = new ArrayBuffer(32);
    const bytes = new Uint8Array(buffer, 4, 16);
    bytes.set(hex('00000005 01020304 05000000 00000000'));
    const r = new XdrReader(bytes);
    const value = r.readOpaque(8);
    expect(value).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
    expect(value.buffer).toBe(buffer);
    expect(value.byteOffset).toBe(8);
    expect(r.offset).toBe(12);
    expect(r.readOpaque(0)).toEqual(new Uint8Array(0));
    r.expectEnd();
  });

  it('rejects variable opaque over its maximum as LimitExceeded', () => {
    const error = expectXdrError(() => reader('00000005 01020304 05000000').readOpaque(4), LimitExceeded, 0);
    expect(error.message).toBe('opaque length 5 exceeds its maximum 4 (at byte 0)');
  });

  it('rejects a declared opaque length of 0xffffffff in a 4-byte buffer without allocating', () => {
    expectXdrError(() => reader('ffffffff').readOpaque(UNBOUNDED), LimitExceeded, 0);
    expectXdrError(() => reader('ffffffff').readOpaque(UINT32_MAX), Truncated, 4);
  });

  it('truncates variable opaque within its maximum but beyond the data', () => {
    expectXdrError(() => reader('00000008 01020304').readOpaque(8), Truncated, 4);
    expectXdrError(() => reader('000000').readOpaque(8), Truncated, 0);
  });
});

describe('XdrReader.readArrayLength', () => {
  it('returns the count and leaves the elements to the caller', () => {
    const r = reader('00000003 0000000a 0000000b 0000000c');
    expect(r.readArrayLength(3)).toBe(3);
    expect(r.offset).toBe(4);
    expect([r.readInt(), r.readInt(), r.readInt()]).toEqual([10, 11, 12]);
  });

  it('accepts an empty array at the end of the data', () => {
    const r = reader('00000000');
    expect(r.readArrayLength(0)).toBe(0);
    r.expectEnd();
  });

  it('rejects a count over the maximum as LimitExceeded', () => {
    const error = expectXdrError(() => reader('00000004 00000000 00000000 00000000 00000000').readArrayLength(3), LimitExceeded, 0);
    expect(error.message).toBe('array length 4 exceeds its maximum 3 (at byte 0)');
  });

  it('rejects a count whose minimum size exceeds the remaining bytes as Truncated at the count', () => {
    const r = reader('00000007 00000003 00000001 00000002');
    r.readUint();
    const error = expectXdrError(() => r.readArrayLength(10), Truncated, 4);
    expect(error.message).toBe('array of 3 elements needs at least 12 bytes, 8 left (at byte 4)');
  });

  it('uses the given minimum element size', () => {
    expect(reader('00000002 00000000 00000000 00000000 00000000').readArrayLength(2, 8)).toBe(2);
    expectXdrError(() => reader('00000002 00000000 00000000 00000000').readArrayLength(2, 8), Truncated, 0);
    expect(reader('00000003 00000000 00000000 00000000').readArrayLength(3)).toBe(3);
  });

  it('refuses a count of 0xffffffff in a 4-byte buffer', () => {
    expectXdrError(() => reader('ffffffff').readArrayLength(UNBOUNDED), LimitExceeded, 0);
    expectXdrError(() => reader('ffffffff').readArrayLength(UINT32_MAX), Truncated, 0);
    expectXdrError(() => reader('ffffffff').readArrayLength(UINT32_MAX, 1), Truncated, 0);
  });

  it('truncates a missing count word', () => {
    expectXdrError(() => reader('000000').readArrayLength(10), Truncated, 0);
  });
});

describe('XdrReader char arrays (one 4-byte integer per C char)', () => {
  // remote_node_get_info_ret from the test driver: char model[32]; unsigned hyper memory;
  // int cpus, mhz, nodes, sockets, cores, threads. 160 bytes on the wire.
  const NODE_INFO = `
    00000069 00000036 00000038 00000036 ${'00000000'.repeat(28)}
    00000000 00300000
    00000010 00000578 00000002 00000002 00000002 00000002`;

  it('reads NODE_GET_INFO: char model[32] takes 128 bytes', () => {
    const bytes = hex(NODE_INFO);
    expect(bytes.length).toBe(160);
    const r = new XdrReader(bytes);
    expect(r.readCharArrayString(32)).toBe('i686');
    expect(r.offset).toBe(128);
    expect(r.readUhyper()).toBe(3145728n);
    expect([r.readInt(), r.readInt(), r.readInt(), r.readInt(), r.readInt(), r.readInt()]).toEqual([16, 1400, 2, 2, 2, 2]);
    r.expectEnd();
  });

  it('reads a char array with no NUL (completely filled)', () => {
    const r = reader('00000061 00000062 00000063 00000064');
    expect(r.readCharArrayString(4)).toBe('abcd');
    expect(r.offset).toBe(16);
  });

  it('stops at the first NUL but consumes the whole array', () => {
    const r = reader('00000061 00000000 00000062 00000063 00000007');
    expect(r.readCharArrayString(4)).toBe('a');
    expect(r.readInt()).toBe(7);
  });

  it('reads an all-NUL and a zero-length array as the empty string', () => {
    expect(reader('00000000 00000000').readCharArrayString(2)).toBe('');
    const r = reader('');
    expect(r.readCharArrayString(0)).toBe('');
  });

  it('decodes sign-extended non-ASCII bytes as UTF-8', () => {
    // "é" is c3 a9; the signed C char sends them as 0xffffffc3, 0xffffffa9.
    const r = reader('ffffffc3 ffffffa9 00000021 00000000');
    expect(r.readCharArrayString(4)).toBe('é!');
  });

  it('decodes a long non-ASCII char array (past the short-string path)', () => {
    // "€" (e2 82 ac) x 10 = 30 bytes in char[32]
    const r = reader(`${'ffffffe2 ffffff82 ffffffac'.repeat(10)} 00000000 00000000`);
    expect(r.readCharArrayString(32)).toBe('€'.repeat(10));
  });

  it('also accepts bytes that were not sign-extended, keeping the low 8 bits', () => {
    expect(reader('000000c3 000000a9').readCharArrayString(2)).toBe('é');
  });

  it('truncates a char[N] shorter than 4*N bytes at its start', () => {
    const r = reader('00000001 00000061 00000062 00000063');
    r.readInt();
    const error = expectXdrError(() => r.readCharArrayString(4), Truncated, 4);
    expect(error.message).toBe('needs 16 bytes, 12 left (at byte 4)');
  });

  it('reads char<max> as bytes, undoing the sign extension', () => {
    const r = reader('00000005 00000000 00000001 0000007f ffffff80 ffffffff 00000009');
    const value = r.readCharArrayBytes(5);
    expect(value).toEqual(new Uint8Array([0x00, 0x01, 0x7f, 0x80, 0xff]));
    expect(r.offset).toBe(24);
    expect(r.readInt()).toBe(9);
  });

  it('reads an empty char<max>', () => {
    const r = reader('00000000');
    expect(r.readCharArrayBytes(0)).toEqual(new Uint8Array(0));
    r.expectEnd();
  });

  it('rejects char<max> over its maximum as LimitExceeded', () => {
    const error = expectXdrError(() => reader('00000003 00000001 00000002 00000003').readCharArrayBytes(2), LimitExceeded, 0);
    expect(error.message).toBe('char array length 3 exceeds its maximum 2 (at byte 0)');
  });

  it('truncates char<max> within its maximum but beyond the data at the elements', () => {
    expectXdrError(() => reader('00000003 00000001 00000002').readCharArrayBytes(3), Truncated, 4);
  });

  it('never allocates for a declared length that the data cannot hold', () => {
    // 0x3fffffff elements would be a 1 GiB array if allocated before the bounds check.
    const readers = ['3fffffff 00000001', 'ffffffff', 'ffffffff', '00000001', 'ffffffff', 'ffffffff'].map(reader);
    const largest = largestAllocation(() => {
      expectXdrError(() => readers[0].readCharArrayBytes(UINT32_MAX), Truncated, 4);
      expectXdrError(() => readers[1].readCharArrayBytes(UINT32_MAX), Truncated, 4);
      expectXdrError(() => readers[2].readCharArrayBytes(UNBOUNDED), LimitExceeded, 0);
      expectXdrError(() => readers[3].readCharArrayString(0x3fffffff), Truncated, 0);
      expectXdrError(() => readers[4].readString(UINT32_MAX), Truncated, 4);
      expectXdrError(() => readers[5].readOpaque(UINT32_MAX), Truncated, 4);
    });
    expect(largest).toBe(0);
  });

  it('the allocation log does see the reader’s allocations (so the test above can fail)', () => {
    const bytes = reader('00000003 00000001 00000002 00000003');
    expect(largestAllocation(() => bytes.readCharArrayBytes(3))).toBe(3);
    const chars = reader('00000061'.repeat(40));
    expect(largestAllocation(() => chars.readCharArrayString(40))).toBe(40);
  });
});

describe('XdrReader.expectEnd', () => {
  it('passes when every byte was read', () => {
    const r = reader('00000001');
    r.readInt();
    expect(() => r.expectEnd()).not.toThrow();
  });

  it('rejects trailing bytes as TrailingBytes at the first unread byte', () => {
    const r = reader('00000001 00000002 03');
    r.readInt();
    const error = expectXdrError(() => r.expectEnd(), TrailingBytes, 4);
    expect(error.message).toBe('5 bytes left after the value (at byte 4)');
  });

  it('counts only the reader’s range', () => {
    const r = new XdrReader(hex('ffffffff 00000001 ffffffff'), 4, 8);
    r.readInt();
    expect(() => r.expectEnd()).not.toThrow();
    const s = new XdrReader(hex('ffffffff 00000001 ffffffff'), 0, 8);
    s.readInt();
    expectXdrError(() => s.expectEnd(), TrailingBytes, 4);
  });
});

describe('XdrError from the reader', () => {
  it('is an RxvirtError named XdrError with reason and offset', () => {
    const error = expectXdrError(() => reader('0000').readInt(), Truncated, 0);
    expect(error).toBeInstanceOf(XdrError);
    expect(error).toBeInstanceOf(RxvirtError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('XdrError');
    expect(error.message).toBe('needs 4 bytes, 2 left (at byte 0)');
  });
});

// A fixture holding every kind of value, read at every possible truncation point.
interface Step {
  hex: string;
  read: (r: XdrReader) => unknown;
  value: unknown;
  /** Bytes from the step's start that must be present for it to succeed. */
  needs: number;
  /** Offset (from the step's start) of the Truncated error when only `have` bytes are present. */
  failsAt: (have: number) => number;
}

const whole = (): number => 0;
const afterLengthWord = (have: number): number => (have < 4 ? 0 : 4);

const STEPS: Step[] = [
  { hex: 'fffffffe', read: (r) => r.readInt(), value: -2, needs: 4, failsAt: whole },
  { hex: 'deadbeef', read: (r) => r.readUint(), value: 0xdeadbeef, needs: 4, failsAt: whole },
  { hex: 'ffffffff fffffffe', read: (r) => r.readHyper(), value: -2n, needs: 8, failsAt: whole },
  { hex: '01234567 89abcdef', read: (r) => r.readUhyper(), value: 0x0123456789abcdefn, needs: 8, failsAt: whole },
  { hex: '00000001', read: (r) => r.readBool(), value: true, needs: 4, failsAt: whole },
  { hex: '3fc00000', read: (r) => r.readFloat(), value: 1.5, needs: 4, failsAt: whole },
  { hex: 'c0000000 00000000', read: (r) => r.readDouble(), value: -2, needs: 8, failsAt: whole },
  { hex: '00000001', read: (r) => r.readOptionalFlag(), value: true, needs: 4, failsAt: whole },
  { hex: '00000006 68c3a96c 6c6f0000', read: (r) => r.readString(6), value: 'héllo', needs: 12, failsAt: afterLengthWord },
  { hex: 'aabbcc00', read: (r) => r.readOpaqueFixed(3), value: new Uint8Array([0xaa, 0xbb, 0xcc]), needs: 4, failsAt: whole },
  {
    hex: '00000005 01020304 05000000',
    read: (r) => r.readOpaque(5),
    value: new Uint8Array([1, 2, 3, 4, 5]),
    needs: 12,
    failsAt: afterLengthWord,
  },
  // int<2> holding [7, 8]: the count needs its 8 bytes of elements, checked at the count word.
  { hex: '00000002', read: (r) => r.readArrayLength(2), value: 2, needs: 12, failsAt: whole },
  { hex: '00000007', read: (r) => r.readInt(), value: 7, needs: 4, failsAt: whole },
  { hex: '00000008', read: (r) => r.readInt(), value: 8, needs: 4, failsAt: whole },
  { hex: 'ffffffc3 ffffffa9 00000000 00000000', read: (r) => r.readCharArrayString(4), value: 'é', needs: 16, failsAt: whole },
  {
    hex: '00000002 ffffffff 00000001',
    read: (r) => r.readCharArrayBytes(8),
    value: new Uint8Array([0xff, 0x01]),
    needs: 12,
    failsAt: afterLengthWord,
  },
];

const FIXTURE = hex(STEPS.map((s) => s.hex).join(''));
const STARTS = STEPS.map((_, i) => STEPS.slice(0, i).reduce((sum, s) => sum + hex(s.hex).length, 0));

/** What reading the fixture's first `cut` bytes must give: the values read, then the error's offset (or null). */
function expected(cut: number): { values: unknown[]; truncatedAt: number | null } {
  const values: unknown[] = [];
  for (let i = 0; i < STEPS.length; i++) {
    const have = cut - STARTS[i];
    if (have < STEPS[i].needs) return { values, truncatedAt: STARTS[i] + STEPS[i].failsAt(have) };
    values.push(STEPS[i].value);
  }
  return { values, truncatedAt: null };
}

function readAll(r: XdrReader, base: number): { values: unknown[]; truncatedAt: number | null } {
  const values: unknown[] = [];
  try {
    for (const step of STEPS) values.push(step.read(r));
  } catch (error) {
    if (!(error instanceof XdrError) || error.reason !== Truncated) throw error;
    return { values, truncatedAt: error.offset - base };
  }
  r.expectEnd();
  return { values, truncatedAt: null };
}

describe('XdrReader at every truncation point of a fixture', () => {
  const cuts = Array.from({ length: FIXTURE.length + 1 }, (_, cut) => cut);

  it('the fixture is what the steps say', () => {
    expect(FIXTURE.length).toBe(112);
    expect(readAll(new XdrReader(FIXTURE), 0)).toEqual({ values: STEPS.map((s) => s.value), truncatedAt: null });
  });

  it('every truncation throws Truncated at the step that crosses the cut (end of range)', () => {
    for (const cut of cuts) {
      expect({ cut, ...readAll(new XdrReader(FIXTURE, 0, cut), 0) }).toEqual({ cut, ...expected(cut) });
    }
  });

  it('every truncation throws Truncated the same way on a copied prefix', () => {
    for (const cut of cuts) {
      expect({ cut, ...readAll(new XdrReader(FIXTURE.slice(0, cut)), 0) }).toEqual({ cut, ...expected(cut) });
    }
  });

  it('a subrange of a larger buffer never reads outside [offset, end)', () => {
    // The fixture sits at byte 7 of a view that starts at byte 3 of its ArrayBuffer. Before it:
    // 0xff bytes; after it: zeros, which would decode as valid values if the reader strayed.
    const base = 7;
    const buffer = new ArrayBuffer(3 + base + FIXTURE.length + 64);
    const all = new Uint8Array(buffer);
    all.fill(0xff, 0, 3 + base);
    const bytes = new Uint8Array(buffer, 3);
    bytes.set(FIXTURE, base);
    for (const cut of cuts) {
      const r = new XdrReader(bytes, base, base + cut);
      expect({ cut, ...readAll(r, base) }).toEqual({ cut, ...expected(cut) });
    }
  });

  it('reports a subrange error offset relative to the start of the input array', () => {
    const bytes = new Uint8Array(20);
    bytes.set(hex('00000005 616263'), 9);
    expectXdrError(() => new XdrReader(bytes, 9, 16).readString(10), Truncated, 13);
  });
});

function catchMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('nothing was thrown');
}
