import { of } from 'rxjs';
import { createApiClass, type Invoke } from '../../src/connection/api-class.js';
import { Connection } from '../../src/connection/connection.js';
import { AdminConnection } from '../../src/connection/admin-connection.js';
import { ADMIN_PROGRAM_INFO } from '../../src/generated/admin/procedures.js';
import { LXC_PROGRAM_INFO } from '../../src/generated/lxc/procedures.js';
import { QEMU_PROGRAM_INFO } from '../../src/generated/qemu/procedures.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import type { ProcedureInfo, ProgramInfo } from '../../src/protocol/procedure.js';

function callProcedures(program: ProgramInfo): ProcedureInfo[] {
  return [...program.procedures.values()].filter((procedure) => procedure.kind === 'call');
}

describe('generated API methods', () => {
  it.each([
    ['remote', REMOTE_PROGRAM_INFO, Connection.prototype],
    ['admin', ADMIN_PROGRAM_INFO, AdminConnection.prototype],
  ])('every %s call procedure is a method of the connection', (_name, program, prototype) => {
    for (const procedure of callProcedures(program)) {
      const method = (prototype as unknown as Record<string, unknown>)[procedure.method];
      expect(typeof method).toBe('function');
      // Named as called, for stack traces and debuggers.
      expect((method as () => void).name).toBe(procedure.method);
    }
  });

  it('keeps the methods out of enumeration, as a class keeps its own', () => {
    const Api = createApiClass<Record<string, unknown>>(REMOTE_PROGRAM_INFO);
    const api = new Api(() => of(undefined));
    const enumerated: string[] = [];
    for (const key in api) enumerated.push(key);
    expect(enumerated).toEqual([]);
    expect(typeof api.connectGetLibVersion).toBe('function');
    // Wherever on the prototype chain it is defined: writable and configurable, as a class method.
    let holder: object | null = Api.prototype;
    while (holder !== null && !Object.hasOwn(holder, 'connectGetLibVersion')) holder = Object.getPrototypeOf(holder) as object | null;
    expect(holder === null ? undefined : Object.getOwnPropertyDescriptor(holder, 'connectGetLibVersion')).toEqual(
      expect.objectContaining({ enumerable: false, writable: true, configurable: true }),
    );
  });

  it('counts one method per call procedure, none for the event messages', () => {
    // Totals from the .x files: 453 remote, 7 qemu, 1 lxc, 19 admin procedures.
    const remote = [...REMOTE_PROGRAM_INFO.procedures.values()];
    expect(remote).toHaveLength(453);
    const events = remote.filter((procedure) => procedure.kind === 'message');
    expect(events.every((procedure) => procedure.name.includes('_EVENT_'))).toBe(true);
    for (const procedure of events) expect(procedure.method in Connection.prototype).toBe(false);
    expect(callProcedures(REMOTE_PROGRAM_INFO).length + events.length).toBe(453);
    expect(QEMU_PROGRAM_INFO.procedures.size).toBe(7);
    expect(LXC_PROGRAM_INFO.procedures.size).toBe(1);
    expect(ADMIN_PROGRAM_INFO.procedures.size).toBe(19);
  });

  it('routes every method through the one call path with its own procedure', () => {
    const calls: Array<[string, unknown]> = [];
    const invoke: Invoke = (procedure, args) => {
      calls.push([procedure.name, args]);
      return of(procedure.number);
    };
    for (const program of [REMOTE_PROGRAM_INFO, QEMU_PROGRAM_INFO, LXC_PROGRAM_INFO, ADMIN_PROGRAM_INFO]) {
      const Api = createApiClass<Record<string, (args?: unknown) => unknown>>(program);
      const api = new Api(invoke);
      for (const procedure of callProcedures(program)) {
        const args = { marker: procedure.number };
        api[procedure.method](args);
        expect(calls.at(-1)).toEqual([procedure.name, args]);
        expect(api[procedure.method].name).toBe(procedure.method);
      }
    }
  });
});
