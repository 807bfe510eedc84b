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
  const methods: Array<[string, (this: ApiObject, args?: unknown) => Observable<unknown>]> = [];
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
    methods.push([name, method]);
  });
  addPrototypeMethods(GeneratedApi, methods);
  return GeneratedApi as unknown as new (invoke: Invoke) => Api;
}

/**
 * Gives `Class`'s instances `methods`, non-enumerable as a class's own methods are: on one object
 * made with all of them at once and put between `Class.prototype` and its parent. Defining
 * hundreds of methods one by one on an object that is already a prototype costs V8 several
 * milliseconds of every start (each definition reshapes a prototype); made before it becomes one,
 * the object takes them in about 40 % of the time (BENCHMARKS.md).
 */
export function addPrototypeMethods(Class: { readonly prototype: object }, methods: Iterable<readonly [string, object]>): void {
  const descriptors: PropertyDescriptorMap = {};
  for (const [name, value] of methods) descriptors[name] = { value, writable: true, configurable: true };
  Object.setPrototypeOf(Class.prototype, Object.create(Object.getPrototypeOf(Class.prototype) as object | null, descriptors));
}
