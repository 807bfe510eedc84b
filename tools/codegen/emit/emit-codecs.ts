import { defaultedFields } from '../defaulted-fields.js';
import { decoderName, encoderName, typeName } from '../naming.js';
import { ImportCollector } from './import-collector.js';
import { imports, indent, numberLiteral, signature, sourceFile } from './source-text.js';
import { tsType } from './ts-type.js';
import { minimumWireSize } from './wire-size.js';
import type { Limit, StructModel, TypeModel, TypedefModel, UnionModel, UnitModel, WireType } from '../model.js';

/**
 * `codecs.ts`: `encodeX(w, v)` and `decodeX(r)` for every struct, union and typedef. Typedefs
 * are inlined into field codecs; decoders build one object literal per struct with the fields
 * in wire order; arrays are read by one monomorphic helper per element type.
 */
export function emitCodecs(unit: UnitModel, inputs: readonly string[], allUnits: readonly UnitModel[]): string {
  return new CodecEmitter(unit, allUnits).emit(inputs);
}

type NamedWireType = WireType & { kind: 'struct' | 'union' };
type ArmField = UnionModel['arms'][number]['field'];

class CodecEmitter {
  private readonly collector: ImportCollector;
  private readonly helpers = new Map<string, string>();
  private readonly sizes = new Map<string, number>();
  private usesUnbounded = false;
  private usesXdrError = false;

  constructor(
    private readonly unit: UnitModel,
    private readonly allUnits: readonly UnitModel[],
  ) {
    this.collector = new ImportCollector(unit.unit, 'codecs');
  }

  emit(inputs: readonly string[]): string {
    const functions = this.unit.types.map((type) => this.codecs(type));
    const helperNames = [...this.helpers.keys()].sort();
    const helpers = helperNames.map((name) => this.helpers.get(name) ?? '');
    const runtime = [
      "import type { XdrReader } from '../../xdr/reader.js';",
      "import type { XdrWriter } from '../../xdr/writer.js';",
    ];
    if (this.usesXdrError) runtime.push("import { XdrError, XdrErrorReason } from '../../xdr/xdr-error.js';");
    if (this.usesUnbounded) runtime.push("import { UNBOUNDED } from '../../xdr/limits.js';");
    return sourceFile(inputs, [imports([...runtime, ...this.collector.lines()]), ...functions, ...helpers]);
  }

