// Random values written by XdrWriter and read back by XdrReader (seeded, so every run is the same).
import { XdrReader } from '../../src/xdr/reader.js';
import { XdrWriter } from '../../src/xdr/writer.js';
import { XdrError, XdrErrorReason } from '../../src/xdr/xdr-error.js';
import { INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, UINT32_MAX, UINT64_MAX, padding } from '../../src/xdr/limits.js';
import { prng } from './xdr-helpers.js';

const utf8 = new TextEncoder();

/** One value of some XDR type: how to write it, how to read it back, and its wire size. */
interface Item {
  type: string;
  value: unknown;
  write: (w: XdrWriter) => void;
  read: (r: XdrReader) => unknown;
  size: number;
}

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }
  uint32(): number {
    return Math.floor(this.next() * 0x1_0000_0000);
  }
  uint64(): bigint {
    return (BigInt(this.uint32()) << 32n) | BigInt(this.uint32());
  }
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
  /** Text mixing 1-, 2-, 3- and 4-byte UTF-8 characters, sometimes starting with U+FEFF. */
  text(codePoints: number, allowNul = true): string {
    let out = this.int(8) === 0 ? '\ufeff' : '';
    for (let i = 0; i < codePoints; i++) {
      const kind = this.int(5);
      if (kind <= 1) out += String.fromCharCode((allowNul ? 0 : 1) + this.int(allowNul ? 0x80 : 0x7f));
      else if (kind === 2) out += String.fromCharCode(0x80 + this.int(0x780));
      else if (kind === 3) out += String.fromCharCode(0xe000 + this.int(0x2000)); // no surrogates
      else out += String.fromCodePoint(0x10000 + this.int(0x100000));
    }
    return out;
  }
  /** A 32-bit pattern seen as float: covers denormals, infinities and NaN. */
  float(): number {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, this.uint32());
    return view.getFloat32(0);
  }
  double(): number {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, this.uint64());
    return view.getFloat64(0);
  }
}

const INT_EDGES = [0, 1, -1, INT32_MAX, INT32_MIN];
const UINT_EDGES = [0, 1, UINT32_MAX, 0x8000_0000];
const HYPER_EDGES = [0n, -1n, INT64_MAX, INT64_MIN, (1n << 53n) + 1n, -(1n << 53n) - 1n];
const UHYPER_EDGES = [0n, UINT64_MAX, 1n << 63n, (1n << 53n) + 1n];

function randomItem(rnd: Random): Item {
  switch (rnd.int(14)) {
    case 0: {
      const value = rnd.int(4) === 0 ? rnd.pick(INT_EDGES) : rnd.uint32() | 0;
      return { type: 'int', value, write: (w) => w.writeInt(value), read: (r) => r.readInt(), size: 4 };
    }
    case 1: {
      const value = rnd.int(4) === 0 ? rnd.pick(UINT_EDGES) : rnd.uint32();
      return { type: 'uint', value, write: (w) => w.writeUint(value), read: (r) => r.readUint(), size: 4 };
    }
    case 2: {
      const value = rnd.int(4) === 0 ? rnd.pick(HYPER_EDGES) : BigInt.asIntN(64, rnd.uint64());
      return { type: 'hyper', value, write: (w) => w.writeHyper(value), read: (r) => r.readHyper(), size: 8 };
    }
    case 3: {
      const value = rnd.int(4) === 0 ? rnd.pick(UHYPER_EDGES) : rnd.uint64();
      return { type: 'uhyper', value, write: (w) => w.writeUhyper(value), read: (r) => r.readUhyper(), size: 8 };
    }
    case 4: {
      const value = rnd.int(2) === 1;
      if (rnd.int(2) === 0) return { type: 'bool', value, write: (w) => w.writeBool(value), read: (r) => r.readBool(), size: 4 };
      return { type: 'flag', value, write: (w) => w.writeOptionalFlag(value), read: (r) => r.readOptionalFlag(), size: 4 };
    }
    case 5: {
      const value = rnd.float();
      return { type: 'float', value, write: (w) => w.writeFloat(value), read: (r) => r.readFloat(), size: 4 };
    }
    case 6: {
      const value = rnd.double();
      return { type: 'double', value, write: (w) => w.writeDouble(value), read: (r) => r.readDouble(), size: 8 };
    }
    case 7:
    case 8: {
      const value = rnd.text(rnd.int(4) === 0 ? 20 + rnd.int(60) : rnd.int(12));
      const length = utf8.encode(value).length;
      const max = length + rnd.int(3);
      return {
        type: 'string',
        value,
        write: (w) => w.writeString(value, max),
        read: (r) => r.readString(max),
        size: 4 + length + padding(length),
      };
    }
    case 9: {
      const value = rnd.bytes(rnd.int(20));
      return {
        type: 'opaque[]',
        value,
        write: (w) => w.writeOpaqueFixed(value, value.length),
        read: (r) => r.readOpaqueFixed(value.length),
        size: value.length + padding(value.length),
      };
    }
    case 10: {
      const value = rnd.bytes(rnd.int(40));
      const max = value.length + rnd.int(3);
      return {
        type: 'opaque<>',
        value,
        write: (w) => w.writeOpaque(value, max),
        read: (r) => r.readOpaque(max),
        size: 4 + value.length + padding(value.length),
      };
    }
    case 11: {
      // A C string in char[N]: no NUL inside, N at least its UTF-8 length (sometimes exactly).
      const value = rnd.text(rnd.int(10), false);
      const length = utf8.encode(value).length + rnd.int(3);
      return {
        type: 'char[]',
        value,
        write: (w) => w.writeCharArrayString(value, length),
        read: (r) => r.readCharArrayString(length),
        size: length * 4,
      };
    }
    case 12: {
      const value = rnd.bytes(rnd.int(12));
      const max = value.length + rnd.int(3);
      return {
        type: 'char<>',
        value,
        write: (w) => w.writeCharArrayBytes(value, max),
        read: (r) => r.readCharArrayBytes(max),
        size: 4 + value.length * 4,
      };
    }
    default: {
      // hyper<max>: count, then the elements.
      const value = Array.from({ length: rnd.int(5) }, () => BigInt.asIntN(64, rnd.uint64()));
      const max = value.length + rnd.int(3);
      return {
        type: 'hyper<>',
        value,
        write: (w) => {
          w.writeArrayLength(value, max);
          for (const v of value) w.writeHyper(v);
        },
        read: (r) => {
          const count = r.readArrayLength(max, 8);
          return Array.from({ length: count }, () => r.readHyper());
        },
        size: 4 + value.length * 8,
      };
    }
  }
}

