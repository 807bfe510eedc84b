import type { Observable } from 'rxjs';
import { INVOKE, type Invoke } from '../connection/api-class.js';
import { Connection } from '../connection/connection.js';
import { ConnectionObjects } from '../objects/object-classes.js';
import { ArgumentError } from '../rpc/argument-error.js';
import { UnstubbedError } from './unstubbed-error.js';

/** Any member of a Connection, replaced: `domainLookupByName: () => cold('-a|', { a: ref })`. */
export type ConnectionStubs = { [Member in keyof Connection]?: Connection[Member] };

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

/** Every method of Connection (the generated procedures, `close`), up to Object.prototype. */
function connectionMethods(): ReadonlySet<string> {
  const methods = new Set<string>();
  for (let proto: object | null = Connection.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, key)?.value === 'function') methods.add(key);
    }
  }
  return methods;
}

let methods: ReadonlySet<string> | undefined;

/**
 * A `Connection` for tests of code that uses one, typically under RxJS's `TestScheduler`: the
 * members given answer (`domainLookupByName: () => cold('-a|', { a: domainRef('test') })`), a
 * method not given throws an {@link UnstubbedError} naming it when called, and a property not
 * given (`events`, `state$`, ...) when read. Nothing is sent anywhere. `stub instanceof
 * Connection` holds, so code that narrows on it accepts the stub.
 *
 * The object layer runs on the same stubs: `Domain.from(stub, ref).suspend()` and the Domain that
 * `stub.objects.domainLookupByName(...)` emits call the stubbed `domainSuspend`, with the object
 * as its `dom` (unless the test gives `objects` itself).
 *
 * A call whose procedure has no reply value (`domainSuspend`) emits one `undefined` and
 * completes; its stub does the same with `cold('-(a|)', { a: undefined })`, not `cold('-|')`.
 */
export function stubConnection(stubs: ConnectionStubs = {}): Connection {
  methods ??= connectionMethods();
  const known = methods;
  if (typeof stubs !== 'object' || stubs === null) {
    throw new ArgumentError('stubConnection', 'stubs', `an object of stubbed members expected, got ${stubs === null ? 'null' : typeof stubs}`);
  }
  const given = new Map<PropertyKey, unknown>(Object.entries(stubs));
  for (const [key, value] of given) {
    if (typeof key === 'string' && known.has(key) && typeof value !== 'function') {
      throw new ArgumentError('stubConnection', `stubs.${key}`, `a function returning an Observable expected, got ${value === null ? 'null' : typeof value}`);
    }
  }
  // The call path of the objects: each procedure goes to the stub of its flat method.
  const invoke: Invoke = (procedure, args) => {
    const stub = given.get(procedure.method);
    if (typeof stub !== 'function') throw unstubbedCall(procedure.method);
    return (stub as (args: unknown) => Observable<unknown>)(args);
  };
  let objects: ConnectionObjects | undefined;
  const target: object = Object.create(Connection.prototype);
  return new Proxy(target, {
    get(_target, key) {
      if (given.has(key)) return given.get(key);
      if (key === INVOKE) return invoke;
      if (key === 'objects') return (objects ??= new ConnectionObjects(invoke));
      if (typeof key !== 'string') return undefined;
      if (known.has(key)) {
        return () => {
          throw unstubbedCall(key);
        };
      }
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
