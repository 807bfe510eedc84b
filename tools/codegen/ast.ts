import type { SourcePosition } from './source-error.js';

/** A size or constant value as written: a number literal or the name of a constant. */
export type ValueExpression =
  | { readonly kind: 'number'; readonly value: bigint; readonly text: string; readonly pos: SourcePosition }
  | { readonly kind: 'name'; readonly name: string; readonly pos: SourcePosition };

/** Built-in types; `char`, `short` and bare `unsigned` are 4-byte integers on the wire. */
export type PrimitiveTypeName =
  | 'int'
  | 'unsigned int'
  | 'hyper'
  | 'unsigned hyper'
  | 'char'
  | 'unsigned char'
  | 'short'
  | 'unsigned short'
  | 'bool'
  | 'float'
  | 'double'
  | 'opaque'
  | 'string';

export type TypeSpecifier =
  | { readonly kind: 'primitive'; readonly name: PrimitiveTypeName; readonly pos: SourcePosition }
  | { readonly kind: 'named'; readonly name: string; readonly pos: SourcePosition };

/**
 * `T x` (single), `T x[N]` (fixed), `T x<N>` / `T x<>` (variable, size null when unbounded),
 * `T *x` (optional).
 */
export type DeclarationForm = 'single' | 'fixed' | 'variable' | 'optional';

export interface Declaration {
  readonly name: string;
  readonly type: TypeSpecifier;
  readonly form: DeclarationForm;
  readonly size: ValueExpression | null;
  readonly pos: SourcePosition;
}

export interface ConstDefinition {
  readonly kind: 'const';
  readonly name: string;
  readonly value: ValueExpression;
  readonly pos: SourcePosition;
}

export interface EnumMember {
  readonly name: string;
  /** null when the value is implicit (previous value + 1, as rpcgen allows). */
  readonly value: ValueExpression | null;
  /** The last comment before the member: where procedure annotations live. */
  readonly comment: string | null;
  readonly pos: SourcePosition;
}

export interface EnumDefinition {
  readonly kind: 'enum';
  readonly name: string;
  readonly members: readonly EnumMember[];
  readonly pos: SourcePosition;
}

export interface StructDefinition {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: readonly Declaration[];
  readonly pos: SourcePosition;
}

export interface UnionArm {
  /** Case labels sharing this arm; empty for the `default` arm. */
  readonly labels: readonly ValueExpression[];
  /** null for a `void` arm. */
  readonly declaration: Declaration | null;
}

export interface UnionDefinition {
  readonly kind: 'union';
  readonly name: string;
  readonly discriminant: Declaration;
  readonly arms: readonly UnionArm[];
  readonly defaultArm: UnionArm | null;
  readonly pos: SourcePosition;
}

export interface TypedefDefinition {
  readonly kind: 'typedef';
  readonly name: string;
  readonly declaration: Declaration;
  readonly pos: SourcePosition;
}

export type Definition = ConstDefinition | EnumDefinition | StructDefinition | UnionDefinition | TypedefDefinition;

/** One parsed `.x` file. */
export interface Specification {
  readonly file: string;
  readonly definitions: readonly Definition[];
}
