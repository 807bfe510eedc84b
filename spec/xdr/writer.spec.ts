// XdrWriter output compared to hand-written RFC 4506 bytes, and its argument validation.
import { XdrWriter } from '../../src/xdr/writer.js';
import { XdrReader } from '../../src/xdr/reader.js';
import { XdrError, XdrErrorReason } from '../../src/xdr/xdr-error.js';
import { RxvirtError } from '../../src/errors/rxvirt-error.js';
import { INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, UINT32_MAX, UINT64_MAX, UNBOUNDED } from '../../src/xdr/limits.js';
import { catchXdr, expectXdrError, hex, largestAllocation, toHex } from './xdr-helpers.js';

const { LimitExceeded, InvalidValue } = XdrErrorReason;

/** Hex of what `write` produces on a fresh writer. */
function written(write: (w: XdrWriter) => void, initialCapacity?: number): string {
  const w = new XdrWriter(initialCapacity);
  write(w);
  expect(w.length).toBe(w.finish().length);
  return toHex(w.finish());
}

/** Normalises a hand-written hex fixture for comparison with `written`. */
function bytes(text: string): string {
  return toHex(hex(text));
}

/** Lets a test pass a wrongly typed argument, as untyped JavaScript callers could. */
function loose<T>(value: unknown): T {
  return value as T;
}

describe('XdrWriter integers', () => {
  it('writes int big-endian, two’s complement', () => {
    expect(written((w) => [0, 1, -1, INT32_MAX, INT32_MIN, 0x01020304, -2].forEach((v) => w.writeInt(v)))).toBe(
      bytes('00000000 00000001 ffffffff 7fffffff 80000000 01020304 fffffffe'),
    );
  });

  it('writes -0 as 0', () => {
    expect(written((w) => w.writeInt(-0))).toBe('00000000');
  });

  it('writes unsigned int', () => {
    expect(written((w) => [0, UINT32_MAX, 0x80000000, 0x01020304].forEach((v) => w.writeUint(v)))).toBe(
      bytes('00000000 ffffffff 80000000 01020304'),
    );
  });

  it('writes hyper exactly, including values beyond 2^53', () => {
    expect(
      written((w) => [INT64_MIN, INT64_MAX, -1n, 4294967296n, 9007199254740993n, -9007199254740993n].forEach((v) => w.writeHyper(v))),
    ).toBe(
      bytes(`
        80000000 00000000 | 7fffffff ffffffff | ffffffff ffffffff | 00000001 00000000
        00200000 00000001 | ffdfffff ffffffff`),
    );
  });

  it('writes unsigned hyper up to UINT64_MAX exactly', () => {
    expect(written((w) => [UINT64_MAX, 1n << 63n, 9007199254740993n, 0n].forEach((v) => w.writeUhyper(v)))).toBe(
      bytes('ffffffff ffffffff | 80000000 00000000 | 00200000 00000001 | 00000000 00000000'),
    );
  });
});

describe('XdrWriter bool, flag, float, double', () => {
  it('writes bool as 1 and 0', () => {
    expect(written((w) => (w.writeBool(true), w.writeBool(false)))).toBe(bytes('00000001 00000000'));
  });

  it('writes the optional-data flag as 1 and 0', () => {
    expect(written((w) => (w.writeOptionalFlag(true), w.writeOptionalFlag(false)))).toBe(bytes('00000001 00000000'));
  });

  it('writes float as IEEE 754 single precision, rounding to nearest', () => {
    expect(
      written((w) => [1.5, Math.PI, -Math.PI, Infinity, -Infinity, -0, 2 ** -149, NaN].forEach((v) => w.writeFloat(v))),
    ).toBe(bytes('3fc00000 40490fdb c0490fdb 7f800000 ff800000 80000000 00000001 7fc00000'));
  });

  it('writes double as IEEE 754 double precision', () => {
    expect(written((w) => [1, Math.PI, -0, Infinity, 5e-324, Number.MAX_VALUE, -2].forEach((v) => w.writeDouble(v)))).toBe(
      bytes(`
        3ff00000 00000000 | 400921fb 54442d18 | 80000000 00000000 | 7ff00000 00000000
        00000000 00000001 | 7fefffff ffffffff | c0000000 00000000`),
    );
  });
});

