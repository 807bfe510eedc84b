import { defaultedFields } from '../defaulted-fields.js';
import type { Field } from '../model.js';
import { typeName } from '../naming.js';
import { referenceUrl } from '../public-functions.js';
import { ImportCollector } from './import-collector.js';
import { docComment, imports, importLine, indent, quote, signature, sourceFile } from './source-text.js';
import { tsType } from './ts-type.js';
import type { ProcedureModel, ProgramModel } from '../program-model.js';

/** The stream handle a stream-opening method returns, by direction. */
const STREAM_CALL_TYPES = { read: 'ReadStreamCall', write: 'WriteStreamCall', both: 'DuplexStreamCall' } as const;

/**
 * `api.ts`: the program's typed API, one method per `call` procedure. Events and other one-way
 * `message` procedures are not methods.
 */
export function emitApi(program: ProgramModel, apiName: string, inputs: readonly string[]): string {
  const collector = new ImportCollector(program.unit.unit, null);
  const streamTypes = new Set<string>();
  const methods = program.procedures
    .filter((procedure) => procedure.kind === 'call')
    .map((procedure) => emitMethod(procedure, program.unit.unit, collector, streamTypes));
  const header = imports([
    "import type { Observable } from 'rxjs';",
    importLine(streamTypes, '../../streams/stream-call.js', true),
    ...collector.lines(),
  ]);
  const doc = docComment([`Typed calls of the ${program.config.name} program, one per call procedure of \`${program.config.infoName}\`.`]);
  return sourceFile(inputs, [header, `${doc}\nexport interface ${apiName} {\n${indent(methods.join('\n'))}\n}`]);
}

function emitMethod(procedure: ProcedureModel, unit: string, collector: ImportCollector, streamTypes: Set<string>): string {
  const parameter = argsParameter(procedure, null, unit, collector);
  const returnType = callType(procedure, replyType(procedure, unit, collector), streamTypes);
  const method = signature(procedure.method, parameter === null ? [] : [parameter], `: ${returnType};`, 1);
  return `${docComment(describe(procedure), 1)}\n${method}`;
}

/**
 * The `args` parameter of a method: the procedure's `*_args` struct without `omitted` (the object
 * a method is called on), its {@link defaultedFields} optional, and the parameter itself optional
 * when nothing else is left; `null` when there is nothing to pass.
 */
export function argsParameter(procedure: ProcedureModel, omitted: Field | null, unit: string, collector: ImportCollector): string | null {
  const args = procedure.args;
  if (args === null) return null;
  const rest = args.fields.filter((field) => field !== omitted);
  if (rest.length === 0) return null;
  const optional = [...defaultedFields(args).keys(), ...(procedure.typedParams?.nparams ? ['nparams'] : [])];
  const defaulted = optional.filter((name) => rest.some((field) => field.name === name));
  const argsType = collector.add(unit, 'types', typeName(args.name));
  const parameter = `args${rest.length === defaulted.length ? '?' : ''}`;
  let type: string;
  if (defaulted.length === 0) type = omitted === null ? argsType : `Omit<${argsType}, ${quote(omitted.name)}>`;
  else {
    collector.addExternal('CallArgs', '../../protocol/call-args.js');
    const typeArguments = [argsType, defaulted.map(quote).join(' | '), ...(omitted === null ? [] : [quote(omitted.name)])];
    type = `CallArgs<${typeArguments.join(', ')}>`;
  }
  if (procedure.typedParams?.params === true) type = `${collector.addExternal('TypedParamsArgs', '../../protocol/typed-param-values.js')}<${type}>`;
  return `${parameter}: ${type}`;
}

