import { decoderName, encoderName, typeName } from '../naming.js';
import { ImportCollector } from './import-collector.js';
import { arrayLiteral, imports, indent, quote, sourceFile } from './source-text.js';
import type { ProcedureModel, ProgramModel } from '../program-model.js';
import type { StructModel } from '../model.js';
import type { TypedParamsModel } from '../typed-params-rule.js';

/**
 * `procedures.ts`: the program's `ProgramInfo`: the API method of each call procedure, then an
 * array of one function per procedure making its row by a `row<Args, Ret, Msg>(...)` call (see
 * `procedureTable`), its codecs checked against its payload types.
 */
export function emitProcedures(program: ProgramModel, inputs: readonly string[]): string {
  const { config, unit } = program;
  const collector = new ImportCollector(unit.unit, null);
  const programConstant = collector.add(unit.unit, 'constants', config.programConstant);
  const versionConstant = collector.add(unit.unit, 'constants', config.versionConstant);
  program.procedures.forEach((procedure, index) => {
    // The table finds a row by its number's position: numbers must run 1..N (libvirt's do).
    if (procedure.number !== index + 1) throw new Error(`${config.name}: procedure ${procedure.name} is number ${procedure.number}, expected ${index + 1}`);
  });
  const rows = program.procedures.map((procedure) => `(row) =>\n${indent(emitRow(procedure, unit.unit, collector))}`);
  const callMethods = program.procedures.map((procedure) => (procedure.kind === 'call' ? quote(procedure.method) : 'undefined'));
  const table = [
    `export const ${config.infoName}: ProgramInfo = procedureTable(`,
    indent([quote(config.name), programConstant, versionConstant, arrayLiteral('', ['undefined', ...callMethods], '', 1)].map((argument) => `${argument},`).join('\n')),
    indent('['),
    indent(indent(rows.join('\n'))),
    indent('],'),
    ');',
  ].join('\n');
  const usesCodecs = program.procedures.some((procedure) => procedure.args !== null || procedure.ret !== null || procedure.msg !== null);
  const header = imports([
    "import type { ProgramInfo } from '../../protocol/procedure.js';",
    "import { procedureTable } from '../../protocol/procedure-table.js';",
    ...collector.lines(),
    ...(usesCodecs ? ["import * as codecs from './codecs.js';"] : []),
  ]);
  return sourceFile(inputs, [header, table]);
}

/** `['state', virDomainState]`, and `['reason', 'state', { 1: virDomainRunningReason, ... }]` for a field named by another's value. */
function namesLiteral(procedure: ProcedureModel, collector: ImportCollector): string[] {
  const table = (enumType: string, module: string): string => collector.addExternal(enumType, `../libvirt/${module}.js`, false);
  return [
    ...procedure.namedFields.map(({ field, enumType, module }) => `[${quote(field)}, ${table(enumType, module)}]`),
    ...procedure.dependentNames.map(
      ({ field, by, cases }) => `[${quote(field)}, ${quote(by)}, { ${cases.map(({ value, enumType, module }) => `${value}: ${table(enumType, module)}`).join(', ')} }]`,
    ),
  ];
}

function typedParamsLiteral({ reply, nparams, params, typesFrom }: TypedParamsModel): string {
  const nullable = (value: string | number | null): string => (value === null ? 'null' : typeof value === 'string' ? quote(value) : String(value));
  return `{ reply: ${nullable(reply)}, nparams: ${nullable(nparams)}, params: ${params}, typesFrom: ${nullable(typesFrom?.number ?? null)} }`;
}

/** `row<Args, Ret, Msg>(number, name, method, kind, codecs..., unwrapField, priority, generate, acl[, extras]),` */
function emitRow(procedure: ProcedureModel, unit: string, collector: ImportCollector): string {
  const payloadType = (struct: StructModel | null): string =>
    struct === null ? 'undefined' : collector.add(unit, 'types', typeName(struct.name));
  // Through the codecs' module namespace: one import binding instead of one per codec (about a
  // thousand for the remote program), which Node links at every load.
  const codecs = (struct: StructModel | null): string[] =>
    struct === null ? ['null', 'null'] : [`codecs.${encoderName(struct.name)}`, `codecs.${decoderName(struct.name)}`];
  const nullable = (value: string | null): string => (value === null ? 'null' : quote(value));
  const extras = [
    ...(procedure.stream === null ? [] : [`stream: ${quote(procedure.stream)}`]),
    ...(procedure.sparseFlag === null ? [] : [`sparseFlag: ${procedure.sparseFlag}`]),
    ...(procedure.fds === null ? [] : [`fds: ${quote(procedure.fds)}`]),
    ...(procedure.namedFields.length + procedure.dependentNames.length === 0 ? [] : [`names: [${namesLiteral(procedure, collector).join(', ')}]`]),
    ...(procedure.typedParams === null ? [] : [`typedParams: ${typedParamsLiteral(procedure.typedParams)}`]),
  ];
  const argumentsList = [
    String(procedure.number),
    quote(procedure.name),
    quote(procedure.method),
    quote(procedure.kind),
    ...codecs(procedure.args),
    ...codecs(procedure.ret),
    nullable(procedure.unwrapField?.name ?? null),
    ...codecs(procedure.msg),
    quote(procedure.priority),
    nullable(procedure.generate),
    arrayLiteral('', procedure.acl.map(quote), '', 2),
    ...(extras.length === 0 ? [] : [`{ ${extras.join(', ')} }`]),
  ];
  const typeArguments = [procedure.args, procedure.ret, procedure.msg].map(payloadType).join(', ');
  return `row<${typeArguments}>(\n${indent(argumentsList.join(',\n'))},\n),`;
}
