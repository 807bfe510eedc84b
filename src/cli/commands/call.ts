import { lastValueFrom } from 'rxjs';
import type { CommandSpec } from '../command.js';
import { coerceArgs } from '../coerce-args.js';
import { ExitCode } from '../exit-codes.js';
import { findProcedure, similarProcedures } from '../find-procedure.js';
import { fromJson, toJson } from '../json-values.js';
import { UsageError } from '../usage-error.js';

const SPELLINGS = '64-bit integers as "123n" (or exact numbers), bytes as {"$bytes":"<base64>"}, UUIDs as text';

/** `call PROC '{json}'`: one generated call procedure, whichever is named, its reply printed as JSON. */
export const callCommand: CommandSpec = {
  positionals: [
    { name: 'procedure', description: 'method name (domainLookupByName) or constant (REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME)' },
    { name: 'args', description: `the _args struct as JSON: ${SPELLINGS}`, optional: true },
  ],
  options: [],
  async run({ args, io, connection }) {
    const name = args.required('procedure');
    const found = findProcedure(name);
    if (found === undefined) {
      const similar = similarProcedures(name);
      throw new UsageError(`unknown procedure '${name}'${similar.length > 0 ? `; did you mean ${similar.join(', ')}?` : ''}`, 'call');
    }
    const { procedure, invoke } = found;
    if (procedure.stream !== null) {
      throw new UsageError(`${procedure.name} opens a data stream: use vol-download, vol-upload, screenshot or console`, 'call');
    }
    const callArgs = parseCallArgs(args.string('args'), procedure.name);
    if (procedure.encodeArgs === null && !isEmptyObject(callArgs)) throw new UsageError(`${procedure.name} takes no arguments`, 'call');
    let typed: unknown;
    try {
      typed = coerceArgs(procedure, callArgs);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new UsageError(`arguments do not fit ${procedure.name}: ${why} (${SPELLINGS})`, 'call');
    }
    const conn = await connection();
    const reply = await lastValueFrom(invoke(conn, typed), { defaultValue: undefined });
    if (reply !== undefined) io.stdout.write(`${toJson(reply)}\n`);
    return ExitCode.Ok;
  },
};

/** The JSON argument, `{}` when absent. */
function parseCallArgs(text: string | undefined, procedure: string): unknown {
  if (text === undefined) return {};
  try {
    return fromJson(text);
  } catch (error) {
    throw new UsageError(`arguments of ${procedure} are not JSON: ${error instanceof Error ? error.message : String(error)}`, 'call');
  }
}

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}