/** What a procedure's call emits: its reply's only field, its reply struct, or nothing. */
export function replyType(procedure: ProcedureModel, unit: string, collector: ImportCollector): string {
  const typedParams = procedure.typedParams?.reply ?? null;
  if (typedParams === 'record') return collector.addExternal('TypedParams', '../../protocol/typed-param-values.js');
  if (procedure.unwrapField !== null) return tsType(procedure.unwrapField.type, collector);
  if (procedure.ret === null) return 'void';
  let ret = collector.add(unit, 'types', typeName(procedure.ret.name));
  if (typedParams === 'field') ret = `Omit<${ret}, 'params'> & { readonly params: ${collector.addExternal('TypedParams', '../../protocol/typed-param-values.js')} }`;
  if (procedure.namedFields.length + procedure.dependentNames.length === 0) return ret;
  const symbolic = collector.addExternal('SymbolicName', '../../protocol/symbolic-name.js');
  const nameOf = (enumType: string, module: string): string => `${symbolic}<typeof ${collector.addExternal(enumType, `../libvirt/${module}.js`)}>`;
  const names = [
    ...procedure.namedFields.map(({ field, enumType, module }) => `readonly ${field}Name: ${nameOf(enumType, module)} | undefined`),
    ...procedure.dependentNames.map(({ field, cases }) => `readonly ${field}Name: ${cases.map(({ enumType, module }) => nameOf(enumType, module)).join(' | ')} | undefined`),
  ];
  return `${ret} & { ${names.join('; ')} }`;
}

/** `Observable<Reply>`, or the stream handle for procedures that open a stream (noted in `streamTypes`). */
export function callType(procedure: ProcedureModel, reply: string, streamTypes: Set<string>): string {
  if (procedure.stream === null) return `Observable<${reply}>`;
  const streamType = STREAM_CALL_TYPES[procedure.stream];
  streamTypes.add(streamType);
  return `${streamType}<${reply}>`;
}

/**
 * The doc comment of a method: the public function it implements with a link to its reference,
 * the flags that apply, the procedure and its annotations; nothing copied from upstream prose.
 */
export function describe(procedure: ProcedureModel): string[] {
  const lines: string[] = [];
  const fn = procedure.publicFunction;
  if (fn !== null) {
    lines.push(`Implements {@link ${referenceUrl(fn)} | ${fn.name}}.`);
    if (fn.flagConstants.length > 0) lines.push(`\`flags\`: ${fn.flagTypes.join(', ')} (${fn.flagConstants.map((name) => `\`${name}\``).join(', ')}).`);
  }
  return [...lines, protocolFacts(procedure)];
}

/** What the typed-parameter rule does to this call, in the words of its doc comment. */
function typedParamsFacts({ typedParams }: ProcedureModel): string[] {
  if (typedParams === null) return [];
  const facts: string[] = [];
  if (typedParams.reply === 'record') facts.push('Emits the typed parameters as a record by name.');
  if (typedParams.reply === 'field') facts.push('`params` is a record by name.');
  if (typedParams.nparams === 'ask') facts.push('Without `nparams`, asks the daemon for the count first.');
  if (typeof typedParams.nparams === 'number') facts.push(`Without \`nparams\`, sends ${typedParams.nparams} (the protocol's maximum).`);
  if (typedParams.params) {
    const types = typedParams.typesFrom === null ? "from each value's type" : `as \`${typedParams.typesFrom.method}\` reports them`;
    facts.push(`\`params\` may be a record by name (typed-parameter types ${types}).`);
  }
  return facts;
}

function protocolFacts(procedure: ProcedureModel): string {
  const facts = [`\`${procedure.name}\` (${procedure.number}).`];
  if (procedure.stream !== null) {
    const direction = { read: 'reads from', write: 'writes to', both: 'reads from and writes to' }[procedure.stream];
    facts.push(`Opens a stream the client ${direction}${procedure.sparseFlag === null ? '' : ` (sparse with flag ${procedure.sparseFlag})`}.`);
  }
  if (procedure.fds !== null) facts.push(`Passes file descriptors (${procedure.fds}).`);
  if (procedure.unwrapField !== null && procedure.typedParams?.reply !== 'record') facts.push(`Emits the reply's \`${procedure.unwrapField.name}\`.`);
  for (const { field, enumType } of procedure.namedFields) facts.push(`\`${field}Name\` names \`${field}\` in ${enumType}.`);
  for (const { field, by, cases } of procedure.dependentNames) {
    facts.push(`\`${field}Name\` names \`${field}\` in the enum of its \`${by}\` (${cases.map(({ enumType }) => enumType).join(', ')}).`);
  }
  facts.push(...typedParamsFacts(procedure));
  if (procedure.priority === 'high') facts.push('High priority.');
  if (procedure.acl.length > 0) facts.push(`ACL: ${procedure.acl.join(', ')}.`);
  return facts.join(' ');
}
