import type { FdPassing, NamedReplyField, TypedParamsInfo, ProcedureInfo, ProcedureKind, ProgramInfo, StreamDirection, XdrDecoder, XdrEncoder } from './procedure.js';

/** What a generated table says about a procedure's stream, file descriptors, named reply fields or typed parameters, for the few that have them. */
export interface ProcedureExtras {
  readonly stream?: StreamDirection;
  readonly sparseFlag?: number;
  readonly fds?: FdPassing;
  readonly names?: readonly NamedReplyField[];
  readonly typedParams?: TypedParamsInfo;
}

/**
 * Builds one row of a program's table; {@link procedureTable} hands it to the rows. The type
 * arguments are the payload types, which the codecs are checked against; the row itself is
 * stored erased (`ProcedureInfo` is invariant in them), the typed API carries the types instead.
 */
export type ProcedureRow = <Args, Ret, Msg>(
  number: number,
  name: string,
  method: string,
  kind: ProcedureKind,
  encodeArgs: XdrEncoder<Args> | null,
  decodeArgs: XdrDecoder<Args> | null,
  encodeRet: XdrEncoder<Ret> | null,
  decodeRet: XdrDecoder<Ret> | null,
  unwrapField: string | null,
  encodeMessage: XdrEncoder<Msg> | null,
  decodeMessage: XdrDecoder<Msg> | null,
  priority: 'high' | 'low',
  generate: ProcedureInfo['generate'],
  acl: readonly string[],
  extras?: ProcedureExtras,
) => ProcedureInfo;

/**
 * A program's {@link ProgramInfo}, its procedures built by `rows`, one positional call each.
 *
 * Calls rather than an object literal per procedure: V8 keeps a boilerplate for every literal in
 * the source (about 2 KiB a row, 1 MiB for the remote program's 450), while a call costs only its
 * bytecode, and every row gets the same shape.
 */
export function procedureTable(
  name: ProgramInfo['name'],
  program: number,
  version: number,
  rows: (row: ProcedureRow) => readonly ProcedureInfo[],
): ProgramInfo {
  // Contextually typed by ProcedureRow; each row is erased to `ProcedureInfo` as it is built.
  const row: ProcedureRow = (
    number,
    procedureName,
    method,
    kind,
    encodeArgs,
    decodeArgs,
    encodeRet,
    decodeRet,
    unwrapField,
    encodeMessage,
    decodeMessage,
    priority,
    generate,
    acl,
    extras,
  ) =>
    ({
      program,
      programVersion: version,
      number,
      name: procedureName,
      method,
      kind,
      encodeArgs,
      decodeArgs,
      encodeRet,
      decodeRet,
      unwrapField,
      encodeMessage,
      decodeMessage,
      stream: extras?.stream ?? null,
      sparseFlag: extras?.sparseFlag ?? null,
      fds: extras?.fds ?? null,
      names: extras?.names ?? null,
      typedParams: extras?.typedParams ?? null,
      priority,
      generate,
      acl,
    }) as ProcedureInfo;
  const procedures = new Map<number, ProcedureInfo>();
  for (const info of rows(row)) procedures.set(info.number, info);
  return { name, program, version, procedures };
}
