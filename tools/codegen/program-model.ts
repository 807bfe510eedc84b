import type { PublicFunction } from './public-functions.js';
import { parseAnnotations } from './annotations.js';
import { FD_PASSING } from './fd-passing.js';
import { STREAM_OVERRIDES } from './stream-overrides.js';
import { camelCase, payloadStructName, procedureStem } from './naming.js';
import type { FdPassing, ProcedureKind, StreamDirection } from '../../src/protocol/procedure.js';
import type { ProgramConfig } from './inputs.js';
import type { Field, StructModel, UnitModel } from './model.js';
import { typedParamsRules, type TypedParamsModel } from './typed-params-rule.js';

export interface ProcedureModel {
  readonly number: number;
  /** libvirt's constant, e.g. `REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME`. */
  readonly name: string;
  readonly method: string;
  readonly kind: ProcedureKind;
  readonly args: StructModel | null;
  readonly ret: StructModel | null;
  readonly msg: StructModel | null;
  /** The `_ret` struct's only field, which the API emits instead of the struct. */
  readonly unwrapField: Field | null;
  readonly stream: StreamDirection | null;
  readonly sparseFlag: number | null;
  readonly fds: FdPassing | null;
  readonly priority: 'high' | 'low';
  readonly generate: 'both' | 'client' | 'server' | 'none' | null;
  readonly acl: readonly string[];
  /** The public C function the procedure implements, when it has one. */
  readonly publicFunction: PublicFunction | null;
  /** `_ret` fields that are libvirt enums (by the public function's documentation): named in replies. */
  readonly namedFields: readonly NamedField[];
  /** `_ret` fields whose enum depends on another field's value (`reason` by `state`): named too. */
  readonly dependentNames: readonly DependentName[];
  /** What the typed-parameter rule does with this call; `null` when it has no typed parameters. */
  readonly typedParams: TypedParamsModel | null;
}

/** A reply field holding a libvirt enum: `state`, one of `virDomainState` (in the `libvirt` constants module). */
export interface NamedField {
  readonly field: string;
  readonly enumType: string;
  readonly module: string;
}

/**
 * A reply field whose enum is chosen by another field's value: a domain's `reason` is one of
 * `virDomainRunningReason` when its `state` is VIR_DOMAIN_RUNNING, of `virDomainPausedReason`
 * when it is VIR_DOMAIN_PAUSED, and so on.
 */
export interface DependentName {
  readonly field: string;
  /** The field whose value chooses the enum. */
  readonly by: string;
  readonly cases: readonly { readonly value: number; readonly enumType: string; readonly module: string }[];
}

/** What the generator knows of libvirt's enums (from the API XML). */
export interface EnumCatalog {
  /** The enum type of that name, letters compared without case (`virdomainpmsuspendedreason`). */
  typeNamed(name: string): string | undefined;
  /** An enum type's constants and values, `_LAST` markers left out. */
  members(enumType: string): readonly { readonly name: string; readonly value: number }[];
  moduleOf(enumType: string): string | undefined;
}

export interface ProgramModel {
  readonly config: ProgramConfig;
  readonly unit: UnitModel;
  readonly program: number;
  readonly version: number;
  readonly procedures: readonly ProcedureModel[];
  /** `_args`/`_ret`/`_msg` structs that no procedure name leads to (reported, not fatal). */
  readonly unmatchedPayloads: readonly string[];
}

/**
 * Builds the procedure table of one program from its procedure enum, libvirt's payload naming
 * rule, the annotations and the override tables.
 */