function randomCase(seed: number): Item[] {
  const rnd = new Random(seed);
  return Array.from({ length: 1 + rnd.int(12) }, () => randomItem(rnd));
}

const SEEDS = Array.from({ length: 400 }, (_, i) => 0x5eed + i * 7919);

describe('XDR round trips of random values', () => {
  it('the generator is deterministic and covers every type', () => {
    expect(randomCase(SEEDS[3]).map((item) => item.type)).toEqual(randomCase(SEEDS[3]).map((item) => item.type));
    const types = new Set(SEEDS.flatMap((seed) => randomCase(seed).map((item) => item.type)));
    expect([...types].sort()).toEqual(
      ['bool', 'char<>', 'char[]', 'double', 'flag', 'float', 'hyper', 'hyper<>', 'int', 'opaque<>', 'opaque[]', 'string', 'uhyper', 'uint'].sort(),
    );
  });

  it('reads back exactly what was written, with the expected wire size, for 400 seeds', () => {
    for (const seed of SEEDS) {
      const items = randomCase(seed);
      const w = new XdrWriter(16 + (seed % 64));
      const sizes: number[] = [];
      for (const item of items) {
        const before = w.length;
        item.write(w);
        sizes.push(w.length - before);
      }
      expect({ seed, sizes }).toEqual({ seed, sizes: items.map((item) => item.size) });
      const bytes = w.finish();
      expect(bytes.length % 4).toBe(0);
      const r = new XdrReader(bytes);
      const values = items.map((item) => item.read(r));
      r.expectEnd();
      // toEqual compares numbers with Object.is: -0 and NaN must come back as they went.
      expect({ seed, values }).toEqual({ seed, values: items.map((item) => item.value) });
    }
  });

  it('reads the same values from a copy embedded in a larger buffer at an unaligned offset', () => {
    for (const seed of SEEDS.slice(0, 100)) {
      const items = randomCase(seed);
      const w = new XdrWriter();
      for (const item of items) item.write(w);
      const bytes = w.finish();
      const host = new Uint8Array(bytes.length + 10).fill(0xee);
      host.set(bytes, 5);
      const r = new XdrReader(host, 5, 5 + bytes.length);
      expect({ seed, values: items.map((item) => item.read(r)) }).toEqual({ seed, values: items.map((item) => item.value) });
      r.expectEnd();
    }
  });

  it('fails with Truncated, and nothing else, when the encoding is cut anywhere', () => {
    for (const seed of SEEDS.slice(0, 100)) {
      const items = randomCase(seed);
      const w = new XdrWriter();
      for (const item of items) item.write(w);
      const bytes = w.finish();
      if (bytes.length === 0) continue; // only zero-length values: nothing to cut
      const rnd = new Random(seed ^ 0xabcdef);
      const cut = rnd.int(bytes.length);
      const r = new XdrReader(bytes, 0, cut);
      let error: unknown;
      try {
        for (const item of items) item.read(r);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(XdrError);
      expect({ seed, cut, reason: (error as XdrError).reason }).toEqual({ seed, cut, reason: XdrErrorReason.Truncated });
      expect((error as XdrError).offset).toBeLessThanOrEqual(cut);
    }
  });
});