describe('XdrWriter string', () => {
  it.each([
    ['empty', '', '00000000'],
    ['1 byte + 3 padding', 'a', '00000001 61000000'],
    ['3 bytes + 1 padding', 'abc', '00000003 61626300'],
    ['4 bytes, no padding', 'abcd', '00000004 61626364'],
    ['5 bytes + 3 padding', 'abcde', '00000005 61626364 65000000'],
    ['short multibyte', 'héllo', '00000006 68c3a96c 6c6f0000'],
    ['4-byte UTF-8 (astral)', '😀', '00000004 f09f9880'],
    ['3-byte UTF-8', '€', '00000003 e282ac00'],
    ['embedded NUL', 'a\0b', '00000003 61006200'],
    ['leading byte-order mark', '\ufeffa', '00000004 efbbbf61'],
    ['lone surrogate as U+FFFD', 'a\ud800', '00000004 61efbfbd'],
    ['long multibyte', 'ü'.repeat(20), `00000028 ${'c3bc'.repeat(20)}`],
    ['long ASCII', 'x'.repeat(30), `0000001e ${'78'.repeat(30)} 0000`],
  ])('writes %s', (_name, value, text) => {
    expect(written((w) => w.writeString(value, UNBOUNDED))).toBe(bytes(text));
  });

  it('accepts a string whose UTF-8 length equals the maximum', () => {
    expect(written((w) => w.writeString('ééé', 6))).toBe(bytes('00000006 c3a9c3a9 c3a90000'));
    expect(written((w) => w.writeString('', 0))).toBe('00000000');
  });

  it('rejects more UTF-16 units than the maximum before encoding', () => {
    const w = new XdrWriter();
    w.writeUint(1);
    const error = expectXdrError(() => w.writeString('abcd', 3), LimitExceeded, 4);
    expect(error.message).toBe('string of at least 4 bytes exceeds its maximum 3 (at byte 4)');
    expect(w.length).toBe(4);
  });

  it('rejects a string whose UTF-8 bytes exceed the maximum and restores its position', () => {
    const w = new XdrWriter();
    w.writeUint(1);
    // 3 UTF-16 units pass the first check; the 6 UTF-8 bytes do not.
    const error = expectXdrError(() => w.writeString('ééé', 5), LimitExceeded, 4);
    expect(error.message).toBe('string of 6 bytes exceeds its maximum 5 (at byte 4)');
    expect(w.length).toBe(4);
    // The failed attempt left encoded bytes in the buffer: the next value overwrites them and its
    // padding is zeroed, not left over.
    w.writeString('a', 5);
    w.writeUint(2);
    expect(toHex(w.finish())).toBe(bytes('00000001 00000001 61000000 00000002'));
  });

  it('refuses a huge string before allocating for it', () => {
    const huge = 'x'.repeat(UNBOUNDED + 1);
    const w = new XdrWriter();
    let error: XdrError | undefined;
    const largest = largestAllocation(() => {
      error = catchXdr(() => w.writeString(huge, UNBOUNDED));
    });
    expect(error?.reason).toBe(LimitExceeded);
    expect(error?.offset).toBe(0);
    expect(largest).toBe(0);
    expect(w.length).toBe(0);
  });

  it('the allocation log does see the writer growing (so the test above can fail)', () => {
    const w = new XdrWriter(16);
    expect(largestAllocation(() => w.writeString('x'.repeat(100), UNBOUNDED))).toBeGreaterThanOrEqual(304);
  });

  it.each([
    ['a number', 5, 'string expected, got number 5 (at byte 0)'],
    ['undefined', undefined, 'string expected, got undefined (at byte 0)'],
    ['bytes', new Uint8Array(2), 'string expected, got Uint8Array(2) (at byte 0)'],
  ])('rejects %s as InvalidValue', (_name, value, message) => {
    expect(expectXdrError(() => new XdrWriter().writeString(loose(value), 10), InvalidValue, 0).message).toBe(message);
  });
});

