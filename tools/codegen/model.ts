/**
 * The resolved protocol model the emitters work from: every size is a number, every typedef is
 * inlined down to what travels on the wire, every name is tied to the unit (output folder)
 * that defines it.
 */

/** A maximum length; `unbounded` for `<>` declarations. */
export type Limit = number | 'unbounded';

/** A type defined by name in some unit: `remote_nonnull_domain` in `remote`. */
export interface NamedType {
  readonly name: string;
  readonly unit: string;
}

/** Four-byte and eight-byte XDR scalars; `char` and `short` are `int` here. */
export type ScalarKind = 'int' | 'uint' | 'hyper' | 'uhyper' | 'bool' | 'float' | 'double';

export type WireTypeBody =
  | { readonly kind: 'scalar'; readonly scalar: ScalarKind }
  | { readonly kind: 'enum'; readonly type: NamedType }
  | { readonly kind: 'string'; readonly max: Limit }
  | { readonly kind: 'fixedOpaque'; readonly length: number }
  | { readonly kind: 'opaque'; readonly max: Limit }
  /** `char x[N]`: a C string in N 4-byte integers. */
  | { readonly kind: 'fixedCharString'; readonly length: number }
  /** `char x<N>`: bytes, each in a 4-byte integer. */
  | { readonly kind: 'charBytes'; readonly max: Limit }
  | { readonly kind: 'fixedArray'; readonly element: WireType; readonly length: number }
  | { readonly kind: 'array'; readonly element: WireType; readonly max: Limit }
  | { readonly kind: 'optional'; readonly element: WireType }
  | { readonly kind: 'struct'; readonly type: NamedType }
  | { readonly kind: 'union'; readonly type: NamedType };

/** A wire type, remembering the typedef it came through (used to name helpers). */
export type WireType = WireTypeBody & { readonly alias?: NamedType };

export interface Field {
  readonly name: string;
  readonly type: WireType;
}

export interface StructModel {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: readonly Field[];
}

export interface UnionArmModel {
  readonly values: readonly bigint[];
  /** null for a `void` arm. */
  readonly field: Field | null;
}

export interface UnionModel {
  readonly kind: 'union';
  readonly name: string;
  readonly discriminant: { readonly name: string; readonly unsigned: boolean };
  readonly arms: readonly UnionArmModel[];
  readonly defaultArm: { readonly field: Field | null } | null;
}

export interface TypedefModel {
  readonly kind: 'typedef';
  readonly name: string;
  readonly type: WireType;
}

export type TypeModel = StructModel | UnionModel | TypedefModel;

export interface ConstantModel {
  readonly name: string;
  readonly value: bigint;
  /** Written in hex in the `.x` file (program numbers): emitted in hex too. */
  readonly hex: boolean;
}

export interface EnumModel {
  readonly name: string;
  readonly members: readonly { readonly name: string; readonly value: bigint; readonly comment: string | null }[];
}

/** One `.x` file, resolved. */
export interface UnitModel {
  /** Output folder, e.g. `remote`. */
  readonly unit: string;
  readonly file: string;
  readonly constants: readonly ConstantModel[];
  readonly enums: readonly EnumModel[];
  /** Structs, unions and typedefs in source order. */
  readonly types: readonly TypeModel[];
  /** Names this file uses without defining them, found in the API XML. */
  readonly externalConstants: readonly string[];
}
