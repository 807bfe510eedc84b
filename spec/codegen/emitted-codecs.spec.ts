import ts from 'typescript';
import { emitCodecs } from '../../tools/codegen/emit/emit-codecs.js';
import { emitTypes } from '../../tools/codegen/emit/emit-types.js';
import * as limits from '../../src/xdr/limits.js';
import * as xdrError from '../../src/xdr/xdr-error.js';
import { XdrError, XdrErrorReason } from '../../src/xdr/xdr-error.js';
import { XdrReader } from '../../src/xdr/reader.js';
import { XdrWriter } from '../../src/xdr/writer.js';
import { resolveSnippet } from './snippet.js';

type Encoder = (w: XdrWriter, v: unknown) => void;
type Decoder = (r: XdrReader) => unknown;

/** Emits the codecs of a snippet, transpiles them and loads them with the real XDR runtime. */
function loadCodecs(source: string): Record<string, Encoder | Decoder> {
  const unit = resolveSnippet(source);
  const code = emitCodecs(unit, ['test.x'], [unit]);
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const modules: Record<string, unknown> = { '../../xdr/xdr-error.js': xdrError, '../../xdr/limits.js': limits };
  const exports: Record<string, Encoder | Decoder> = {};
  const load = new Function('require', 'exports', js) as (require: (path: string) => unknown, exports: object) => void;
  load((path) => {
    if (!(path in modules)) throw new Error(`unexpected import ${path}`);
    return modules[path];
  }, exports);
  return exports;
}

function encode(codecs: Record<string, Encoder | Decoder>, name: string, value: unknown): Uint8Array {
  const writer = new XdrWriter();
  (codecs[`encode${name}`] as Encoder)(writer, value);
  return writer.finish().slice();
}

