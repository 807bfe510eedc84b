import { parseNumberLiteral, parseSpecification } from '../../tools/codegen/parser.js';
import { SourceError } from '../../tools/codegen/source-error.js';
import type { Definition } from '../../tools/codegen/ast.js';

function parse(source: string): readonly Definition[] {
  return parseSpecification(source, 'test.x').definitions;
}

function parseError(source: string): SourceError {
  try {
    parse(source);
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

describe('parseSpecification', () => {
  it('reads decimal, negative, hex and unspaced constants', () => {
    const definitions = parse('const A = 64;\nconst B=-5;\nconst C = 0x20008086;\nconst D=0XfF;\nconst E = B;');
    expect(definitions.map((d) => (d.kind === 'const' ? [d.name, d.value] : null))).toEqual([
      ['A', expect.objectContaining({ kind: 'number', value: 64n })],
      ['B', expect.objectContaining({ kind: 'number', value: -5n })],
      ['C', expect.objectContaining({ kind: 'number', value: 0x20008086n, text: '0x20008086' })],
      ['D', expect.objectContaining({ kind: 'number', value: 255n })],
      ['E', expect.objectContaining({ kind: 'name', name: 'B' })],
    ]);
  });

  it('reads C octal literals like rpcgen', () => {
    expect(parseNumberLiteral('010')).toBe(8n);
    expect(parseNumberLiteral('0')).toBe(0n);
    expect(parseNumberLiteral('-0x10')).toBe(-16n);
  });

  it('reads enums with explicit, named and implicit values and a trailing comma', () => {
    const [definition] = parse('enum color { RED = 1, GREEN = RED, BLUE, };');
    expect(definition).toMatchObject({
      kind: 'enum',
      name: 'color',
      members: [
        { name: 'RED', value: { kind: 'number', value: 1n } },
        { name: 'GREEN', value: { kind: 'name', name: 'RED' } },
        { name: 'BLUE', value: null },
      ],
    });
  });

  it('reads every declaration form and primitive type of a struct', () => {
    const [definition] = parse(`
      struct everything {
        int a; unsigned int b; unsigned c; hyper d; unsigned hyper e;
        char f; unsigned char g; short h; unsigned short i;
        bool j; float k; double l;
        int fixed[4]; int variable<8>; int unbounded<>;
        opaque o1[16]; opaque o2<32>; opaque o3<>;
        string s1<64>; string s2<>;
        char model[32]; char data<LIMIT>;
        other_type *optional; other_type named;
      };`);
    if (definition.kind !== 'struct') throw new Error('not a struct');
    const summary = definition.fields.map((field) => [
      field.name,
      field.type.kind === 'primitive' ? field.type.name : `named ${field.type.name}`,
      field.form,
      field.size === null ? null : field.size.kind === 'number' ? field.size.value : field.size.name,
    ]);
    expect(summary).toEqual([
      ['a', 'int', 'single', null],
      ['b', 'unsigned int', 'single', null],
      ['c', 'unsigned int', 'single', null],
      ['d', 'hyper', 'single', null],
      ['e', 'unsigned hyper', 'single', null],
      ['f', 'char', 'single', null],
      ['g', 'unsigned char', 'single', null],
      ['h', 'short', 'single', null],
      ['i', 'unsigned short', 'single', null],
      ['j', 'bool', 'single', null],
      ['k', 'float', 'single', null],
      ['l', 'double', 'single', null],
      ['fixed', 'int', 'fixed', 4n],
      ['variable', 'int', 'variable', 8n],
      ['unbounded', 'int', 'variable', null],
      ['o1', 'opaque', 'fixed', 16n],
      ['o2', 'opaque', 'variable', 32n],
      ['o3', 'opaque', 'variable', null],
      ['s1', 'string', 'variable', 64n],
      ['s2', 'string', 'variable', null],
      ['model', 'char', 'fixed', 32n],
      ['data', 'char', 'variable', 'LIMIT'],
      ['optional', 'named other_type', 'optional', null],
      ['named', 'named other_type', 'single', null],
    ]);
  });

  it('reads unions with enum and constant labels, shared labels, void and default arms', () => {
    const [definition] = parse(`
      union value switch (kind_t kind) {
      case KIND_INT:
        int i;
      case 2:
      case VIR_TYPED_PARAM_STRING:
        string s<>;
      case 4:
        void;
      default:
        opaque raw<>;
      };`);
    if (definition.kind !== 'union') throw new Error('not a union');
    expect(definition.discriminant).toMatchObject({ name: 'kind', type: { kind: 'named', name: 'kind_t' } });
    expect(definition.arms.map((arm) => [arm.labels.map((l) => (l.kind === 'number' ? l.value : l.name)), arm.declaration?.name ?? null])).toEqual([
      [['KIND_INT'], 'i'],
      [[2n, 'VIR_TYPED_PARAM_STRING'], 's'],
      [[4n], null],
    ]);
    expect(definition.defaultArm?.declaration?.name).toBe('raw');
  });

  it('reads typedefs of every form', () => {
    const definitions = parse('typedef string name_t<64>; typedef name_t *maybe_name; typedef opaque uuid[16]; typedef int list<>;');
    expect(definitions.map((d) => (d.kind === 'typedef' ? [d.name, d.declaration.form] : null))).toEqual([
      ['name_t', 'variable'],
      ['maybe_name', 'optional'],
      ['uuid', 'fixed'],
      ['list', 'variable'],
    ]);
  });

  it('skips % passthrough lines and keeps the last comment before each enum member', () => {
    const definitions = parse(`%#include "internal.h"
  %#include <stdio.h>
/* file comment */
enum proc {
    /* general notes: @generate: none|client|server|both */
    /**
     * @generate: both
     * @acl: domain:read
     */
    PROC_A = 1, // trailing
    PROC_B = 2
};`);
    expect(definitions).toHaveLength(1);
    const [definition] = definitions;
    if (definition.kind !== 'enum') throw new Error('not an enum');
    expect(definition.members[0].comment).toContain('@acl: domain:read');
    expect(definition.members[0].comment).not.toContain('general notes');
    expect(definition.members[1].comment).toBe(' trailing');
  });

  it('reports errors with file, line and column', () => {
    expect(parseError('const A = 1;\nstruct s {\n  int a\n};').message).toBe("test.x:4:1: expected ';', found '}'");
    expect(parseError('const A = ;').message).toBe("test.x:1:11: expected a number or a constant name, found ';'");
    expect(parseError('struct s { string name; };').message).toMatch(/^test\.x:1:19: string name needs a maximum length/);
    expect(parseError('\n\n  program P { version V { void NULL(void) = 0; } = 1; } = 7;').message).toMatch(
      /^test\.x:3:3: program definitions are not supported/,
    );
    expect(parseError('union u switch (int k) { case 1: void; default: void; default: void; };').message).toMatch(
      /^test\.x:1:55: a union has at most one default arm/,
    );
    expect(parseError('struct s {\n  int a; /* open\n').message).toBe('test.x:2:10: unterminated comment');
    expect(parseError('const A = 12abc;').message).toBe('test.x:1:11: malformed number');
    expect(parseError('struct s { int a; } ;\n  $').message).toBe("test.x:2:3: unexpected character '$'");
    expect(parseError('struct s { struct { int a; } inner; };').message).toMatch(/inline struct definitions are not supported/);
  });
});