describe('XdrWriter opaque', () => {
  it('writes fixed opaque with zero padding', () => {
    expect(written((w) => w.writeOpaqueFixed(new Uint8Array([1, 2, 3]), 3))).toBe(bytes('01020300'));
    expect(written((w) => w.writeOpaqueFixed(new Uint8Array([1, 2, 3, 4]), 4))).toBe(bytes('01020304'));
    expect(written((w) => w.writeOpaqueFixed(new Uint8Array(0), 0))).toBe('');
    expect(written((w) => w.writeOpaqueFixed(hex('6695eb01f6a4830479aa97f2502e193f'), 16))).toBe('6695eb01f6a4830479aa97f2502e193f');
  });

  it('writes variable opaque with its length and zero padding', () => {
    expect(written((w) => w.writeOpaque(new Uint8Array([1, 2, 3, 4, 5]), 5))).toBe(bytes('00000005 01020304 05000000'));
    expect(written((w) => w.writeOpaque(new Uint8Array(0), 0))).toBe('00000000');
  });

  it('writes a subarray’s own bytes only', () => {
    const source = new Uint8Array([9, 9, 1, 2, 9]);
    expect(written((w) => w.writeOpaque(source.subarray(2, 4), 8))).toBe(bytes('00000002 01020000'));
  });

  it('accepts a Node Buffer (a Uint8Array)', () => {
    expect(written((w) => w.writeOpaque(Buffer.from([0xab]), 1))).toBe(bytes('00000001 ab000000'));
  });

  it.each([
    ['too short', new Uint8Array(2), 'opaque[3] needs a Uint8Array of exactly 3 bytes, got Uint8Array(2) (at byte 0)'],
    ['too long', new Uint8Array(4), 'opaque[3] needs a Uint8Array of exactly 3 bytes, got Uint8Array(4) (at byte 0)'],
    ['an array', [1, 2, 3], 'opaque[3] needs a Uint8Array of exactly 3 bytes, got array(3) (at byte 0)'],
    ['a string', 'abc', 'opaque[3] needs a Uint8Array of exactly 3 bytes, got "abc" (at byte 0)'],
  ])('rejects fixed opaque %s as InvalidValue', (_name, value, message) => {
    expect(expectXdrError(() => new XdrWriter().writeOpaqueFixed(loose(value), 3), InvalidValue, 0).message).toBe(message);
  });

  it('rejects variable opaque that is not a Uint8Array', () => {
    for (const value of [[1, 2], 'ab', new Uint16Array(2), new ArrayBuffer(2), null]) {
      expectXdrError(() => new XdrWriter().writeOpaque(loose(value), 10), InvalidValue, 0);
    }
  });

  it('rejects variable opaque over its maximum as LimitExceeded, writing nothing', () => {
    const w = new XdrWriter();
    w.writeInt(1);
    const error = expectXdrError(() => w.writeOpaque(new Uint8Array(5), 4), LimitExceeded, 4);
    expect(error.message).toBe('opaque length 5 exceeds its maximum 4 (at byte 4)');
    expect(w.length).toBe(4);
  });
});

