// The calls the typed-parameter rule makes, seen on a recording call path: the count first, then
// that many; an explicit nparams as given; the getter asked before a record is set.
import { firstValueFrom, type Observable, of, throwError } from 'rxjs';
import { withTypedParams } from '../../src/connection/typed-params-call.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import { remote_procedure as P } from '../../src/generated/remote/constants.js';
import type { ProcedureInfo } from '../../src/protocol/procedure.js';
import { ArgumentError } from '../../src/rpc/argument-error.js';

const dom = { name: 'test', uuid: new Uint8Array(16), id: 1 };
const MEMORY = [
  { field: 'hard_limit', value: { type: 4, ul: 1024n } },
  { field: 'soft_limit', value: { type: 4, ul: 512n } },
];

/** A call path that records each call and answers as a daemon with {@link MEMORY} would. */
function recording(): { calls: [string, unknown][]; invoke: (procedure: ProcedureInfo, args: unknown) => Observable<unknown> } {
  const calls: [string, unknown][] = [];
  const invoke = (procedure: ProcedureInfo, args: unknown): Observable<unknown> => {
    calls.push([procedure.method, args]);
    const { nparams } = (args ?? {}) as { nparams?: number };
    switch (procedure.number) {
      case P.REMOTE_PROC_DOMAIN_GET_MEMORY_PARAMETERS:
        return of(nparams === 0 ? { params: [], nparams: MEMORY.length } : { params: MEMORY.slice(0, nparams), nparams });
      case P.REMOTE_PROC_DOMAIN_GET_SCHEDULER_PARAMETERS:
        return of([{ field: 'weight', value: { type: 2, ui: 50 } }]);
      case P.REMOTE_PROC_DOMAIN_SET_MEMORY_PARAMETERS:
        return of(undefined);
      default:
        return throwError(() => new Error(`unexpected ${procedure.method}`));
    }
  };
  return { calls, invoke };
}

const procedure = (number: number): ProcedureInfo => REMOTE_PROGRAM_INFO.procedures.get(number)!;

describe('withTypedParams', () => {
  it('asks for the count, then for that many, and emits a record by name', async () => {
    const { calls, invoke } = recording();
    const reply = await firstValueFrom(withTypedParams(invoke, REMOTE_PROGRAM_INFO)(procedure(P.REMOTE_PROC_DOMAIN_GET_MEMORY_PARAMETERS), { dom }));
    expect(reply).toEqual({ hard_limit: 1024n, soft_limit: 512n });
    expect(calls.map(([, args]) => (args as { nparams: number }).nparams)).toEqual([0, 2]);
  });

  it('sends an explicit nparams as given, in one call', async () => {
    const { calls, invoke } = recording();
    const reply = await firstValueFrom(withTypedParams(invoke, REMOTE_PROGRAM_INFO)(procedure(P.REMOTE_PROC_DOMAIN_GET_MEMORY_PARAMETERS), { dom, nparams: 1 }));
    expect(reply).toEqual({ hard_limit: 1024n });
    expect(calls).toHaveLength(1);
  });

  it("sends the protocol's maximum where the reply has no count", async () => {
    const { calls, invoke } = recording();
    expect(await firstValueFrom(withTypedParams(invoke, REMOTE_PROGRAM_INFO)(procedure(P.REMOTE_PROC_DOMAIN_GET_SCHEDULER_PARAMETERS), { dom }))).toEqual({ weight: 50 });
    expect(calls).toEqual([['domainGetSchedulerParameters', { dom, nparams: 16 }]]);
  });

  it("asks the getter (with the setter's other arguments) for the types, then sends the record typed so", async () => {
    const { calls, invoke } = recording();
    await firstValueFrom(withTypedParams(invoke, REMOTE_PROGRAM_INFO)(procedure(P.REMOTE_PROC_DOMAIN_SET_MEMORY_PARAMETERS), { dom, params: { hard_limit: 2048 }, flags: 2 }));
    expect(calls).toEqual([
      ['domainGetMemoryParameters', { dom, flags: 2, nparams: 0 }],
      ['domainGetMemoryParameters', { dom, flags: 2, nparams: 2 }],
      ['domainSetMemoryParameters', { dom, flags: 2, params: [{ field: 'hard_limit', value: { type: 4, ul: 2048n } }] }],
    ]);
  });

  it('asks nothing when every value spells out its type, and passes the wire form through', async () => {
    const { calls, invoke } = recording();
    const call = withTypedParams(invoke, REMOTE_PROGRAM_INFO);
    await firstValueFrom(call(procedure(P.REMOTE_PROC_DOMAIN_SET_MEMORY_PARAMETERS), { dom, params: { hard_limit: { type: 'ullong', value: 1n } } }));
    await firstValueFrom(call(procedure(P.REMOTE_PROC_DOMAIN_SET_MEMORY_PARAMETERS), { dom, params: MEMORY }));
    expect(calls.map(([method, args]) => [method, (args as { params: unknown }).params])).toEqual([
      ['domainSetMemoryParameters', [{ field: 'hard_limit', value: { type: 4, ul: 1n } }]],
      ['domainSetMemoryParameters', MEMORY],
    ]);
  });

  it('refuses a name the getter does not report, sending no set call', async () => {
    const { calls, invoke } = recording();
    const call = withTypedParams(invoke, REMOTE_PROGRAM_INFO)(procedure(P.REMOTE_PROC_DOMAIN_SET_MEMORY_PARAMETERS), { dom, params: { hard: 1n } });
    await expect(firstValueFrom(call)).rejects.toBeInstanceOf(ArgumentError);
    expect(calls.map(([method]) => method)).toEqual(['domainGetMemoryParameters', 'domainGetMemoryParameters']);
  });

  it('leaves calls without typed parameters and non-object arguments to the call path', async () => {
    const { calls, invoke } = recording();
    const call = withTypedParams(invoke, REMOTE_PROGRAM_INFO);
    await expect(firstValueFrom(call(procedure(P.REMOTE_PROC_DOMAIN_SUSPEND), { dom }))).rejects.toThrow('unexpected domainSuspend');
    // The encoder's checks then refuse `null` with an ArgumentError for `args` (spec/integration/argument-errors).
    await firstValueFrom(call(procedure(P.REMOTE_PROC_DOMAIN_GET_MEMORY_PARAMETERS), null));
    expect(calls).toEqual([
      ['domainSuspend', { dom }],
      ['domainGetMemoryParameters', null],
    ]);
  });
});
