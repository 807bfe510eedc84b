import type { Observable } from 'rxjs';
import type { Connection } from '../connection/connection.js';
import { LXC_PROGRAM_INFO } from '../generated/lxc/procedures.js';
import { QEMU_PROGRAM_INFO } from '../generated/qemu/procedures.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import type { ProcedureInfo, ProgramInfo } from '../protocol/procedure.js';

/** A generated API object seen as what it is at run time: one method per call procedure. */
type Methods = Readonly<Record<string, (args: unknown) => Observable<unknown>>>;

/** The programs `call` reaches, each with the connection's API object for it. */
const PROGRAMS: readonly { readonly info: ProgramInfo; readonly api: (conn: Connection) => object }[] = [
  { info: REMOTE_PROGRAM_INFO, api: (conn) => conn },
  { info: QEMU_PROGRAM_INFO, api: (conn) => conn.qemu },
  { info: LXC_PROGRAM_INFO, api: (conn) => conn.lxc },
];

/** A procedure and how to call it on a connection. */
export interface CallableProcedure {
  readonly procedure: ProcedureInfo;
  invoke(conn: Connection, args: unknown): Observable<unknown>;
}

/**
 * The call procedure named `name`: a method (`domainLookupByName`, remote first, then QEMU and
 * LXC) or a constant (`REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME`, `QEMU_PROC_...`); undefined if none.
 */
export function findProcedure(name: string): CallableProcedure | undefined {
  for (const program of PROGRAMS) {
    for (const procedure of program.info.procedures.values()) {
      if (procedure.kind !== 'call' || (procedure.method !== name && procedure.name !== name)) continue;
      return {
        procedure,
        invoke: (conn, args) => (program.api(conn) as Methods)[procedure.method](args),
      };
    }
  }
  return undefined;
}

/** Method names close to `name` (same letters, any case), for "did you mean". */
export function similarProcedures(name: string): string[] {
  const wanted = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const matches: string[] = [];
  for (const program of PROGRAMS) {
    for (const procedure of program.info.procedures.values()) {
      if (procedure.kind === 'call' && procedure.method.toLowerCase().includes(wanted)) matches.push(procedure.method);
    }
  }
  return matches.slice(0, 5);
}