describe('XdrWriter arrays', () => {
  it('writes a variable array’s count only', () => {
    expect(written((w) => w.writeArrayLength([7, 8, 9], 3))).toBe('00000003');
    expect(written((w) => w.writeArrayLength([], 0))).toBe('00000000');
  });

  it('rejects a count over the maximum as LimitExceeded', () => {
    const error = expectXdrError(() => new XdrWriter().writeArrayLength([1, 2, 3, 4], 3), LimitExceeded, 0);
    expect(error.message).toBe('array length 4 exceeds its maximum 3 (at byte 0)');
  });

  it.each([
    ['a string', 'abc', 'array expected, got "abc" (at byte 0)'],
    ['an array-like object', { length: 2 }, 'array expected, got object [object Object] (at byte 0)'],
    ['a Uint8Array', new Uint8Array(2), 'array expected, got Uint8Array(2) (at byte 0)'],
    ['undefined', undefined, 'array expected, got undefined (at byte 0)'],
  ])('rejects %s for a variable array as InvalidValue', (_name, value, message) => {
    expect(expectXdrError(() => new XdrWriter().writeArrayLength(loose(value), 10), InvalidValue, 0).message).toBe(message);
  });

  it('checks a fixed array’s length and writes nothing', () => {
    const w = new XdrWriter();
    w.checkFixedArray([1, 2, 3], 3);
    expect(w.length).toBe(0);
    expect(expectXdrError(() => w.checkFixedArray([1, 2], 3), InvalidValue, 0).message).toBe(
      'array of exactly 3 elements expected, got array(2) (at byte 0)',
    );
    expectXdrError(() => w.checkFixedArray(loose('abc'), 3), InvalidValue, 0);
    expectXdrError(() => w.checkFixedArray(loose(new Uint8Array(3)), 3), InvalidValue, 0);
  });
});

describe('XdrWriter char arrays (one 4-byte integer per C char)', () => {
  it('writes NODE_GET_INFO’s char model[32] as 128 bytes, NUL-filled', () => {
    expect(written((w) => w.writeCharArrayString('i686', 32))).toBe(
      bytes(`00000069 00000036 00000038 00000036 ${'00000000'.repeat(28)}`),
    );
  });

  it('fills char[N] completely, with no NUL, when the string has N bytes', () => {
    expect(written((w) => w.writeCharArrayString('abcd', 4))).toBe(bytes('00000061 00000062 00000063 00000064'));
  });

  it('writes the empty string as N NULs and char[0] as nothing', () => {
    expect(written((w) => w.writeCharArrayString('', 2))).toBe(bytes('00000000 00000000'));
    expect(written((w) => w.writeCharArrayString('', 0))).toBe('');
  });

  it('sign-extends non-ASCII UTF-8 bytes like a signed C char', () => {
    // "é!" = c3 a9 21
    expect(written((w) => w.writeCharArrayString('é!', 4))).toBe(bytes('ffffffc3 ffffffa9 00000021 00000000'));
  });

  it('rejects a string of more than N UTF-8 bytes as LimitExceeded, writing nothing', () => {
    const w = new XdrWriter();
    w.writeInt(1);
    expect(expectXdrError(() => w.writeCharArrayString('abcde', 4), LimitExceeded, 4).message).toBe(
      'char[4] cannot hold 5 bytes (at byte 4)',
    );
    // 2 UTF-16 units, 4 UTF-8 bytes
    expect(expectXdrError(() => w.writeCharArrayString('éé', 3), LimitExceeded, 4).message).toBe('char[3] cannot hold 4 bytes (at byte 4)');
    expect(w.length).toBe(4);
  });

  it('rejects a non-string for char[N]', () => {
    expectXdrError(() => new XdrWriter().writeCharArrayString(loose(new Uint8Array(2)), 4), InvalidValue, 0);
  });

  it('writes char<max> bytes sign-extended', () => {
    expect(written((w) => w.writeCharArrayBytes(new Uint8Array([0x00, 0x01, 0x7f, 0x80, 0xff]), 5))).toBe(
      bytes('00000005 00000000 00000001 0000007f ffffff80 ffffffff'),
    );
    expect(written((w) => w.writeCharArrayBytes(new Uint8Array(0), 0))).toBe('00000000');
  });

  it('rejects char<max> over its maximum or not a Uint8Array', () => {
    expect(expectXdrError(() => new XdrWriter().writeCharArrayBytes(new Uint8Array(3), 2), LimitExceeded, 0).message).toBe(
      'char array length 3 exceeds its maximum 2 (at byte 0)',
    );
    expect(expectXdrError(() => new XdrWriter().writeCharArrayBytes(loose([1, 2]), 2), InvalidValue, 0).message).toBe(
      'char array needs a Uint8Array, got array(2) (at byte 0)',
    );
  });
});

