import { camelCase, procedureStem } from './naming.js';
import { REFERENCE_PREFIX, type ObjectClassConfig } from './object-classes.js';
import type { Field, StructModel, WireType } from './model.js';
import type { ProcedureModel, ProgramModel } from './program-model.js';

/** Where a reply carries objects: the emitted value itself (`field` null) or one of its fields. */
export interface ReplyObjectModel {
  readonly field: Field | null;
  readonly objectClass: ObjectClassConfig;
  readonly array: boolean;
}

/** A procedure as a method of an object class, or of `conn.objects` (then `argument` is null). */
export interface ObjectMethodModel {
  readonly method: string;
  readonly procedure: ProcedureModel;
  /** The args field the object fills in, which the method does not take. */
  readonly argument: Field | null;
  readonly reply: readonly ReplyObjectModel[];
}

export interface ObjectClassModel {
  readonly config: ObjectClassConfig;
  /** The reference struct, whose fields an object carries. */
  readonly struct: StructModel;
  readonly methods: readonly ObjectMethodModel[];
}

export interface ObjectModel {
  readonly classes: readonly ObjectClassModel[];
  /** Procedures of no class whose replies carry objects: lookups, `create*`, `define*`, `connectListAll*`. */
  readonly connectionMethods: readonly ObjectMethodModel[];
}

/**
 * A member method's name: the procedure's stem without the leading words it shares with the
 * class's reference type. On a domain, DOMAIN_GET_XML_DESC → `getXmlDesc` and
 * DOMAIN_SNAPSHOT_LOOKUP_BY_NAME → `snapshotLookupByName`; on a snapshot, DOMAIN_REVERT_TO_SNAPSHOT →
 * `revertToSnapshot`; on a pool, STORAGE_VOL_CREATE_XML → `volCreateXml`.
 */
export function objectMethodName(stem: string, classWords: string): string {
  const words = stem.split('_');
  const own = classWords.split('_');
  let shared = 0;
  while (shared < own.length && words[shared] === own[shared]) shared++;
  if (shared === words.length) throw new Error(`${stem} leaves no method name on ${classWords}`);
  return camelCase(words.slice(shared).join('_'));
}

/** `remote_nonnull_domain_snapshot` → `DOMAIN_SNAPSHOT`, the words its procedures start with. */
export function classWords(config: ObjectClassConfig): string {
  if (!config.type.startsWith(REFERENCE_PREFIX)) throw new Error(`${config.type} is not a ${REFERENCE_PREFIX}* struct`);
  return config.type.slice(REFERENCE_PREFIX.length).toUpperCase();
}

/** Names an object's method may not take: its own fields and what every object inherits. */
const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Sorts the program's call procedures into object classes: a procedure whose first argument is a
 * class's reference (or, for a keyed class, its key) is a method of that class. Procedures of no
 * class whose replies carry references become methods of `conn.objects`.
 */
export function buildObjectModel(program: ProgramModel, configs: readonly ObjectClassConfig[]): ObjectModel {
  const structs = new Map<string, StructModel>();
  for (const type of program.unit.types) if (type.kind === 'struct') structs.set(type.name, type);
  const byType = new Map(configs.map((config) => [config.type, config]));

  const objectIn = (type: WireType): { objectClass: ObjectClassConfig; array: boolean } | null => {
    const element = type.kind === 'array' ? type.element : type;
    const objectClass = element.kind === 'struct' ? byType.get(element.type.name) : undefined;
    return objectClass === undefined ? null : { objectClass, array: type.kind === 'array' };
  };
  const replyObjects = (procedure: ProcedureModel): ReplyObjectModel[] => {
    if (procedure.unwrapField !== null) {
      const found = objectIn(procedure.unwrapField.type);
      return found === null ? [] : [{ field: null, ...found }];
    }
    return (procedure.ret?.fields ?? []).flatMap((field) => {
      const found = objectIn(field.type);
      return found === null ? [] : [{ field, ...found }];
    });
  };
  const ownerOf = (procedure: ProcedureModel, reply: readonly ReplyObjectModel[]): ObjectClassConfig | undefined => {
    const first = procedure.args?.fields[0];
    if (first === undefined) return undefined;
    if (first.type.kind === 'struct') {
      const config = byType.get(first.type.type.name);
      if (config?.key === null) return config;
    }
    const stem = procedureStem(procedure.name, program.config.procedurePrefix);
    // A keyed procedure that yields its own class is a lookup (NODE_DEVICE_LOOKUP_BY_NAME), not a method.
    return configs.find(
      (config) =>
        config.key !== null &&
        first.name === config.key &&
        first.type.kind === 'string' &&
        stem.startsWith(`${classWords(config)}_`) &&
        !reply.some((object) => object.objectClass === config),
    );
  };

  const methods = new Map<ObjectClassConfig, ObjectMethodModel[]>(configs.map((config) => [config, []]));
  const connectionMethods: ObjectMethodModel[] = [];
  for (const procedure of program.procedures) {
    if (procedure.kind !== 'call') continue;
    const reply = replyObjects(procedure);
    if (procedure.stream !== null && reply.length > 0) {
      throw new Error(`${procedure.name} opens a stream and replies with objects: the object layer cannot wrap its reply`);
    }
    const owner = ownerOf(procedure, reply);
    if (owner === undefined) {
      if (reply.length > 0) connectionMethods.push({ method: procedure.method, procedure, argument: null, reply });
      continue;
    }
    const stem = procedureStem(procedure.name, program.config.procedurePrefix);
    const argument = procedure.args?.fields[0] ?? null;
    methods.get(owner)?.push({ method: objectMethodName(stem, classWords(owner)), procedure, argument, reply });
  }

  const classes = configs.map((config): ObjectClassModel => {
    const struct = structs.get(config.type);
    if (struct === undefined) throw new Error(`${program.unit.file}: reference struct ${config.type} is missing`);
    const classMethods = methods.get(config) ?? [];
    checkMethodNames(config.name, struct, classMethods);
    return { config, struct, methods: classMethods };
  });
  return { classes, connectionMethods };
}

/** An object carries its reference's fields as properties, so a method may not shadow one, nor another method. */
function checkMethodNames(className: string, struct: StructModel, methods: readonly ObjectMethodModel[]): void {
  const taken = new Map<string, string>(struct.fields.map((field) => [field.name, `the field ${field.name}`]));
  for (const { method, procedure } of methods) {
    const clash = taken.get(method) ?? (INHERITED_NAMES.has(method) ? 'an inherited property' : undefined);
    if (clash !== undefined) throw new Error(`${className}.${method} (${procedure.name}) clashes with ${clash}`);
    taken.set(method, procedure.name);
  }
}