  private codecs(type: TypeModel): string {
    const name = type.name;
    const ts = this.collector.add(this.unit.unit, 'types', typeName(name));
    const encodeBody = type.kind === 'struct' ? this.encodeStruct(type) : type.kind === 'union' ? this.encodeUnion(type) : this.encodeTypedef(type);
    const decodeBody = type.kind === 'struct' ? this.decodeStruct(type) : type.kind === 'union' ? this.decodeUnion(type) : this.decodeTypedef(type);
    return [
      `${signature(`export function ${encoderName(name)}`, ['w: XdrWriter', `v: ${ts}`], ': void {')}\n${indent(encodeBody.join('\n'))}\n}`,
      `${signature(`export function ${decoderName(name)}`, ['r: XdrReader'], `: ${ts} {`)}\n${indent(decodeBody.join('\n'))}\n}`,
    ].join('\n\n');
  }

  private encodeStruct(struct: StructModel): string[] {
    const defaults = defaultedFields(struct);
    return struct.fields.flatMap((field) => {
      const fallback = defaults.get(field.name);
      return this.encode(field.type, fallback === undefined ? `v.${field.name}` : `v.${field.name} ?? ${fallback}`, 0);
    });
  }

  private decodeStruct(struct: StructModel): string[] {
    if (struct.fields.length === 0) return ['return {};'];
    const fields = struct.fields.map((field) => `${field.name}: ${this.decode(field.type)},`);
    return ['return {', ...indent(fields.join('\n')).split('\n'), '};'];
  }

  private encodeTypedef(typedef: TypedefModel): string[] {
    return this.encode(typedef.type, 'v', 0);
  }

  private decodeTypedef(typedef: TypedefModel): string[] {
    return [`return ${this.decode(typedef.type)};`];
  }

  private encodeUnion(union: UnionModel): string[] {
    const discriminant = `v.${union.discriminant.name}`;
    const write = union.discriminant.unsigned ? 'writeUint' : 'writeInt';
    const cases: string[] = [];
    for (const arm of union.arms) {
      const labels = arm.values.map((value) => `case ${numberLiteral(value)}:`);
      const body = arm.field === null ? [] : this.encode(arm.field.type, `v.${arm.field.name}`, 0);
      cases.push(...labels, indent([...body, 'return;'].join('\n')));
    }
    if (union.defaultArm === null) {
      this.usesXdrError = true;
      const found = `String((v as { ${union.discriminant.name}: unknown }).${union.discriminant.name})`;
      cases.push('default:', indent(throwInvalid(`\`${union.name} has no arm for ${union.discriminant.name} \${${found}}\``, 'w.length')));
    } else {
      const field = union.defaultArm.field;
      cases.push('default:', indent([...(field === null ? [] : this.encode(field.type, `v.${field.name}`, 0)), 'return;'].join('\n')));
    }
    return [`w.${write}(${discriminant});`, `switch (${discriminant}) {`, ...indent(cases.join('\n')).split('\n'), '}'];
  }

  private decodeUnion(union: UnionModel): string[] {
    const read = union.discriminant.unsigned ? 'readUint' : 'readInt';
    const key = union.discriminant.name;
    const value = (field: ArmField): string =>
      field === null ? `return { ${key}: discriminant };` : `return { ${key}: discriminant, ${field.name}: ${this.decode(field.type)} };`;
    const cases: string[] = [];
    for (const arm of union.arms) {
      cases.push(...arm.values.map((label) => `case ${numberLiteral(label)}:`), indent(value(arm.field)));
    }
    if (union.defaultArm === null) {
      this.usesXdrError = true;
      cases.push('default:', indent(throwInvalid(`\`${union.name} has no arm for ${key} \${discriminant}\``, 'r.offset - 4')));
    } else {
      cases.push('default:', indent(value(union.defaultArm.field)));
    }
    return [`const discriminant = r.${read}();`, 'switch (discriminant) {', ...indent(cases.join('\n')).split('\n'), '}'];
  }

  /** Statements writing `value` (a TS expression) of the given wire type. */
  private encode(type: WireType, value: string, depth: number): string[] {
    switch (type.kind) {
      case 'scalar':
        return [`w.${SCALAR_WRITERS[type.scalar]}(${value});`];
      case 'enum':
        return [`w.writeInt(${value});`];
      case 'string':
        return [`w.writeString(${value}, ${this.limit(type.max)});`];
      case 'fixedOpaque':
        return [`w.writeOpaqueFixed(${value}, ${type.length});`];
      case 'opaque':
        return [`w.writeOpaque(${value}, ${this.limit(type.max)});`];
      case 'fixedCharString':
        return [`w.writeCharArrayString(${value}, ${type.length});`];
      case 'charBytes':
        return [`w.writeCharArrayBytes(${value}, ${this.limit(type.max)});`];
      case 'optional':
        return [`w.writeOptionalFlag(${value} !== null);`, ...block(`if (${value} !== null)`, this.encode(type.element, value, depth))];
      case 'fixedArray':
      case 'array': {
        const item = depth === 0 ? 'item' : `item${depth}`;
        const check = type.kind === 'array'
          ? `w.writeArrayLength(${value}, ${this.limit(type.max)});`
          : `w.checkFixedArray(${value}, ${type.length});`;
        return [check, ...block(`for (const ${item} of ${value})`, this.encode(type.element, item, depth + 1))];
      }
      case 'struct':
      case 'union':
        return [`${this.collector.add(type.type.unit, 'codecs', encoderName(type.type.name))}(w, ${value});`];
    }
  }

  /** An expression reading a value of the given wire type from `r`. */
  private decode(type: WireType): string {
    switch (type.kind) {
      case 'scalar':
        return `r.${SCALAR_READERS[type.scalar]}()`;
      case 'enum':
        return 'r.readInt()';
      case 'string':
        return `r.readString(${this.limit(type.max)})`;
      case 'fixedOpaque':
        return `r.readOpaqueFixed(${type.length})`;
      case 'opaque':
        return `r.readOpaque(${this.limit(type.max)})`;
      case 'fixedCharString':
        return `r.readCharArrayString(${type.length})`;
      case 'charBytes':
        return `r.readCharArrayBytes(${this.limit(type.max)})`;
      case 'optional':
        return `r.readOptionalFlag() ? ${this.decode(type.element)} : null`;
      case 'fixedArray':
        return `${this.arrayHelper(type.element, true)}(r, ${type.length})`;
      case 'array':
        return `${this.arrayHelper(type.element, false)}(r, ${this.limit(type.max)})`;
      case 'struct':
      case 'union':
        return `${this.collector.add(type.type.unit, 'codecs', decoderName(type.type.name))}(r)`;
    }
  }

  /** Name of the module-private function reading an array of `element`, defined on first use. */
  private arrayHelper(element: WireType, fixed: boolean): string {
    const name = `decode${elementKey(element)}${fixed ? 'FixedArray' : 'Array'}`;
    if (this.helpers.has(name)) return name;
    this.helpers.set(name, '');
    const ts = tsType(element, this.collector);
    const count = fixed ? 'length' : 'count';
    const lines = [`function ${name}(r: XdrReader, ${fixed ? 'length' : 'max'}: number): ${ts.includes(' ') ? `(${ts})` : ts}[] {`];
    if (!fixed) lines.push(`  const count = r.readArrayLength(max, ${this.minimumSize(element)});`);
    lines.push(
      `  const items: ${ts.includes(' ') ? `(${ts})` : ts}[] = [];`,
      `  for (let i = 0; i < ${count}; i++) items.push(${this.decode(element)});`,
      '  return items;',
      '}',
    );
    this.helpers.set(name, lines.join('\n'));
    return name;
  }

  private limit(limit: Limit): string {
    if (limit !== 'unbounded') return String(limit);
    this.usesUnbounded = true;
    return 'UNBOUNDED';
  }

  private minimumSize(type: WireType): number {
    return minimumWireSize(type, (named) => this.namedSize(named));
  }

  private namedSize(named: NamedWireType): number {
    const key = `${named.type.unit}/${named.type.name}`;
    const known = this.sizes.get(key);
    if (known !== undefined) return known;
    this.sizes.set(key, 0);
    const model = this.allUnits.find((unit) => unit.unit === named.type.unit)?.types.find((type) => type.name === named.type.name);
    let size = 0;
    if (model?.kind === 'struct') size = model.fields.reduce((sum, field) => sum + this.minimumSize(field.type), 0);
    if (model?.kind === 'union') {
      const arms = [...model.arms.map((arm) => arm.field), ...(model.defaultArm === null ? [] : [model.defaultArm.field])];
      size = 4 + Math.min(...arms.map((field) => (field === null ? 0 : this.minimumSize(field.type))));
    }
    this.sizes.set(key, size);
    return size;
  }
}

const SCALAR_WRITERS = {
  int: 'writeInt',
  uint: 'writeUint',
  hyper: 'writeHyper',
  uhyper: 'writeUhyper',
  bool: 'writeBool',
  float: 'writeFloat',
  double: 'writeDouble',
} as const;

const SCALAR_READERS = {
  int: 'readInt',
  uint: 'readUint',
  hyper: 'readHyper',
  uhyper: 'readUhyper',
  bool: 'readBool',
  float: 'readFloat',
  double: 'readDouble',
} as const;

/** A `throw` of an InvalidValue XdrError, one argument per line (they rarely fit on one). */
function throwInvalid(message: string, offset: string): string {
  return ['throw new XdrError(', '  XdrErrorReason.InvalidValue,', `  ${message},`, `  ${offset},`, ');'].join('\n');
}

/** `head body;` when the body is one statement, else a braced block. */
function block(head: string, body: readonly string[]): string[] {
  if (body.length === 1) return [`${head} ${body[0]}`];
  return [`${head} {`, ...body.map((line) => `  ${line}`), '}'];
}

/** A name part for an array element type: the typedef or type name, else a wire description. */
function elementKey(type: WireType): string {
  if (type.alias !== undefined) return typeName(type.alias.name);
  switch (type.kind) {
    case 'scalar':
      return type.scalar[0].toUpperCase() + type.scalar.slice(1);
    case 'enum':
    case 'struct':
    case 'union':
      return typeName(type.type.name);
    case 'string':
    case 'opaque':
    case 'charBytes':
      return `${type.kind[0].toUpperCase()}${type.kind.slice(1)}${type.max === 'unbounded' ? 'Unbounded' : type.max}`;
    case 'fixedOpaque':
    case 'fixedCharString':
      return `${type.kind[0].toUpperCase()}${type.kind.slice(1)}${type.length}`;
    case 'fixedArray':
      return `${elementKey(type.element)}FixedArray${type.length}`;
    case 'array':
      return `${elementKey(type.element)}Array${type.max === 'unbounded' ? 'Unbounded' : type.max}`;
    case 'optional':
      return `Optional${elementKey(type.element)}`;
  }
}