describe('XdrWriter argument validation', () => {
  const cases: [string, (w: XdrWriter) => void, string][] = [
    ['int 1.5', (w) => w.writeInt(1.5), 'int must be an integer in [-2147483648, 2147483647], got 1.5'],
    ['int NaN', (w) => w.writeInt(NaN), 'int must be an integer in [-2147483648, 2147483647], got NaN'],
    ['int Infinity', (w) => w.writeInt(Infinity), 'int must be an integer in [-2147483648, 2147483647], got Infinity'],
    ['int 2^31', (w) => w.writeInt(2 ** 31), 'int must be an integer in [-2147483648, 2147483647], got 2147483648'],
    ['int -2^31-1', (w) => w.writeInt(-(2 ** 31) - 1), 'int must be an integer in [-2147483648, 2147483647], got -2147483649'],
    ['int "1"', (w) => w.writeInt(loose('1')), 'int must be an integer in [-2147483648, 2147483647], got 1'],
    ['int 1n', (w) => w.writeInt(loose(1n)), 'int must be an integer in [-2147483648, 2147483647], got 1'],
    ['uint -1', (w) => w.writeUint(-1), 'unsigned int must be an integer in [0, 4294967295], got -1'],
    ['uint 2^32', (w) => w.writeUint(2 ** 32), 'unsigned int must be an integer in [0, 4294967295], got 4294967296'],
    ['uint 0.5', (w) => w.writeUint(0.5), 'unsigned int must be an integer in [0, 4294967295], got 0.5'],
    [
      'hyper given a number',
      (w) => w.writeHyper(loose(1)),
      'hyper must be a bigint in [-9223372036854775808, 9223372036854775807], got number 1',
    ],
    [
      'hyper INT64_MAX + 1',
      (w) => w.writeHyper(INT64_MAX + 1n),
      'hyper must be a bigint in [-9223372036854775808, 9223372036854775807], got 9223372036854775808n',
    ],
    [
      'hyper INT64_MIN - 1',
      (w) => w.writeHyper(INT64_MIN - 1n),
      'hyper must be a bigint in [-9223372036854775808, 9223372036854775807], got -9223372036854775809n',
    ],
    ['uhyper -1n', (w) => w.writeUhyper(-1n), 'unsigned hyper must be a bigint in [0, 18446744073709551615], got -1n'],
    [
      'uhyper UINT64_MAX + 1',
      (w) => w.writeUhyper(UINT64_MAX + 1n),
      'unsigned hyper must be a bigint in [0, 18446744073709551615], got 18446744073709551616n',
    ],
    [
      'uhyper given a number',
      (w) => w.writeUhyper(loose(5)),
      'unsigned hyper must be a bigint in [0, 18446744073709551615], got number 5',
    ],
    ['bool 1', (w) => w.writeBool(loose(1)), 'bool must be a boolean, got number 1'],
    ['bool "true"', (w) => w.writeBool(loose('true')), 'bool must be a boolean, got "true"'],
    ['bool undefined', (w) => w.writeBool(loose(undefined)), 'bool must be a boolean, got undefined'],
    ['float "1"', (w) => w.writeFloat(loose('1')), 'float must be a number, got "1"'],
    ['double 1n', (w) => w.writeDouble(loose(1n)), 'double must be a number, got 1n'],
  ];

  it.each(cases)('rejects %s as InvalidValue with a clear message, writing nothing', (_name, write, message) => {
    const w = new XdrWriter();
    w.writeUint(0xa1b2c3d4);
    const error = expectXdrError(() => write(w), InvalidValue, 4);
    expect(error.message).toBe(`${message} (at byte 4)`);
    expect(error).toBeInstanceOf(RxvirtError);
    expect(error.name).toBe('XdrError');
    // The writer is still usable and its output unchanged.
    expect(w.length).toBe(4);
    w.writeUint(5);
    expect(toHex(w.finish())).toBe(bytes('a1b2c3d4 00000005'));
  });
});

