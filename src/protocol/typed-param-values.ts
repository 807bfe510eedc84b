/** libvirt's typed-parameter types by name (`VIR_TYPED_PARAM_INT` ... `VIR_TYPED_PARAM_STRING`). */
export type TypedParamType = 'int' | 'uint' | 'llong' | 'ullong' | 'double' | 'boolean' | 'string';

/** A typed parameter's value: `bigint` for `llong`/`ullong`, `number` for `int`/`uint`/`double`. */
export type TypedParamValue = number | bigint | boolean | string;

/**
 * Typed parameters as the API emits them, a record by name: `{ hard_limit: 9007199254740991n,
 * soft_limit: ..., swap_hard_limit: ... }` from `dom.getMemoryParameters()`.
 */
export type TypedParams = { readonly [name: string]: TypedParamValue };

/** A value with its typed-parameter type spelled out: `{ type: 'uint', value: 512 }`. */
export type TypedParamInput =
  | { readonly type: 'int' | 'uint' | 'double'; readonly value: number }
  | { readonly type: 'llong' | 'ullong'; readonly value: bigint | number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string };

/**
 * Typed parameters as a caller passes them: a record by name. A plain value takes the type the
 * daemon reports for that name (through the matching getter), or, for calls that have none, the
 * type its JavaScript type implies (`string`, `boolean`, `bigint` as `ullong` or, below 0,
 * `llong`); a number there needs its type spelled out ({@link TypedParamInput}).
 */
export type TypedParamsInput = { readonly [name: string]: TypedParamValue | TypedParamInput };

/** A call's arguments whose `params` may also be a record by name ({@link TypedParamsInput}). */
export type TypedParamsArgs<Args> = {
  [K in keyof Args]: K extends 'params' ? Args[K] | TypedParamsInput : Args[K];
};
