import { argsParameter, callType, describe, replyType } from './emit-api.js';
import { ImportCollector } from './import-collector.js';
import { docComment, importLine, imports, indent, quote, signature, sourceFile } from './source-text.js';
import { tsType } from './ts-type.js';
import type { Field } from '../model.js';
import type { ObjectMethodModel, ObjectModel, ReplyObjectModel } from '../object-model.js';
import type { ProgramModel } from '../program-model.js';

/**
 * `objects.ts`: the object layer's typed methods (one interface per class and one for
 * `conn.objects`) and the tables its one hand-written runtime builds the classes from.
 */
export function emitObjects(model: ObjectModel, program: ProgramModel, inputs: readonly string[]): string {
  const emitter = new ObjectsEmitter(program.unit.unit);
  const interfaces = model.classes.map(({ config, methods }) => {
    const subject = config.key === null ? `a \`${config.type}\`` : `the \`${config.key}\` of a \`${config.type}\``;
    const doc = docComment([`Methods of a {@link ${emitter.useClass(config.name)}}: the procedures whose first argument is ${subject}, called without it.`]);
    return `${doc}\nexport interface ${config.name}Methods {\n${indent(methods.map((method) => emitter.method(method)).join('\n'))}\n}`;
  });
  const connectionDoc = docComment(['`conn.objects`: the procedures of no object class whose replies carry references, returning objects.']);
  const connectionInterface = `${connectionDoc}\nexport interface ConnectionObjectMethods {\n${indent(
    model.connectionMethods.map((method) => emitter.method(method)).join('\n'),
  )}\n}`;

  // The flat methods whose replies carry references: the connection hands out objects from these.
  const flat = [...model.connectionMethods, ...model.classes.flatMap(({ methods }) => methods.filter((method) => method.reply.length > 0))]
    .map((method) => ({ ...method, method: method.procedure.method, argument: null }))
    .sort((a, b) => a.procedure.number - b.procedure.number);
  const flatDoc = docComment([
    'What the flat methods whose replies carry references emit, by method name: objects (`Domain`, `StorageVol[]`, ...) in place of references. Their arguments and docs are `RemoteApi`\'s.',
  ]);
  const flatInterface = `${flatDoc}\nexport interface ObjectReplies {\n${indent(flat.map((method) => `${method.method}: ${emitter.emitted(method)};`).join('\n'))}\n}`;
  const flatTable = [
    docComment(['Where the replies of {@link ObjectReplies} carry references, by procedure number.']),
    'export const OBJECT_REPLY_INFO: readonly ObjectMethodInfo<ObjectClassName>[] = [',
    indent(flat.map(methodRow).join('\n')),
    '];',
  ].join('\n');

  const classNames = model.classes.map(({ config }) => quote(config.name));
  const nameType = `${docComment(['The object classes.'])}\nexport type ObjectClassName = ${classNames.join(' | ')};`;
  const classRows = model.classes.map(({ config, struct, methods }) =>
    [
      '{',
      indent(
        [
          `name: ${quote(config.name)},`,
          `fields: [${struct.fields.map((field) => quote(field.name)).join(', ')}],`,
          `key: ${config.key === null ? 'null' : quote(config.key)},`,
          'methods: [',
          indent(methods.map(methodRow).join('\n')),
          '],',
        ].join('\n'),
      ),
      '},',
    ].join('\n'),
  );
  const classTable = [
    docComment(['Each class: its reference fields, how its procedures name it, and its methods by procedure number.']),
    'export const OBJECT_CLASS_INFO: readonly ObjectClassInfo<ObjectClassName>[] = [',
    indent(classRows.join('\n')),
    '];',
  ].join('\n');
  const connectionTable = [
    docComment(['The methods of `conn.objects`, by procedure number.']),
    'export const CONNECTION_OBJECT_METHOD_INFO: readonly ObjectMethodInfo<ObjectClassName>[] = [',
    indent(model.connectionMethods.map(methodRow).join('\n')),
    '];',
  ].join('\n');

  const header = imports([
    "import type { Observable } from 'rxjs';",
    "import type { ObjectClassInfo, ObjectMethodInfo } from '../../objects/object-info.js';",
    importLine(emitter.classes, '../../objects/object-classes.js', true),
    importLine(emitter.streamTypes, '../../streams/stream-call.js', true),
    ...emitter.collector.lines(),
  ]);
  return sourceFile(inputs, [header, ...interfaces, connectionInterface, flatInterface, nameType, classTable, connectionTable, flatTable]);
}

/** Emits method signatures, remembering which names the file must import. */
class ObjectsEmitter {
  readonly collector: ImportCollector;
  readonly classes = new Set<string>();
  readonly streamTypes = new Set<string>();

  constructor(private readonly unit: string) {
    this.collector = new ImportCollector(unit, null);
  }

  useClass(name: string): string {
    this.classes.add(name);
    return name;
  }

  method(model: ObjectMethodModel): string {
    const { method, procedure, argument } = model;
    const parameter = argsParameter(procedure, argument, this.unit, this.collector);
    const parameters = parameter === null ? [] : [parameter];
    const doc = [...describe(procedure), `The same call as \`conn.${procedure.method}\`${argument === null ? '' : ` with this object as \`${argument.name}\``}.`];
    return `${docComment(doc, 1)}\n${signature(method, parameters, `: ${callType(procedure, this.emitted(model), this.streamTypes)};`, 1)}`;
  }

  /** What a method's call emits: its reply, with references turned into objects. */
  emitted({ procedure, reply }: ObjectMethodModel): string {
    return reply.length === 0 ? replyType(procedure, this.unit, this.collector) : this.objectReplyType(procedure.ret?.fields ?? [], reply);
  }

  /** The emitted value with references replaced by objects: `Domain`, or `{ domains: Domain[]; ret: number }`. */
  private objectReplyType(fields: readonly Field[], reply: readonly ReplyObjectModel[]): string {
    const objectType = (object: ReplyObjectModel): string => `${this.useClass(object.objectClass.name)}${object.array ? '[]' : ''}`;
    const whole = reply.find((object) => object.field === null);
    if (whole !== undefined) return objectType(whole);
    const members = fields.map((field) => {
      const object = reply.find((candidate) => candidate.field?.name === field.name);
      return `${field.name}: ${object === undefined ? tsType(field.type, this.collector) : objectType(object)}`;
    });
    return `{ ${members.join('; ')} }`;
  }
}

function methodRow({ method, procedure, argument, reply }: ObjectMethodModel): string {
  const objects = reply.map(
    (object) => `{ field: ${object.field === null ? 'null' : quote(object.field.name)}, className: ${quote(object.objectClass.name)}, array: ${object.array} }`,
  );
  return `{ method: ${quote(method)}, procedure: ${procedure.number}, argument: ${argument === null ? 'null' : quote(argument.name)}, reply: [${objects.join(', ')}] },`;
}
