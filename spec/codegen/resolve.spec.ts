import { resolveUnits } from '../../tools/codegen/resolve.js';
import { parseSpecification } from '../../tools/codegen/parser.js';
import { resolveSnippet } from './snippet.js';
import type { StructModel, TypeModel } from '../../tools/codegen/model.js';

function struct(types: readonly TypeModel[], name: string): StructModel {
  const found = types.find((type) => type.name === name);
  if (found?.kind !== 'struct') throw new Error(`no struct ${name}`);
  return found;
}

describe('resolveUnits', () => {
  it('evaluates constants and enum values, including names from the API XML', () => {
    const unit = resolveSnippet('const A = 0x10; const B = A; const UUID = VIR_UUID_BUFLEN;\nenum e { X = 3, Y, Z = B };');
    expect(unit.constants).toEqual([
      { name: 'A', value: 16n, hex: true },
      { name: 'B', value: 16n, hex: false },
      { name: 'UUID', value: 16n, hex: false },
    ]);
    expect(unit.enums[0].members.map((m) => [m.name, m.value])).toEqual([
      ['X', 3n],
      ['Y', 4n],
      ['Z', 16n],
    ]);
    expect(unit.externalConstants).toEqual(['VIR_UUID_BUFLEN']);
  });

  it('maps every type to its wire form, inlining typedefs', () => {
    const unit = resolveSnippet(`
      const MAX = 8;
      typedef string name_t<MAX>;
      typedef name_t *maybe_name;
      typedef opaque uuid_t[VIR_UUID_BUFLEN];
      enum color { RED = 0 };
      struct inner { int x; };
      struct s {
        char c; unsigned char uc; short sh; unsigned short us; unsigned u;
        hyper h; unsigned hyper uh; bool b; float f; double d; color col;
        char model[32]; char data<MAX>; unsigned char bytes<>;
        maybe_name n; uuid_t id; inner in; inner *opt; inner list<MAX>; int fixed[2]; name_t names<>;
      };`);
    const fields = Object.fromEntries(struct(unit.types, 's').fields.map((field) => [field.name, field.type]));
    expect(fields.c).toEqual({ kind: 'scalar', scalar: 'int' });
    expect(fields.uc).toEqual({ kind: 'scalar', scalar: 'uint' });
    expect(fields.sh).toEqual({ kind: 'scalar', scalar: 'int' });
    expect(fields.us).toEqual({ kind: 'scalar', scalar: 'uint' });
    expect(fields.u).toEqual({ kind: 'scalar', scalar: 'uint' });
    expect(fields.h).toEqual({ kind: 'scalar', scalar: 'hyper' });
    expect(fields.uh).toEqual({ kind: 'scalar', scalar: 'uhyper' });
    expect([fields.b, fields.f, fields.d]).toEqual(['bool', 'float', 'double'].map((scalar) => ({ kind: 'scalar', scalar })));
    expect(fields.col).toEqual({ kind: 'enum', type: { name: 'color', unit: 'test' } });
    expect(fields.model).toEqual({ kind: 'fixedCharString', length: 32 });
    expect(fields.data).toEqual({ kind: 'charBytes', max: 8 });
    expect(fields.bytes).toEqual({ kind: 'charBytes', max: 'unbounded' });
    expect(fields.n).toEqual({
      kind: 'optional',
      element: { kind: 'string', max: 8, alias: { name: 'name_t', unit: 'test' } },
      alias: { name: 'maybe_name', unit: 'test' },
    });
    expect(fields.id).toEqual({ kind: 'fixedOpaque', length: 16, alias: { name: 'uuid_t', unit: 'test' } });
    expect(fields.in).toEqual({ kind: 'struct', type: { name: 'inner', unit: 'test' } });
    expect(fields.opt).toEqual({ kind: 'optional', element: { kind: 'struct', type: { name: 'inner', unit: 'test' } } });
    expect(fields.list).toEqual({ kind: 'array', element: { kind: 'struct', type: { name: 'inner', unit: 'test' } }, max: 8 });
    expect(fields.fixed).toEqual({ kind: 'fixedArray', element: { kind: 'scalar', scalar: 'int' }, length: 2 });
    expect(fields.names).toMatchObject({ kind: 'array', max: 'unbounded', element: { kind: 'string', max: 8 } });
  });

  it('resolves union labels from enums, constants and the API XML', () => {
    const unit = resolveSnippet(`
      enum kind { K_A = 10, K_B = 11 };
      const C = 12;
      union u switch (kind k) { case K_A: int a; case K_B: case C: void; case VIR_TYPED_PARAM_STRING: string s<>; default: hyper h; };
      union v switch (unsigned int t) { case 1: int x; };`);
    expect(unit.types[0]).toEqual({
      kind: 'union',
      name: 'u',
      discriminant: { name: 'k', unsigned: false },
      arms: [
        { values: [10n], field: { name: 'a', type: { kind: 'scalar', scalar: 'int' } } },
        { values: [11n, 12n], field: null },
        { values: [7n], field: { name: 's', type: { kind: 'string', max: 'unbounded' } } },
      ],
      defaultArm: { field: { name: 'h', type: { kind: 'scalar', scalar: 'hyper' } } },
    });
    expect(unit.types[1]).toMatchObject({ discriminant: { name: 't', unsigned: true } });
  });

  it('reports unknown names, misuse and cycles with positions', () => {
    expect(() => resolveSnippet('struct s {\n  missing_t x;\n};')).toThrow('test.x:2:3: unknown type missing_t');
    expect(() => resolveSnippet('struct s { int x<NOPE>; };')).toThrow('test.x:1:18: unknown constant NOPE (not in the .x files nor the API XML)');
    expect(() => resolveSnippet('const A = 1; struct s { A x; };')).toThrow(/A is a constant, not a type/);
    expect(() => resolveSnippet('struct s { int a; }; struct t { int x<s>; };')).toThrow(/s is a type, not a constant/);
    expect(() => resolveSnippet('const A = B; const B = A;')).toThrow(/depends on itself/);
    expect(() => resolveSnippet('const A = 1; const A = 2;')).toThrow(/A is defined twice/);
    expect(() => resolveSnippet('union u switch (bool b) { case 1: void; };')).toThrow(/only int, unsigned int and enum discriminants/);
    expect(() => resolveSnippet('union u switch (int b) { case 1: void; case 1: int x; };')).toThrow(/case 1 appears twice/);
    expect(() => resolveSnippet('struct s { int x[-1]; };')).toThrow(/size -1 is outside/);
  });

  it('lets a unit use the types and constants of its dependencies', () => {
    const base = parseSpecification('const LIMIT = 4; struct shared_t { int x; };', 'base.x');
    const user = parseSpecification('struct user_t { shared_t s; int list<LIMIT>; };', 'user.x');
    const [, unit] = resolveUnits(
      [
        { unit: 'base', specification: base, dependencies: [] },
        { unit: 'user', specification: user, dependencies: ['base'] },
      ],
      () => undefined,
    );
    expect(struct(unit.types, 'user_t').fields).toEqual([
      { name: 's', type: { kind: 'struct', type: { name: 'shared_t', unit: 'base' } } },
      { name: 'list', type: { kind: 'array', element: { kind: 'scalar', scalar: 'int' }, max: 4 } },
    ]);
  });
});
