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

/** Makes one procedure's row with the `row` it is given (see {@link procedureTable}). */
export type RowMaker = (row: ProcedureRow) => ProcedureInfo;

/**
 * A program's {@link ProgramInfo}. `rows` has one function per procedure, in procedure number
 * order from 1, each making that procedure's row by one positional call of the `row` it is given;
 * a row is made the first time it is asked for. `callMethods` names the API method of each call
 * procedure (index = number), so the API classes are made without any row.
 *
 * Calls rather than an object literal per procedure: V8 keeps a boilerplate for every literal in
 * the source (about 2 KiB a row, 1 MiB for the remote program's 450), while a call costs only its
 * bytecode, and every row gets the same shape. Rows made on demand: a process that calls a few
 * procedures (the CLI's `list`) neither makes nor compiles the other four hundred. The functions
 * sit in the module's own array literal, not in a function returning them: V8 only pre-parses
 * them with the module, where such a function (130 KB of source for the remote program) was
 * parsed again in full when the table was made (3.6 to 6.6 ms of `import('rxvirt')`, BENCHMARKS.md).
 */
export function procedureTable(
  name: ProgramInfo['name'],
  program: number,
  version: number,
  callMethods: readonly (string | undefined)[],
  rows: readonly RowMaker[],
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
  return { name, program, version, procedures: new ProcedureRows(name, rows, row), callMethods };
}

/** The procedures of a program by number (1..N), each row made when first asked for. */
class ProcedureRows implements ReadonlyMap<number, ProcedureInfo> {
  private readonly made: (ProcedureInfo | undefined)[];

  constructor(
    private readonly program: string,
    private readonly makers: readonly RowMaker[],
    private readonly row: ProcedureRow,
  ) {
    this.made = new Array<ProcedureInfo | undefined>(makers.length);
  }

  get size(): number {
    return this.makers.length;
  }

  get(number: number): ProcedureInfo | undefined {
    const index = number - 1;
    if (!Number.isInteger(index) || index < 0 || index >= this.makers.length) return undefined;
    let info = this.made[index];
    if (info === undefined) {
      info = this.makers[index](this.row);
      // The generator writes the rows in number order from 1; a gap would be its bug.
      if (info.number !== number) throw new Error(`${this.program} procedure table: row ${number} is procedure ${info.number}`);
      this.made[index] = info;
    }
    return info;
  }

  has(number: number): boolean {
    return this.get(number) !== undefined;
  }

  *keys(): MapIterator<number> {
    for (let number = 1; number <= this.makers.length; number++) yield number;
  }

  *values(): MapIterator<ProcedureInfo> {
    for (const number of this.keys()) yield this.get(number) as ProcedureInfo;
  }

  *entries(): MapIterator<[number, ProcedureInfo]> {
    for (const number of this.keys()) yield [number, this.get(number) as ProcedureInfo];
  }

  [Symbol.iterator](): MapIterator<[number, ProcedureInfo]> {
    return this.entries();
  }

  forEach(callback: (value: ProcedureInfo, key: number, map: ReadonlyMap<number, ProcedureInfo>) => void, thisArg?: unknown): void {
    for (const [number, info] of this.entries()) callback.call(thisArg, info, number, this);
  }
}

/**
 * A procedure of the generated tables, by number. `Msg` is the caller's word for its `*_msg`
 * type: the tables are a runtime map, so the event families state which struct each event
 * procedure carries.
 */
export function procedureOf<Msg = unknown>(program: ProgramInfo, number: number): ProcedureInfo<unknown, unknown, Msg> {
  const procedure = program.procedures.get(number);
  // The tables are generated with every procedure the library names: a miss is a bug here.
  if (procedure === undefined) throw new Error(`${program.name} procedure ${number} is not in the generated table`);
  return procedure as ProcedureInfo<unknown, unknown, Msg>;
}
