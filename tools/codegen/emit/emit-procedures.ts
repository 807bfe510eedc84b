import { decoderName, encoderName, typeName } from '../naming.js';
import { ImportCollector } from './import-collector.js';
import { arrayLiteral, imports, indent, quote, sourceFile } from './source-text.js';
import type { ProcedureModel, ProgramModel } from '../program-model.js';
import type { StructModel } from '../model.js';

/**
 * `procedures.ts`: the program's `ProgramInfo`, one `ProcedureInfo` per procedure. Each entry is
 * checked against its payload types by `entry<Args, Ret, Msg>`, then stored type-erased.
 */
export function emitProcedures(program: ProgramModel, inputs: readonly string[]): string {
  const { config, unit } = program;
  const collector = new ImportCollector(unit.unit, null);
  const programConstant = collector.add(unit.unit, 'constants', config.programConstant);
  const versionConstant = collector.add(unit.unit, 'constants', config.versionConstant);
  const entries = program.procedures.map((procedure) => emitEntry(procedure, programConstant, versionConstant, unit.unit, collector));
  const helper = [
    '/**',
    ' * One row of the table. `ProcedureInfo` is invariant in its payload types, so the map stores',
    ' * them erased; the typed API interface carries them instead.',
    ' */',
    'function entry<Args, Ret, Msg>(info: ProcedureInfo<Args, Ret, Msg>): [number, ProcedureInfo] {',
    '  return [info.number, info as unknown as ProcedureInfo];',
    '}',
  ].join('\n');
  const table = [
    `export const ${config.infoName}: ProgramInfo = {`,
    `  name: ${quote(config.name)},`,
    `  program: ${programConstant},`,
    `  version: ${versionConstant},`,
    '  procedures: new Map([',
    indent(entries.join('\n'), 2),
    '  ]),',
    '};',
  ].join('\n');
  const header = imports([
    "import type { ProcedureInfo, ProgramInfo } from '../../protocol/procedure.js';",
    ...collector.lines(),
  ]);
  return sourceFile(inputs, [header, helper, table]);
}

function emitEntry(
  procedure: ProcedureModel,
  programConstant: string,
  versionConstant: string,
  unit: string,
  collector: ImportCollector,
): string {
  const payloadType = (struct: StructModel | null): string =>
    struct === null ? 'undefined' : collector.add(unit, 'types', typeName(struct.name));
  const codec = (struct: StructModel | null, direction: 'encode' | 'decode'): string => {
    if (struct === null) return 'null';
    return collector.add(unit, 'codecs', direction === 'encode' ? encoderName(struct.name) : decoderName(struct.name));
  };
  const nullable = (value: string | number | null): string =>
    value === null ? 'null' : typeof value === 'number' ? String(value) : quote(value);
  const fields = [
    `program: ${programConstant},`,
    `programVersion: ${versionConstant},`,
    `number: ${procedure.number},`,
    `name: ${quote(procedure.name)},`,
    `method: ${quote(procedure.method)},`,
    `kind: ${quote(procedure.kind)},`,
    `encodeArgs: ${codec(procedure.args, 'encode')},`,
    `decodeArgs: ${codec(procedure.args, 'decode')},`,
    `encodeRet: ${codec(procedure.ret, 'encode')},`,
    `decodeRet: ${codec(procedure.ret, 'decode')},`,
    `unwrapField: ${nullable(procedure.unwrapField?.name ?? null)},`,
    `encodeMessage: ${codec(procedure.msg, 'encode')},`,
    `decodeMessage: ${codec(procedure.msg, 'decode')},`,
    `stream: ${nullable(procedure.stream)},`,
    `sparseFlag: ${nullable(procedure.sparseFlag)},`,
    `fds: ${nullable(procedure.fds)},`,
    `priority: ${quote(procedure.priority)},`,
    `generate: ${nullable(procedure.generate)},`,
    arrayLiteral('acl: ', procedure.acl.map(quote), ',', 3),
  ];
  const typeArguments = [procedure.args, procedure.ret, procedure.msg].map(payloadType).join(', ');
  return `entry<${typeArguments}>({\n${indent(fields.join('\n'))}\n}),`;
}