function decode(codecs: Record<string, Encoder | Decoder>, name: string, bytes: Uint8Array): unknown {
  const reader = new XdrReader(bytes);
  const value = (codecs[`decode${name}`] as Decoder)(reader);
  reader.expectEnd();
  return value;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

const SNIPPET = `
const MAX = 3;
typedef string name_t<MAX>;
typedef name_t *maybe_name;
enum color { RED = 0, GREEN = 1 };
struct point { int x; int y; };
struct everything {
  char c; unsigned char uc; short s; unsigned short us; unsigned u; int i; unsigned int ui;
  hyper h; unsigned hyper uh; bool b; float f; double d; color col;
  char model[4]; char data<MAX>;
  opaque fixed[3]; opaque var<MAX>; string text<>;
  maybe_name n1; maybe_name n2; point *p;
  point pts<MAX>; int grid[2]; name_t names<>; maybe_name maybes<2>;
};
struct bag { point pts<MAX>; };
union shape switch (color kind) {
  case RED: point p;
  case GREEN: case 5: void;
  case VIR_TYPED_PARAM_STRING: string label<>;
};
union loose switch (unsigned int tag) {
  case 1: int one;
  default: hyper other;
};
union loose_void switch (int tag) {
  case 1: int one;
  default: void;
};
`;

describe('emitted codecs', () => {
  const codecs = loadCodecs(SNIPPET);

  it('round-trips a struct using every construct', () => {
    const value = {
      c: -1, uc: 255, s: -300, us: 65535, u: 4294967295, i: -2147483648, ui: 7,
      h: -(1n << 63n), uh: (1n << 64n) - 1n, b: true, f: 1.5, d: -0.25, col: 1,
      model: 'ab', data: new Uint8Array([1, 200]),
      fixed: new Uint8Array([1, 2, 3]), var: new Uint8Array([9]), text: 'héllo',
      n1: 'abc', n2: null, p: { x: 1, y: -1 },
      pts: [{ x: 1, y: 2 }, { x: 3, y: 4 }], grid: [5, 6], names: ['a', ''], maybes: [null, 'z'],
    };
    const bytes = encode(codecs, 'Everything', value);
    expect(decode(codecs, 'Everything', bytes)).toEqual(value);
    // char, unsigned char, short and unsigned short are 4-byte integers.
    expect(hex(bytes.subarray(0, 16))).toBe('ffffffff000000fffffffed40000ffff');
    // char model[4] takes 16 bytes: 'a', 'b', NUL, NUL as 4-byte integers.
    const modelAt = 4 * 7 + 8 * 2 + 4 + 4 + 8 + 4;
    expect(hex(bytes.subarray(modelAt, modelAt + 16))).toBe('00000061000000620000000000000000');
    // char data<MAX> = [1, 200]: a count, then one 4-byte (signed char) integer per byte.
    expect(hex(bytes.subarray(modelAt + 16, modelAt + 28))).toBe('0000000200000001ffffffc8');
  });

  it('decodes hand-made bytes of a union arm', () => {
    const red = Uint8Array.from(Buffer.from('00000000' + '00000001' + 'fffffffe', 'hex'));
    expect(decode(codecs, 'Shape', red)).toEqual({ kind: 0, p: { x: 1, y: -2 } });
    const green = Uint8Array.from(Buffer.from('00000005', 'hex'));
    expect(decode(codecs, 'Shape', green)).toEqual({ kind: 5 });
    const label = Uint8Array.from(Buffer.from('00000007' + '00000002' + '68690000', 'hex'));
    expect(decode(codecs, 'Shape', label)).toEqual({ kind: 7, label: 'hi' });
  });

  it('round-trips shared-label, void and default arms', () => {
    for (const value of [{ kind: 0, p: { x: 0, y: 0 } }, { kind: 1 }, { kind: 5 }, { kind: 7, label: 'x' }]) {
      expect(decode(codecs, 'Shape', encode(codecs, 'Shape', value))).toEqual(value);
    }
    expect(decode(codecs, 'Loose', encode(codecs, 'Loose', { tag: 1, one: 2 }))).toEqual({ tag: 1, one: 2 });
    expect(decode(codecs, 'Loose', encode(codecs, 'Loose', { tag: 4000000000, other: 5n }))).toEqual({ tag: 4000000000, other: 5n });
    expect(hex(encode(codecs, 'LooseVoid', { tag: -9 }))).toBe('fffffff7');
    expect(decode(codecs, 'LooseVoid', Uint8Array.from([0, 0, 0, 9]))).toEqual({ tag: 9 });
  });

  it('rejects an unknown discriminant without a default arm, both ways', () => {
    const bytes = Uint8Array.from(Buffer.from('00000002', 'hex'));
    expect(() => decode(codecs, 'Shape', bytes)).toThrow(XdrError);
    expect(() => decode(codecs, 'Shape', bytes)).toThrow(/shape has no arm for kind 2/);
    let error: unknown;
    try {
      encode(codecs, 'Shape', { kind: 2 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(XdrError);
    expect((error as XdrError).reason).toBe(XdrErrorReason.InvalidValue);
  });

  it('enforces limits of arrays, strings and fixed arrays', () => {
    const tooMany = Uint8Array.from(Buffer.from('00000004' + '00'.repeat(32), 'hex'));
    expect(() => decode(codecs, 'Bag', tooMany)).toThrow(expect.objectContaining({ reason: XdrErrorReason.LimitExceeded }));
    // Two points need at least 16 bytes: refused before decoding any of them.
    const short = Uint8Array.from(Buffer.from('00000002' + '00'.repeat(12), 'hex'));
    expect(() => decode(codecs, 'Bag', short)).toThrow(/needs at least 16 bytes/);
    const unit = { kind: 0, p: { x: 0, y: 0 } };
    expect(() => encode(codecs, 'Shape', { ...unit, p: { x: 1.5, y: 0 } })).toThrow(XdrError);
    const base = decode(codecs, 'Everything', encode(codecs, 'Everything', {
      c: 0, uc: 0, s: 0, us: 0, u: 0, i: 0, ui: 0, h: 0n, uh: 0n, b: false, f: 0, d: 0, col: 0,
      model: '', data: new Uint8Array(0), fixed: new Uint8Array(3), var: new Uint8Array(0), text: '',
      n1: null, n2: null, p: null, pts: [], grid: [0, 0], names: [], maybes: [],
    })) as Record<string, unknown>;
    expect(() => encode(codecs, 'Everything', { ...base, pts: [unit.p, unit.p, unit.p, unit.p] })).toThrow(/exceeds its maximum 3/);
    expect(() => encode(codecs, 'Everything', { ...base, grid: [1] })).toThrow(/exactly 2 elements/);
    expect(() => encode(codecs, 'Everything', { ...base, names: ['abcd'] })).toThrow(/exceeds its maximum 3/);
  });

  it('emits types that describe the codecs', () => {
    const types = emitTypes(resolveSnippet(SNIPPET), ['test.x']);
    expect(types).toContain('export type MaybeName = string | null;');
    expect(types).toContain('  maybes: (string | null)[];');
    expect(types).toContain('  model: string;\n  data: Uint8Array;');
    expect(types).toContain('  | { kind: 1 | 5 }');
    expect(types).toContain('  | { tag: number; other: bigint };');
  });
});