describe('XdrWriter raw bytes, patchUint, finish', () => {
  it('appends raw bytes without length or padding', () => {
    expect(written((w) => (w.writeRaw(new Uint8Array([1, 2, 3])), w.writeRaw(new Uint8Array([4]))))).toBe('01020304');
  });

  it('patches a length word written as a placeholder', () => {
    const w = new XdrWriter();
    w.writeUint(0);
    w.writeInt(-1);
    w.writeString('ab', 10);
    w.patchUint(0, w.length);
    w.patchUint(4, UINT32_MAX - 1);
    expect(toHex(w.finish())).toBe(bytes('00000010 fffffffe 00000002 61620000'));
    expect(w.length).toBe(16);
  });

  it('patches the last complete word but nothing beyond the bytes written', () => {
    const w = new XdrWriter();
    w.writeUint(1);
    w.writeUint(2);
    w.patchUint(4, 3);
    expect(toHex(w.finish())).toBe(bytes('00000001 00000003'));
    expect(() => w.patchUint(5, 0)).toThrow(RangeError);
    expect(() => w.patchUint(5, 0)).toThrow('cannot patch offset 5 of 8 bytes');
    expect(() => w.patchUint(8, 0)).toThrow(RangeError);
    expect(() => w.patchUint(-1, 0)).toThrow(RangeError);
    expect(() => new XdrWriter().patchUint(0, 0)).toThrow(RangeError);
  });

  it('finish() returns a view of exactly the bytes written, and can be called again after more writes', () => {
    const w = new XdrWriter();
    expect(w.finish()).toEqual(new Uint8Array(0));
    w.writeUint(1);
    const first = w.finish();
    expect(toHex(first)).toBe('00000001');
    expect(first.byteOffset).toBe(0);
    expect(w.finish().buffer).toBe(first.buffer); // no copy
    w.writeUint(2);
    expect(toHex(w.finish())).toBe(bytes('00000001 00000002'));
    expect(toHex(first)).toBe('00000001');
  });
});

