import { SourceError } from './source-error.js';
import type { SourcePosition } from './source-error.js';
import type { Declaration, Definition, Specification, TypeSpecifier, ValueExpression } from './ast.js';
import type {
  ConstantModel,
  EnumModel,
  Field,
  Limit,
  NamedType,
  TypeModel,
  UnionArmModel,
  UnitModel,
  WireType,
} from './model.js';

/** A parsed `.x` file and the units whose names it may use (QEMU and LXC use remote's types). */
export interface UnitSource {
  readonly unit: string;
  readonly specification: Specification;
  readonly dependencies: readonly string[];
}

/** Largest XDR length: sizes are unsigned 32-bit. */
const MAX_SIZE = 0xffff_ffffn;

type SymbolEntry = { readonly unit: string; readonly definition: Definition };

/**
 * Resolves every unit: evaluates constants and sizes (falling back to `externalConstant` for
 * names the `.x` files use without defining, such as `VIR_UUID_BUFLEN`), checks every type name,
 * and inlines typedefs into wire types. Units must come after their dependencies.
 */
export function resolveUnits(
  sources: readonly UnitSource[],
  externalConstant: (name: string) => bigint | undefined,
): UnitModel[] {
  const symbolsByUnit = new Map<string, Map<string, SymbolEntry>>();
  const models: UnitModel[] = [];
  for (const source of sources) {
    const own = new Map<string, SymbolEntry>();
    for (const definition of source.specification.definitions) {
      for (const name of definedNames(definition)) {
        const previous = own.get(name);
        if (previous !== undefined) throw new SourceError(positionOf(definition, name), `${name} is defined twice`);
        own.set(name, { unit: source.unit, definition });
      }
    }
    symbolsByUnit.set(source.unit, own);
    const visible = [own, ...source.dependencies.map((unit) => dependency(symbolsByUnit, unit, source.unit))];
    models.push(new UnitResolver(source, visible, externalConstant).resolve());
  }
  return models;
}

function dependency(symbolsByUnit: Map<string, Map<string, SymbolEntry>>, unit: string, from: string): Map<string, SymbolEntry> {
  const symbols = symbolsByUnit.get(unit);
  if (symbols === undefined) throw new Error(`unit ${from} depends on ${unit}, which must be resolved first`);
  return symbols;
}

function definedNames(definition: Definition): string[] {
  return definition.kind === 'enum'
    ? [definition.name, ...definition.members.map((member) => member.name)]
    : [definition.name];
}

function positionOf(definition: Definition, name: string): SourcePosition {
  if (definition.kind === 'enum') return definition.members.find((member) => member.name === name)?.pos ?? definition.pos;
  return definition.pos;
}

class UnitResolver {
  private readonly constantCache = new Map<string, bigint>();
  private readonly resolvingConstants = new Set<string>();
  private readonly resolvingTypedefs = new Set<string>();
  private readonly externalNames = new Set<string>();

  constructor(
    private readonly source: UnitSource,
    private readonly visible: readonly Map<string, SymbolEntry>[],
    private readonly externalConstant: (name: string) => bigint | undefined,
  ) {}

  resolve(): UnitModel {
    const constants: ConstantModel[] = [];
    const enums: EnumModel[] = [];
    const types: TypeModel[] = [];
    for (const definition of this.source.specification.definitions) {
      switch (definition.kind) {
        case 'const':
          constants.push({
            name: definition.name,
            value: this.constant(definition.name, definition.pos),
            hex: definition.value.kind === 'number' && /^-?0[xX]/.test(definition.value.text),
          });
          break;
        case 'enum':
          enums.push({
            name: definition.name,
            members: definition.members.map((member) => ({
              name: member.name,
              value: this.constant(member.name, member.pos),
              comment: member.comment,
            })),
          });
          break;
        case 'struct':
          types.push({ kind: 'struct', name: definition.name, fields: definition.fields.map((field) => this.field(field)) });
          break;
        case 'union':
          types.push(this.union(definition));
          break;
        case 'typedef':
          types.push({ kind: 'typedef', name: definition.name, type: this.declarationType(definition.declaration) });
          break;
      }
    }
    return {
      unit: this.source.unit,
      file: this.source.specification.file,
      constants,
      enums,
      types,
      externalConstants: [...this.externalNames],
    };
  }

  private union(definition: Extract<Definition, { kind: 'union' }>): TypeModel {
    const discriminantType = this.declarationType(definition.discriminant);
    const integer = discriminantType.kind === 'enum' || (discriminantType.kind === 'scalar' && (discriminantType.scalar === 'int' || discriminantType.scalar === 'uint'));
    if (!integer) {
      throw new SourceError(definition.discriminant.pos, `union ${definition.name}: only int, unsigned int and enum discriminants are supported`);
    }
    const seen = new Set<bigint>();
    const arms = definition.arms.map((arm): UnionArmModel => {
      const values = arm.labels.map((label) => {
        const value = this.value(label);
        if (seen.has(value)) throw new SourceError(label.pos, `union ${definition.name}: case ${value} appears twice`);
        seen.add(value);
        return value;
      });
      return { values, field: arm.declaration === null ? null : this.field(arm.declaration) };
    });
    const defaultArm = definition.defaultArm === null
      ? null
      : { field: definition.defaultArm.declaration === null ? null : this.field(definition.defaultArm.declaration) };
    return {
      kind: 'union',
      name: definition.name,
      discriminant: {
        name: definition.discriminant.name,
        unsigned: discriminantType.kind === 'scalar' && discriminantType.scalar === 'uint',
      },
      arms,
      defaultArm,
    };
  }