export function buildProgram(
  unit: UnitModel,
  config: ProgramConfig,
  apiConstant: (name: string) => bigint | undefined,
  publicFunctionOf: (procedureName: string) => PublicFunction | null = () => null,
  enumModuleOf: (enumType: string) => string | undefined = () => undefined,
  enumCatalog: EnumCatalog | null = null,
): ProgramModel {
  const constant = (name: string): number => {
    const found = unit.constants.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`${unit.file}: constant ${name} is missing`);
    return Number(found.value);
  };
  const procedureEnum = unit.enums.find((candidate) => candidate.name === config.procedureEnum);
  if (procedureEnum === undefined) throw new Error(`${unit.file}: enum ${config.procedureEnum} is missing`);
  const structs = new Map<string, StructModel>();
  for (const type of unit.types) if (type.kind === 'struct') structs.set(type.name, type);

  const used = new Set<string>();
  const payload = (stem: string, suffix: 'args' | 'ret' | 'msg'): StructModel | null => {
    if (config.payloadPrefix === null) return null;
    const name = payloadStructName(config.payloadPrefix, stem, suffix);
    const struct = structs.get(name) ?? null;
    if (struct !== null) used.add(name);
    return struct;
  };

  const methods = new Set<string>();
  const numbers = new Set<number>();
  const untyped = procedureEnum.members.map((member): Omit<ProcedureModel, 'typedParams'> => {
    const where = `${unit.file}: ${member.name}`;
    const number = Number(member.value);
    if (numbers.has(number)) throw new Error(`${where}: procedure number ${number} is used twice`);
    numbers.add(number);
    const stem = procedureStem(member.name, config.procedurePrefix);
    const method = camelCase(stem);
    if (methods.has(method)) throw new Error(`${where}: method name ${method} is used twice`);
    methods.add(method);

    const annotations = (() => {
      try {
        return parseAnnotations(member.comment);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`);
      }
    })();
    const args = payload(stem, 'args');
    const ret = payload(stem, 'ret');
    const msg = payload(stem, 'msg');
    if (msg !== null && (args !== null || ret !== null)) throw new Error(`${where}: has both a _msg and an _args or _ret struct`);
    const kind: ProcedureKind = msg !== null || config.payloadPrefix === null ? 'message' : 'call';

    let sparseFlag: number | null = null;
    if (annotations.sparseFlag !== null) {
      const value = apiConstant(annotations.sparseFlag);
      if (value === undefined) throw new Error(`${where}: @sparseflag ${annotations.sparseFlag} is not in the API XML`);
      sparseFlag = Number(value);
    }
    return {
      number,
      name: member.name,
      method,
      kind,
      args,
      ret,
      msg,
      unwrapField: ret !== null && ret.fields.length === 1 ? ret.fields[0] : null,
      stream: findOverride(STREAM_OVERRIDES, unit.unit, number, stem)?.stream ?? annotations.stream,
      sparseFlag,
      fds: findOverride(FD_PASSING, unit.unit, number, stem)?.fds ?? null,
      priority: annotations.priority,
      generate: annotations.generate,
      acl: annotations.acl,
      publicFunction: kind === 'call' ? publicFunctionOf(member.name) : null,
      namedFields: kind === 'call' ? namedFields(ret, ret !== null && ret.fields.length === 1, publicFunctionOf(member.name), enumModuleOf) : [],
      dependentNames: kind === 'call' && enumCatalog !== null ? stateReasonNames(ret, publicFunctionOf(member.name), enumCatalog) : [],
    };
  });

  const typedParams = typedParamsRules(untyped.filter((procedure) => procedure.kind === 'call'));
  const procedures = untyped.map((procedure): ProcedureModel => ({ ...procedure, typedParams: typedParams.get(procedure.name) ?? null }));

  for (const table of [STREAM_OVERRIDES, FD_PASSING]) {
    for (const entry of table) {
      if (entry.unit === unit.unit && !numbers.has(entry.number)) {
        throw new Error(`${unit.file}: override for unknown procedure ${entry.number} (${entry.stem})`);
      }
    }
  }
  const unmatchedPayloads = [...structs.keys()].filter((name) => /_(args|ret|msg)$/.test(name) && !used.has(name));
  return {
    config,
    unit,
    program: constant(config.programConstant),
    version: constant(config.versionConstant),
    procedures,
    unmatchedPayloads,
  };
}

/** This procedure's row of an override table, after checking the row names the same procedure. */
function findOverride<Row extends { readonly unit: string; readonly number: number; readonly stem: string }>(
  table: readonly Row[],
  unit: string,
  number: number,
  stem: string,
): Row | undefined {
  const row = table.find((candidate) => candidate.unit === unit && candidate.number === number);
  if (row !== undefined && row.stem !== stem) {
    throw new Error(`override for ${unit} procedure ${number} names ${row.stem}, but it is ${stem}`);
  }
  return row;
}

/**
 * The reply fields to name: scalar integers of a `_ret` struct (not unwrapped to its only field)
 * that the public function documents as one libvirt enum.
 */
function namedFields(
  ret: StructModel | null,
  unwrapped: boolean,
  fn: PublicFunction | null,
  enumModuleOf: (enumType: string) => string | undefined,
): NamedField[] {
  if (ret === null || unwrapped || fn === null) return [];
  return ret.fields.flatMap((field) => {
    const enumType = fn.enumFields.get(field.name);
    const module = enumType === undefined ? undefined : enumModuleOf(enumType);
    const scalar = field.type.kind === 'scalar' && (field.type.scalar === 'int' || field.type.scalar === 'uint');
    return enumType === undefined || module === undefined || !scalar ? [] : [{ field: field.name, enumType, module }];
  });
}

/**
 * The rule for reasons: a `reason` field beside a `state` field documented as enum `virXState`
 * is named in the reason enum of each state, `virX<State>Reason`, where `<State>` is the state
 * constant's own word (VIR_DOMAIN_PAUSED → `virDomainPausedReason`, VIR_DOMAIN_PMSUSPENDED →
 * `virDomainPMSuspendedReason`; letters compared without case). States without such an enum get
 * no name.
 */
function stateReasonNames(ret: StructModel | null, fn: PublicFunction | null, enums: EnumCatalog): DependentName[] {
  if (ret === null || fn === null || !ret.fields.some((field) => field.name === 'reason')) return [];
  const stateEnum = fn.enumFields.get('state');
  if (stateEnum === undefined || !stateEnum.endsWith('State')) return [];
  const members = enums.members(stateEnum);
  const prefix = commonPrefix(members.map((member) => member.name));
  const cases = members.flatMap(({ name, value }) => {
    const enumType = enums.typeNamed(`${stateEnum.slice(0, -'State'.length)}${name.slice(prefix.length).replace(/_/g, '')}Reason`.toLowerCase());
    const module = enumType === undefined ? undefined : enums.moduleOf(enumType);
    return enumType === undefined || module === undefined ? [] : [{ value, enumType, module }];
  });
  return cases.length === 0 ? [] : [{ field: 'reason', by: 'state', cases }];
}

/** The longest start the names share, up to an underscore: `VIR_DOMAIN_`. */
function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0].slice(0, names[0].lastIndexOf('_') + 1);
  while (prefix !== '' && !names.every((name) => name.startsWith(prefix))) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('_') + 1);
  return prefix;
}
