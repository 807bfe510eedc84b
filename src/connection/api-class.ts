import type { Observable } from 'rxjs';
import type { ProcedureInfo, ProgramInfo } from '../protocol/procedure.js';

/** The one call path every generated method goes through. */
export type Invoke = (procedure: ProcedureInfo, args: unknown) => Observable<unknown>;

/** Where an API object keeps its call path; a symbol, so it cannot clash with a procedure's method name. */
export const INVOKE: unique symbol = Symbol('rxvirt.invoke');

interface ApiObject {
  [INVOKE]: Invoke;
}

/**
 * Builds, once per program, a class whose prototype has one method per `call` procedure of the
 * table (`domainLookupByName(args)` for REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME). Instances only hold
 * their `invoke`, so a connection costs no per-method closures.
 */
export function createApiClass<Api extends object>(program: ProgramInfo): new (invoke: Invoke) => Api {
  class GeneratedApi implements ApiObject {
    [INVOKE]: Invoke;
    constructor(invoke: Invoke) {
      this[INVOKE] = invoke;
    }
  }
  const { procedures, callMethods } = program;
  callMethods.forEach((name, number) => {
    if (name === undefined) return;
    // The procedure's row is made on the method's first call, not here (see `procedureTable`).
    // A computed key names the function (`domainLookupByName` in stack traces and debuggers);
    // redefining `name` afterwards would give each one a property dictionary (about 240 bytes more).
    const { [name]: method } = {
      [name](this: ApiObject, args?: unknown): Observable<unknown> {
        return this[INVOKE](procedures.get(number) as ProcedureInfo, args);
      },
    };
    Object.defineProperty(GeneratedApi.prototype, name, { value: method, writable: true, configurable: true });
  });
  return GeneratedApi as unknown as new (invoke: Invoke) => Api;
}