  private field(declaration: Declaration): Field {
    return { name: declaration.name, type: this.declarationType(declaration) };
  }

  private declarationType(declaration: Declaration): WireType {
    const { type, form } = declaration;
    const primitive = type.kind === 'primitive' ? type.name : null;
    const isChar = primitive === 'char' || primitive === 'unsigned char';
    switch (form) {
      case 'single':
        return this.typeOf(type);
      case 'optional':
        return { kind: 'optional', element: this.typeOf(type) };
      case 'fixed': {
        const length = this.size(declaration.size, declaration.pos);
        if (primitive === 'opaque') return { kind: 'fixedOpaque', length };
        if (isChar) return { kind: 'fixedCharString', length };
        if (primitive === 'string') throw new SourceError(declaration.pos, 'string has no fixed-length form');
        return { kind: 'fixedArray', element: this.typeOf(type), length };
      }
      case 'variable': {
        const max: Limit = declaration.size === null ? 'unbounded' : this.size(declaration.size, declaration.pos);
        if (primitive === 'opaque') return { kind: 'opaque', max };
        if (primitive === 'string') return { kind: 'string', max };
        if (isChar) return { kind: 'charBytes', max };
        return { kind: 'array', element: this.typeOf(type), max };
      }
    }
  }

  /** The wire type of a type specifier used as a single value or an array element. */
  private typeOf(type: TypeSpecifier): WireType {
    if (type.kind === 'primitive') {
      switch (type.name) {
        case 'int':
        case 'char':
        case 'short':
          return { kind: 'scalar', scalar: 'int' };
        case 'unsigned int':
        case 'unsigned char':
        case 'unsigned short':
          return { kind: 'scalar', scalar: 'uint' };
        case 'hyper':
          return { kind: 'scalar', scalar: 'hyper' };
        case 'unsigned hyper':
          return { kind: 'scalar', scalar: 'uhyper' };
        case 'bool':
        case 'float':
        case 'double':
          return { kind: 'scalar', scalar: type.name };
        case 'opaque':
        case 'string':
          throw new SourceError(type.pos, `${type.name} needs a length here`);
      }
    }
    const symbol = this.symbol(type.name, type.pos);
    const named: NamedType = { name: type.name, unit: symbol.unit };
    switch (symbol.definition.kind) {
      case 'struct':
        return { kind: 'struct', type: named };
      case 'union':
        return { kind: 'union', type: named };
      case 'enum':
        if (symbol.definition.name !== type.name) break;
        return { kind: 'enum', type: named };
      case 'typedef': {
        if (this.resolvingTypedefs.has(type.name)) throw new SourceError(type.pos, `typedef ${type.name} refers to itself`);
        this.resolvingTypedefs.add(type.name);
        const resolved = this.declarationType(symbol.definition.declaration);
        this.resolvingTypedefs.delete(type.name);
        return { ...resolved, alias: named };
      }
      case 'const':
        break;
    }
    throw new SourceError(type.pos, `${type.name} is a constant, not a type`);
  }

  private symbol(name: string, pos: SourcePosition): SymbolEntry {
    for (const symbols of this.visible) {
      const symbol = symbols.get(name);
      if (symbol !== undefined) return symbol;
    }
    throw new SourceError(pos, `unknown type ${name}`);
  }

  private size(expression: ValueExpression | null, pos: SourcePosition): number {
    if (expression === null) throw new SourceError(pos, 'missing size');
    const value = this.value(expression);
    if (value < 0n || value > MAX_SIZE) throw new SourceError(expression.pos, `size ${value} is outside 0..${MAX_SIZE}`);
    return Number(value);
  }

  private value(expression: ValueExpression): bigint {
    return expression.kind === 'number' ? expression.value : this.constant(expression.name, expression.pos);
  }

  /** Value of a `.x` constant or enum member, or else of an API XML constant. */
  private constant(name: string, pos: SourcePosition): bigint {
    const cached = this.constantCache.get(name);
    if (cached !== undefined) return cached;
    let value: bigint | undefined;
    const symbol = this.visible.map((symbols) => symbols.get(name)).find((found) => found !== undefined);
    if (symbol === undefined) {
      value = this.externalConstant(name);
      if (value === undefined) throw new SourceError(pos, `unknown constant ${name} (not in the .x files nor the API XML)`);
      this.externalNames.add(name);
    } else {
      if (this.resolvingConstants.has(name)) throw new SourceError(pos, `constant ${name} depends on itself`);
      this.resolvingConstants.add(name);
      value = this.definedValue(symbol.definition, name, pos);
      this.resolvingConstants.delete(name);
    }
    this.constantCache.set(name, value);
    return value;
  }

  private definedValue(definition: Definition, name: string, pos: SourcePosition): bigint {
    if (definition.kind === 'const') return this.value(definition.value);
    if (definition.kind === 'enum' && definition.name !== name) {
      const index = definition.members.findIndex((member) => member.name === name);
      const member = definition.members[index];
      if (member.value !== null) return this.value(member.value);
      return index === 0 ? 0n : this.constant(definition.members[index - 1].name, member.pos) + 1n;
    }
    throw new SourceError(pos, `${name} is a type, not a constant`);
  }
}
