import type { Observable } from 'rxjs';
import { INVOKE, type Invoke } from '../connection/api-class.js';
import { Connection } from '../connection/connection.js';
import type { RemoteApi } from '../generated/remote/api.js';
import { REMOTE_PROGRAM_INFO } from '../generated/remote/procedures.js';
import { ConnectionObjects, withObjectReplies } from '../objects/object-classes.js';
import type { ProcedureInfo } from '../protocol/procedure.js';
import { ArgumentError } from '../rpc/argument-error.js';
import { UnstubbedError } from './unstubbed-error.js';

/**
 * What a test may give `stubConnection`: a procedure's method as the daemon answers it (plain
 * references, `domainLookupByName: () => cold('-a|', { a: domainRef('test') })`), which the stub
 * turns into objects as a connection does; any other member of a Connection as it is.
 */
export type ConnectionStubs = { [Procedure in keyof RemoteApi]?: RemoteApi[Procedure] } & {
  [Member in Exclude<keyof Connection, keyof RemoteApi>]?: Connection[Member];
};

type FunctionMember<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];
type DataMember = Exclude<keyof Connection, FunctionMember<Connection>>;

/**
 * The members of a Connection that are not methods (instance fields and getters): reading one a
 * test did not stub fails at once. Typed as a record of every such member, so a field added to
 * Connection fails to compile here until it is listed.
 */
const DATA_MEMBERS: Record<DataMember, true> = {
  qemu: true,
  lxc: true,
  end$: true,
  state$: true,
  events: true,
  objects: true,
  uri: true,
  readOnly: true,
  features: true,
  closed: true,
};

/** How a stub answers a method it was not given. */
type Unstubbed = 'procedure' | 'session' | 'inherited';

/**
 * Every method of Connection, up to Object.prototype: the REMOTE procedures (answered by the
 * stubs), Connection's own (`close`: they need a session, so they must be stubbed), and those a
 * base class builds on the procedures (`domain`, `storagePool`...: they run as written, on the stubs).
 */
function connectionMethods(): ReadonlyMap<string, Unstubbed> {
  const procedures = new Set([...REMOTE_PROGRAM_INFO.procedures.values()].map((procedure) => procedure.method));
  const methods = new Map<string, Unstubbed>();
  for (let proto: object | null = Connection.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || methods.has(key) || typeof Object.getOwnPropertyDescriptor(proto, key)?.value !== 'function') continue;
      methods.set(key, procedures.has(key) ? 'procedure' : proto === Connection.prototype ? 'session' : 'inherited');
    }
  }
  return methods;
}

let methods: ReadonlyMap<string, Unstubbed> | undefined;
let proceduresByMethod: ReadonlyMap<string, ProcedureInfo> | undefined;

/**
 * A `Connection` for tests of code that uses one, typically under RxJS's `TestScheduler`: the
 * procedures given answer as the daemon would (`domainLookupByName: () => cold('-a|', { a:
 * domainRef('test') })`), and their references reach the code as objects of the stub (a
 * `Domain` whose `suspend()` calls the stubbed `domainSuspend`), as on a real connection. The
 * lookups built on them run as written (`conn.domain('test')` calls the stubbed
 * `domainLookupByName`). A method not given throws an {@link UnstubbedError} naming it when
 * called; a property not given (`events`, `state$`, ...) when read. Nothing is sent anywhere.
 * `stub instanceof Connection` holds.
 *
 * A call whose procedure has no reply value (`domainSuspend`) emits one `undefined` and
 * completes; its stub does the same with `cold('-(a|)', { a: undefined })`, not `cold('-|')`.
 */
export function stubConnection(stubs: ConnectionStubs = {}): Connection {
  methods ??= connectionMethods();
  proceduresByMethod ??= new Map([...REMOTE_PROGRAM_INFO.procedures.values()].map((procedure) => [procedure.method, procedure]));
  const known = methods;
  const procedures = proceduresByMethod;
  if (typeof stubs !== 'object' || stubs === null) {
    throw new ArgumentError('stubConnection', 'stubs', `an object of stubbed members expected, got ${stubs === null ? 'null' : typeof stubs}`);
  }
  const given = new Map<PropertyKey, unknown>(Object.entries(stubs));
  for (const [key, value] of given) {
    if (typeof key === 'string' && known.has(key) && typeof value !== 'function') {
      throw new ArgumentError('stubConnection', `stubs.${key}`, `a function returning an Observable expected, got ${value === null ? 'null' : typeof value}`);
    }
  }
  // The stubs as a call path: each procedure goes to the stub of its method, or fails naming it.
  const invoke: Invoke = (procedure, args) => {
    const stub = given.get(procedure.method);
    if (typeof stub !== 'function') throw unstubbedCall(procedure.method);
    return (stub as (args: unknown) => Observable<unknown>)(args);
  };
  // The flat API's path: replies' references become objects on the stubs' path.
  const withObjects = withObjectReplies(invoke);
  let objects: ConnectionObjects | undefined;
  const target: object = Object.create(Connection.prototype);
  return new Proxy(target, {
    get(_target, key, receiver) {
      if (key === INVOKE) return withObjects;
      if (typeof key !== 'string') return given.get(key);
      const method = known.get(key);
      if (method === 'procedure') {
        const procedure = procedures.get(key);
        return (args?: unknown) => withObjects(procedure!, args);
      }
      if (given.has(key)) return given.get(key);
      if (method === 'session') {
        return () => {
          throw unstubbedCall(key);
        };
      }
      if (method === 'inherited') return Reflect.get(Connection.prototype, key, receiver);
      if (key === 'objects') return (objects ??= new ConnectionObjects(invoke));
      if (Object.hasOwn(DATA_MEMBERS, key)) {
        throw new UnstubbedError(key, `stubConnection: ${key} was read but not stubbed; give it: stubConnection({ ${key}: ... })`);
      }
      // Anything else (`then`, Jest's matcher probes, Object.prototype's own): what a plain object has.
      return key in Object.prototype ? Reflect.get(Object.prototype, key) : undefined;
    },
    has(_target, key) {
      return given.has(key) || (typeof key === 'string' && (known.has(key) || Object.hasOwn(DATA_MEMBERS, key)));
    },
  }) as Connection;
}

function unstubbedCall(method: string): UnstubbedError {
  return new UnstubbedError(method, `stubConnection: ${method}() was called but not stubbed; give it: stubConnection({ ${method}: () => cold(...) })`);
}
