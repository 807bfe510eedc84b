import { defer, map, mergeMap, type Observable, of } from 'rxjs';
import type { RemoteTypedParam } from '../generated/remote/types.js';
import type { ProcedureInfo, ProgramInfo, TypedParamsInfo } from '../protocol/procedure.js';
import type { TypedParamInput, TypedParamType, TypedParamValue } from '../protocol/typed-param-values.js';
import { ArgumentError } from '../rpc/argument-error.js';
import type { Invoke } from './api-class.js';
import { typedParam, typedParamsToObject, typedParamTypeOf } from './typed-params.js';

type Args = Record<string, unknown>;

/**
 * The call path with the generator's typed-parameter rule applied (`ProcedureInfo.typedParams`):
 * replies' typed parameters become records by name, a left-out `nparams` is asked for first, and a
 * record `params` is typed as the daemon reports (through the matching getter) before it is sent.
 * Calls the rule does not touch go straight to `invoke`.
 */
export function withTypedParams(invoke: Invoke, program: ProgramInfo): Invoke {
  // The one closure a connection holds for this: the steps are plain functions given `invoke`.
  return (procedure, args) => {
    const rule = procedure.typedParams;
    // Neither left out nor an object: the encoder's checks report it (`ArgumentError` for `args`).
    if (rule === null || (args !== undefined && !isArgsObject(args))) return invoke(procedure, args);
    const given: Args = args ?? {};
    const shape = rule.reply;
    return defer(() => {
      const argsReady = rule.params && isRecord(given.params) ? withRecordParams(invoke, program, procedure, rule, given) : of(given);
      const reply = argsReady.pipe(mergeMap((ready) => fetchParams(invoke, procedure, rule, ready)));
      return shape === null ? reply : reply.pipe(map((value) => shapeReply(shape, value)));
    });
  };
}

/** Calls `procedure` with its `nparams` as the rule says: given, fixed, or asked for first. */
function fetchParams(invoke: Invoke, procedure: ProcedureInfo, rule: TypedParamsInfo, args: Args): Observable<unknown> {
  if (rule.nparams === null || args.nparams !== undefined) return invoke(procedure, args);
  if (rule.nparams !== 'ask') return invoke(procedure, { ...args, nparams: rule.nparams });
  // libvirt's two-step: a call with 0 answers the count, a second call fetches that many.
  return invoke(procedure, { ...args, nparams: 0 }).pipe(
    mergeMap((counted) => {
      const count = (counted as { nparams: number }).nparams;
      return count === 0 ? of(counted) : invoke(procedure, { ...args, nparams: count });
    }),
  );
}

/** The arguments with a record `params` made wire parameters, typed through the matching getter when a value is untyped. */
function withRecordParams(invoke: Invoke, program: ProgramInfo, procedure: ProcedureInfo, rule: TypedParamsInfo, args: Args): Observable<Args> {
  const record = args.params as Readonly<Record<string, unknown>>;
  const names = Object.keys(record);
  const needTypes = rule.typesFrom !== null && names.some((name) => !isTypedInput(record[name]));
  if (!needTypes) return of({ ...args, params: toWire(procedure.method, record, new Map()) });
  const getter = program.procedures.get(rule.typesFrom as number);
  const getterRule = getter?.typedParams;
  if (getter === undefined || getterRule === null || getterRule === undefined) throw new Error(`${procedure.name}: typed-parameter getter ${rule.typesFrom} is not in the table`);
  // The getter takes the setter's other arguments (the object, a device, `flags` such as
  // VIR_DOMAIN_AFFECT_CONFIG), as virsh asks for the current values before setting them.
  return fetchParams(invoke, getter, getterRule, withoutParams(args)).pipe(
    map((reply) => {
      const known = new Map<string, TypedParamType>();
      for (const param of wireParams(reply)) known.set(param.field, typedParamTypeOf(param));
      return { ...args, params: toWire(procedure.method, record, known, getter.method) };
    }),
  );
}

function withoutParams(args: Args): Args {
  const rest = { ...args };
  delete rest.params;
  return rest;
}

function shapeReply(shape: 'record' | 'field', value: unknown): unknown {
  const params = typedParamsToObject(wireParams(value));
  if (shape === 'record') return params;
  return { ...(value as object), params };
}

/** The typed parameters of a reply: the reply itself when it is unwrapped to them, else its `params`. */
function wireParams(reply: unknown): readonly RemoteTypedParam[] {
  return Array.isArray(reply) ? (reply as RemoteTypedParam[]) : (reply as { params: RemoteTypedParam[] }).params;
}

/**
 * The wire form of a record: each value typed as spelled out, else as `known` (what the daemon
 * reported), else by its JavaScript type where that says it (strings, booleans, bigints).
 */
function toWire(method: string, record: Readonly<Record<string, unknown>>, known: ReadonlyMap<string, TypedParamType>, getter?: string): RemoteTypedParam[] {
  return Object.keys(record).map((name) => {
    const path = `args.params.${name}`;
    const input = record[name];
    if (isTypedInput(input)) return encodeAs(method, `${path}.value`, name, input.type, input.value);
    const type = known.get(name) ?? (getter === undefined ? typeImpliedBy(input) : undefined);
    if (type === undefined) {
      if (getter !== undefined) {
        const names = [...known.keys()].join(', ');
        throw new ArgumentError(method, path, `the daemon reports no parameter '${name}' (${getter} has: ${names || 'none'}); spell out its type as { type, value } to send it anyway`);
      }
      throw new ArgumentError(method, path, `${describe(input)} needs its type spelled out here: { type: 'int' | 'uint' | 'double' | ..., value }`);
    }
    return encodeAs(method, path, name, type, input);
  });
}

function typeImpliedBy(value: unknown): TypedParamType | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'bigint') return value < 0n ? 'llong' : 'ullong';
  return undefined;
}

/** One parameter of `type`; numbers and bigints convert where the value fits. */
function encodeAs(method: string, path: string, name: string, type: TypedParamType, value: unknown): RemoteTypedParam {
  const wrong = (): never => {
    throw new ArgumentError(method, path, `${type} parameter '${name}' cannot take ${describe(value)}`);
  };
  switch (type) {
    case 'int':
    case 'uint':
    case 'double': {
      const number = typeof value === 'bigint' && type !== 'double' ? Number(value) : value;
      if (typeof number !== 'number') return wrong();
      if (type !== 'double' && !Number.isInteger(number)) return wrong();
      return typedParam[type](name, number);
    }
    case 'llong':
    case 'ullong': {
      if (typeof value === 'bigint') return typedParam[type](name, value);
      if (typeof value === 'number' && Number.isSafeInteger(value)) return typedParam[type](name, BigInt(value));
      return wrong();
    }
    case 'boolean':
      return typeof value === 'boolean' ? typedParam.boolean(name, value) : wrong();
    case 'string':
      return typeof value === 'string' ? typedParam.string(name, value) : wrong();
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${String(value)})`;
}

const TYPES: ReadonlySet<unknown> = new Set<TypedParamType>(['int', 'uint', 'llong', 'ullong', 'double', 'boolean', 'string']);

function isTypedInput(value: unknown): value is TypedParamInput {
  return typeof value === 'object' && value !== null && TYPES.has((value as { type?: unknown }).type) && 'value' in value;
}

function isArgsObject(value: unknown): value is Args {
  return typeof value === 'object' && value !== null;
}

/** A record `params` (a plain object, not the wire form's array). */
function isRecord(value: unknown): value is Readonly<Record<string, TypedParamValue | TypedParamInput>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
