import type { RemoteTypedParam } from '../generated/remote/types.js';
import { virTypedParameterFlags } from '../generated/libvirt/libvirt.js';
import type { ProcedureInfo } from '../protocol/procedure.js';
import type { TypedParams, TypedParamType } from '../protocol/typed-param-values.js';

export type { TypedParamType } from '../protocol/typed-param-values.js';

/** A typed parameter as a user reads it: `{ name: 'cpu_shares', type: 'ullong', value: 1024n }`. */
export type TypedParameter =
  | { readonly name: string; readonly type: 'int' | 'uint' | 'double'; readonly value: number }
  | { readonly name: string; readonly type: 'llong' | 'ullong'; readonly value: bigint }
  | { readonly name: string; readonly type: 'boolean'; readonly value: boolean }
  | { readonly name: string; readonly type: 'string'; readonly value: string };

/** Turns the wire form (`{ field, value: { type: 4, ul: 1024n } }`) into {@link TypedParameter}s. */
export function readTypedParams(params: readonly RemoteTypedParam[]): TypedParameter[] {
  return params.map(({ field: name, value }): TypedParameter => {
    switch (value.type) {
      case 1:
        return { name, type: 'int', value: value.i };
      case 2:
        return { name, type: 'uint', value: value.ui };
      case 3:
        return { name, type: 'llong', value: value.l };
      case 4:
        return { name, type: 'ullong', value: value.ul };
      case 5:
        return { name, type: 'double', value: value.d };
      case 6:
        return { name, type: 'boolean', value: value.b !== 0 };
      case 7:
        return { name, type: 'string', value: value.s };
    }
  });
}

/** The name of a wire parameter's type (`{ type: 4, ul }` → `'ullong'`). */
export function typedParamTypeOf(param: RemoteTypedParam): TypedParamType {
  return TYPE_NAMES[param.value.type - 1];
}

const TYPE_NAMES: readonly TypedParamType[] = ['int', 'uint', 'llong', 'ullong', 'double', 'boolean', 'string'];

/** Typed parameters as a record by name, `{ cpu_shares: 1024n, ... }` (a later duplicate name wins). */
export function typedParamsToObject(params: readonly RemoteTypedParam[]): TypedParams {
  const out: Record<string, number | bigint | boolean | string> = {};
  for (const { name, value } of readTypedParams(params)) out[name] = value;
  return out;
}

/** Builds the wire form of a typed parameter, for the `Set*Parameters` procedures. */
export const typedParam = {
  int: (field: string, i: number): RemoteTypedParam => ({ field, value: { type: 1, i } }),
  uint: (field: string, ui: number): RemoteTypedParam => ({ field, value: { type: 2, ui } }),
  llong: (field: string, l: bigint): RemoteTypedParam => ({ field, value: { type: 3, l } }),
  ullong: (field: string, ul: bigint): RemoteTypedParam => ({ field, value: { type: 4, ul } }),
  double: (field: string, d: number): RemoteTypedParam => ({ field, value: { type: 5, d } }),
  boolean: (field: string, b: boolean): RemoteTypedParam => ({ field, value: { type: 6, b: b ? 1 : 0 } }),
  string: (field: string, s: string): RemoteTypedParam => ({ field, value: { type: 7, s } }),
} as const;

/**
 * The procedures to which libvirt's own API adds `VIR_TYPED_PARAM_STRING_OKAY` when the driver
 * supports string parameters (libvirt-domain.c, libvirt-host.c): without it, a daemon leaves
 * string-valued parameters out of the reply.
 */
const STRING_OKAY_PROCEDURES: ReadonlySet<string> = new Set([
  'REMOTE_PROC_DOMAIN_GET_MEMORY_PARAMETERS',
  'REMOTE_PROC_DOMAIN_GET_NUMA_PARAMETERS',
  'REMOTE_PROC_DOMAIN_GET_BLKIO_PARAMETERS',
  'REMOTE_PROC_DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS',
  'REMOTE_PROC_DOMAIN_BLOCK_STATS_FLAGS',
  'REMOTE_PROC_DOMAIN_GET_INTERFACE_PARAMETERS',
  'REMOTE_PROC_DOMAIN_GET_BLOCK_IO_TUNE',
  'REMOTE_PROC_DOMAIN_GET_CPU_STATS',
  'REMOTE_PROC_NODE_GET_MEMORY_PARAMETERS',
]);

/** `args` with `VIR_TYPED_PARAM_STRING_OKAY` added to its flags where libvirt's API would add it. */
export function withStringOkay(procedure: ProcedureInfo, args: unknown): unknown {
  if (!STRING_OKAY_PROCEDURES.has(procedure.name)) return args;
  const { flags } = args as { flags: number };
  return { ...(args as object), flags: (flags | virTypedParameterFlags.VIR_TYPED_PARAM_STRING_OKAY) >>> 0 };
}