describe('XdrWriter growth', () => {
  // Each write starts exactly at the end of a full 16-byte buffer, so it must grow first.
  it.each<[string, (w: XdrWriter) => void, string]>([
    ['int', (w) => w.writeInt(-2), 'fffffffe'],
    ['uint', (w) => w.writeUint(0xdeadbeef), 'deadbeef'],
    ['hyper', (w) => w.writeHyper(-2n), 'ffffffff fffffffe'],
    ['uhyper', (w) => w.writeUhyper(UINT64_MAX), 'ffffffff ffffffff'],
    ['bool', (w) => w.writeBool(true), '00000001'],
    ['float', (w) => w.writeFloat(1.5), '3fc00000'],
    ['double', (w) => w.writeDouble(-2), 'c0000000 00000000'],
    ['optional flag', (w) => w.writeOptionalFlag(true), '00000001'],
    ['string', (w) => w.writeString('héllo', 10), '00000006 68c3a96c 6c6f0000'],
    ['fixed opaque', (w) => w.writeOpaqueFixed(new Uint8Array([1, 2, 3]), 3), '01020300'],
    ['opaque', (w) => w.writeOpaque(new Uint8Array([1, 2, 3, 4, 5]), 5), '00000005 01020304 05000000'],
    ['array length', (w) => w.writeArrayLength([1, 2], 2), '00000002'],
    ['char[N]', (w) => w.writeCharArrayString('é', 2), 'ffffffc3 ffffffa9'],
    ['char<max>', (w) => w.writeCharArrayBytes(new Uint8Array([0x80]), 1), '00000001 ffffff80'],
    ['raw', (w) => w.writeRaw(new Uint8Array([9, 8, 7])), '090807'],
  ])('grows the buffer for %s written at the end of a full buffer', (_name, write, text) => {
    const w = new XdrWriter(16);
    for (let i = 1; i <= 4; i++) w.writeUint(i);
    write(w);
    expect(toHex(w.finish())).toBe(bytes(`00000001 00000002 00000003 00000004 ${text}`));
  });

  it('uses at least 16 bytes of capacity and grows from any initial capacity', () => {
    for (const capacity of [0, 1, 16, 17]) {
      const w = new XdrWriter(capacity);
      for (let i = 0; i < 10; i++) w.writeUint(i + 1);
      expect(toHex(w.finish())).toBe(Array.from({ length: 10 }, (_, i) => (i + 1).toString(16).padStart(8, '0')).join(''));
    }
  });

  it('writes many values past the initial capacity and reads them back', () => {
    const w = new XdrWriter(16);
    for (let i = 0; i < 5000; i++) {
      w.writeInt(i * 7919 - 20000);
      w.writeHyper(BigInt(i) * -1234567890123n);
    }
    expect(w.length).toBe(60000);
    const r = new XdrReader(w.finish());
    const read: [number, bigint][] = [];
    const wrote: [number, bigint][] = [];
    for (let i = 0; i < 5000; i++) {
      read.push([r.readInt(), r.readHyper()]);
      wrote.push([i * 7919 - 20000, BigInt(i) * -1234567890123n]);
    }
    r.expectEnd();
    expect(read).toEqual(wrote);
  });

  it('round-trips a 1 MiB opaque through growth, keeping what came before it', () => {
    const payload = new Uint8Array(1024 * 1024 + 3);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + 7) & 0xff;
    const w = new XdrWriter();
    w.writeUint(0xcafebabe);
    w.writeOpaque(payload, UNBOUNDED);
    w.writeInt(-5);
    expect(w.length).toBe(4 + 4 + payload.length + 1 + 4);
    const out = w.finish();
    expect(toHex(out.subarray(0, 12))).toBe(bytes('cafebabe 00100003 07264564'));
    expect(toHex(out.subarray(out.length - 5))).toBe(bytes('00 fffffffb'));
    const r = new XdrReader(out);
    expect(r.readUint()).toBe(0xcafebabe);
    expect(Buffer.from(r.readOpaque(UNBOUNDED)).equals(Buffer.from(payload))).toBe(true);
    expect(r.readInt()).toBe(-5);
    r.expectEnd();
  });

  it('zero-pads when the padding itself makes the buffer grow', () => {
    // Capacity 17: the 5 opaque bytes end exactly at byte 17, the 3 padding bytes do not fit.
    const w = new XdrWriter(17);
    w.writeUint(1);
    w.writeUint(2);
    w.writeUint(3);
    w.writeOpaqueFixed(new Uint8Array([0xa1, 0xa2, 0xa3, 0xa4, 0xa5]), 5);
    w.writeUint(4);
    expect(toHex(w.finish())).toBe(bytes('00000001 00000002 00000003 a1a2a3a4 a5000000 00000004'));
  });

  it('grows for a string much longer than the capacity', () => {
    const value = 'ß'.repeat(1000);
    const w = new XdrWriter(16);
    w.writeString(value, UNBOUNDED);
    expect(w.length).toBe(4 + 2000);
    expect(new XdrReader(w.finish()).readString(UNBOUNDED)).toBe(value);
  });

  it('grows for char arrays (4 wire bytes per char)', () => {
    const w = new XdrWriter(16);
    w.writeCharArrayString('x'.repeat(100), 256);
    w.writeCharArrayBytes(new Uint8Array(100).fill(0x90), 100);
    expect(w.length).toBe(1024 + 4 + 400);
    const r = new XdrReader(w.finish());
    expect(r.readCharArrayString(256)).toBe('x'.repeat(100));
    expect(r.readCharArrayBytes(100)).toEqual(new Uint8Array(100).fill(0x90));
    r.expectEnd();
  });
});

describe('XdrError from the writer', () => {
  it('is an XdrError carrying the writer’s position', () => {
    const w = new XdrWriter();
    w.writeHyper(0n);
    const error = catchXdr(() => w.writeInt(0.1));
    expect(error).toBeInstanceOf(XdrError);
    expect(error.offset).toBe(8);
  });
});
