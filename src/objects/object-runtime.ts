import { map, type Observable } from 'rxjs';
import { addPrototypeMethods, INVOKE, type Invoke } from '../connection/api-class.js';
import type { ProcedureInfo, ProgramInfo } from '../protocol/procedure.js';
import type { ObjectClassInfo, ObjectMethodInfo, ReplyObjectInfo } from './object-info.js';

/** What objects and `conn.objects` keep: their connection's call path, under a symbol no method can shadow. */
export interface InvokeHolder {
  /** @internal */
  readonly [INVOKE]: Invoke;
}

/** Builds an object of one class, on the call path its class is bound to, from a reference struct. */
export type BoundObjectConstructor = new (ref: object) => InvokeHolder;

/** The runtime of the object layer: the classes and `conn.objects`, built once from the generated tables. */
export interface ObjectRuntime<ClassName extends string> {
  /** The classes users see (`Domain`...): every object is an instance of its class's subclass for its call path. */
  readonly classes: ReadonlyMap<ClassName, abstract new (...args: never) => unknown>;
  /** The class of `className` objects on `invoke`'s call path (made once per call path and class). */
  classOn(invoke: Invoke, className: ClassName): BoundObjectConstructor;
  /** The class of `conn.objects`. */
  readonly ConnectionObjects: new (invoke: Invoke) => InvokeHolder;
  /**
   * A call path whose replies carry objects on `invoke` instead of references, for the
   * procedures of the reply table: the flat API of a connection.
   */
  withObjectReplies(invoke: Invoke): Invoke;
}

type Receiver = InvokeHolder & Readonly<Record<string, unknown>>;

/**
 * Builds every object class, like `createApiClass`: one prototype method per table row, each
 * going through the flat API's one call path with the object filled in as the procedure's first
 * argument, and replies' references turned into objects of the same connection. An object holds
 * its reference's fields as frozen own properties, so it can be passed wherever the flat API
 * wants the reference (`conn.domainGetXmlDesc({ dom, flags })`, event filters).
 */
export function createObjectRuntime<ClassName extends string>(
  program: ProgramInfo,
  classInfos: readonly ObjectClassInfo<ClassName>[],
  connectionMethods: readonly ObjectMethodInfo<ClassName>[],
  replyInfos: readonly ObjectMethodInfo<ClassName>[],
): ObjectRuntime<ClassName> {
  const classes = new Map<ClassName, new (ref: object) => object>();
  // A call path's objects share a subclass whose prototype holds the call path: making an object
  // (one per event, on a busy connection) then stores only its fields.
  const bound = new WeakMap<Invoke, Map<ClassName, BoundObjectConstructor>>();
  const classOn = (invoke: Invoke, className: ClassName): BoundObjectConstructor => {
    let byName = bound.get(invoke);
    if (byName === undefined) bound.set(invoke, (byName = new Map()));
    let Bound = byName.get(className);
    if (Bound === undefined) {
      const Base = classes.get(className);
      if (Base === undefined) throw new Error(`object class ${className} is not defined`);
      const BoundClass = class extends Base {};
      Object.defineProperty(BoundClass, 'name', { value: Base.name });
      Object.defineProperty(BoundClass.prototype, INVOKE, { value: invoke });
      Bound = BoundClass as unknown as BoundObjectConstructor;
      byName.set(className, Bound);
    }
    return Bound;
  };

  const toObject = (invoke: Invoke, object: ReplyObjectInfo<ClassName>, value: unknown): unknown => {
    const ObjectClass = classOn(invoke, object.className);
    return object.array ? (value as object[]).map((ref) => new ObjectClass(ref)) : new ObjectClass(value as object);
  };
  const wrapReply = (invoke: Invoke, reply: readonly ReplyObjectInfo<ClassName>[], value: unknown): unknown =>
    reply.reduce<unknown>((wrapped, object) => {
      if (object.field === null) return toObject(invoke, object, wrapped);
      const fields = wrapped as Readonly<Record<string, unknown>>;
      return { ...fields, [object.field]: toObject(invoke, object, fields[object.field]) };
    }, value);

  const addMethods = (Class: { readonly prototype: object }, methods: readonly ObjectMethodInfo<ClassName>[], key: string | null): void => {
    const named: Array<[string, object]> = [];
    for (const info of methods) {
      // Found on the first call: the procedure's row is made then (see `procedureTable`).
      let procedure: ProcedureInfo | undefined;
      const { argument, reply } = info;
      // Named by its computed key, as createApiClass's methods are.
      const { [info.method]: method } = {
        [info.method](this: Receiver, args?: object): unknown {
          procedure ??= findProcedure(program, info);
          const invoke = this[INVOKE];
          const call = invoke(procedure, argument === null ? args : { ...args, [argument]: key === null ? this : this[key] });
          // Streams pass through untouched (the generator refuses stream procedures that reply with references).
          if (reply.length === 0) return call;
          return (call as Observable<unknown>).pipe(map((value) => wrapReply(invoke, reply, value)));
        },
      };
      named.push([info.method, method]);
    }
    addPrototypeMethods(Class, named);
  };

  for (const info of classInfos) {
    const LibvirtObject = class {
      declare readonly [INVOKE]: Invoke;
      constructor(ref: object) {
        const fields = ref as Readonly<Record<string, unknown>>;
        // Plain stores, then one freeze: events make one object each, so this path is kept cheap.
        const self = this as unknown as Record<string, unknown>;
        for (const field of info.fields) self[field] = fields[field];
        Object.freeze(this);
      }
    };
    Object.defineProperty(LibvirtObject, 'name', { value: info.name });
    addMethods(LibvirtObject, info.methods, info.key);
    classes.set(info.name, LibvirtObject);
  }

  class ConnectionObjects {
    declare readonly [INVOKE]: Invoke;
    constructor(invoke: Invoke) {
      Object.defineProperty(this, INVOKE, { value: invoke });
    }
  }
  addMethods(ConnectionObjects, connectionMethods, null);

  const replies = new Map(replyInfos.map((info) => [info.procedure, info.reply]));
  const withObjectReplies = (invoke: Invoke): Invoke => (procedure, args) => {
    const call = invoke(procedure, args);
    const reply = replies.get(procedure.number);
    return reply === undefined ? call : call.pipe(map((value) => wrapReply(invoke, reply, value)));
  };
  return { classes, classOn, ConnectionObjects, withObjectReplies };
}

function findProcedure(program: ProgramInfo, info: ObjectMethodInfo): ProcedureInfo {
  const procedure = program.procedures.get(info.procedure);
  if (procedure === undefined) throw new Error(`${program.name} procedure ${info.procedure} (${info.method}) is not in the table`);
  return procedure;
}
