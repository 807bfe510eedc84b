import type { TypedParamsInfo } from '../../src/protocol/procedure.js';
import type { Field, StructModel } from './model.js';

/**
 * The one rule for typed parameters (libvirt's `virTypedParameter` lists), found from the payload
 * structs alone:
 *
 * - a reply carrying `params` (a typed-parameter array) emits them as a record by name; when the
 *   reply holds nothing else but their count (`nparams`), the record is what the call emits;
 * - an `nparams` argument of such a call is optional: left out, the library asks the daemon how
 *   many there are (a first call with 0, answered by the reply's `nparams`, as libvirt's client
 *   library and virsh do) or, when the reply carries no count, sends the protocol's maximum;
 * - an argument `params` also takes a record by name; the typed-parameter type of each value is
 *   what the daemon reports for that name through the matching getter (`..._SET_X` → `..._GET_X`),
 *   as virsh does, or follows from the value when there is no getter.
 *
 * Replies that are a grid (`ncpus` × `nparams`: DOMAIN_GET_CPU_STATS) keep their wire form: a
 * record by name cannot hold one value per CPU.
 */
export interface TypedParamsModel extends Omit<TypedParamsInfo, 'typesFrom'> {
  /** The getter that tells the types for a record `params`; `null` when none (the table keeps its number). */
  readonly typesFrom: TypedParamsCandidate | null;
}

/** The procedure facts the rule reads. */
export interface TypedParamsCandidate {
  readonly number: number;
  readonly name: string;
  readonly method: string;
  readonly args: StructModel | null;
  readonly ret: StructModel | null;
}

/** Applies the rule to every procedure of a program; `null` for those it does not touch. */
export function typedParamsRules(procedures: readonly TypedParamsCandidate[]): ReadonlyMap<string, TypedParamsModel> {
  const getters = new Map<string, TypedParamsCandidate>();
  for (const procedure of procedures) if (replyKind(procedure) !== null) getters.set(procedure.name, procedure);
  const rules = new Map<string, TypedParamsModel>();
  for (const procedure of procedures) {
    const reply = replyKind(procedure);
    const params = procedure.args !== null && typedParamArray(procedure.args) !== undefined;
    if (reply === null && !params) continue;
    const getter = params ? getters.get(procedure.name.replace('_SET_', '_GET_')) : undefined;
    rules.set(procedure.name, {
      reply,
      nparams: reply === null ? null : nparamsRule(procedure),
      params,
      typesFrom: getter === undefined || getter === procedure ? null : getter,
    });
  }
  return rules;
}

function replyKind({ args, ret }: TypedParamsCandidate): TypedParamsModel['reply'] {
  if (ret === null || typedParamArray(ret) === undefined) return null;
  if (args?.fields.some((field) => field.name === 'ncpus')) return null;
  return ret.fields.every((field) => field.name === 'params' || field.name === 'nparams') ? 'record' : 'field';
}

function nparamsRule({ args, ret }: TypedParamsCandidate): TypedParamsModel['nparams'] {
  if (!args?.fields.some((field) => field.name === 'nparams')) return null;
  if (ret?.fields.some((field) => field.name === 'nparams')) return 'ask';
  const array = ret === null ? undefined : typedParamArray(ret);
  if (array?.type.kind !== 'array' || array.type.max === 'unbounded') throw new Error(`${ret?.name}: typed parameters without a count need a bounded array`);
  return array.type.max;
}

/** The struct's `params` field when it is an array of `*_typed_param`. */
function typedParamArray(struct: StructModel): Field | undefined {
  return struct.fields.find(
    (field) =>
      field.name === 'params' &&
      field.type.kind === 'array' &&
      field.type.element.kind === 'struct' &&
      field.type.element.type.name.endsWith('_typed_param'),
  );
}
