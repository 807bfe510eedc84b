import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareText, resolveApiConstants } from './api-constants.js';
import { readApiXml } from './api-xml.js';
import { publicFunctionMatcher, readPublicFunctions } from './public-functions.js';
import { emitApi } from './emit/emit-api.js';
import { emitCodecs } from './emit/emit-codecs.js';
import { emitConstants } from './emit/emit-constants.js';
import { emitIndex } from './emit/emit-index.js';
import { emitLibvirtConstants } from './emit/emit-libvirt-constants.js';
import { emitObjects } from './emit/emit-objects.js';
import { emitProcedures } from './emit/emit-procedures.js';
import { emitTypes } from './emit/emit-types.js';
import { API_XML_FILES, INPUT_FILES } from './inputs.js';
import { typeName } from './naming.js';
import { OBJECT_CLASSES, OBJECT_UNIT } from './object-classes.js';
import { buildObjectModel } from './object-model.js';
import { parseSpecification } from './parser.js';
import { buildProgram, type EnumCatalog } from './program-model.js';
import { resolveUnits } from './resolve.js';
import type { ProgramModel } from './program-model.js';
import type { UnitModel } from './model.js';

/** Generated files by path relative to `src/generated`, and notes worth telling the user. */
export interface Generation {
  readonly files: ReadonlyMap<string, string>;
  readonly notes: readonly string[];
}

/** Reads every input from `protocolDir` and returns the generated sources, in memory. */
export function generate(protocolDir: string): Generation {
  const read = (file: string): string => readFileSync(join(protocolDir, file), 'utf8');
  const apiXml = API_XML_FILES.map(({ file }) => read(join('api', file)));
  const apiFiles = API_XML_FILES.map(({ file }, index) => readApiXml(apiXml[index], file));
  const constantsOf = (type: string): string[] =>
    apiFiles.flatMap((description) => description.enums).filter((value) => value.type === type && !value.name.endsWith('_LAST')).map((value) => value.name);
  const publicFunctionOf = publicFunctionMatcher(apiXml.flatMap((xml) => readPublicFunctions(xml, constantsOf)));
  const enumModuleOf = (enumType: string): string | undefined => {
    const index = apiFiles.findIndex((description) => description.enums.some((value) => value.type === enumType));
    return index < 0 ? undefined : API_XML_FILES[index].module;
  };
  const api = resolveApiConstants(apiFiles);
  const enumTypes = new Map(apiFiles.flatMap((description) => description.enums).map((value) => [value.type.toLowerCase(), value.type]));
  const enumCatalog: EnumCatalog = {
    typeNamed: (name) => enumTypes.get(name.toLowerCase()),
    members: (type) => constantsOf(type).flatMap((name) => {
      const value = api.lookup(name);
      return value === undefined ? [] : [{ name, value: Number(value) }];
    }),
    moduleOf: enumModuleOf,
  };
  const apiFileOf = new Map<string, string>();
  for (const description of apiFiles) {
    for (const item of [...description.enums, ...description.macros]) apiFileOf.set(item.name, description.file);
  }

  const units = resolveUnits(
    INPUT_FILES.map((input) => ({
      unit: input.unit,
      specification: parseSpecification(read(input.file), input.file),
      dependencies: input.dependencies,
    })),
    (name) => api.lookup(name),
  );

  const files = new Map<string, string>();
  const notes: string[] = [];
  for (const [index, input] of INPUT_FILES.entries()) {
    const unit = units[index];
    checkUniqueTypeNames(unit);
    const program = input.program === null ? null : buildProgram(unit, input.program, (name) => api.lookup(name), publicFunctionOf, enumModuleOf, enumCatalog);
    const usedXml = [...unit.externalConstants, ...(program?.procedures ?? []).flatMap((p) => (p.sparseFlag === null ? [] : [p.name]))]
      .map((name) => apiFileOf.get(name))
      .filter((file): file is string => file !== undefined);
    const inputs = [input.file, ...input.dependencies.map((unitName) => fileOf(unitName)), ...new Set(usedXml)];
    const modules = emitUnit(unit, program, units, inputs, files);
    files.set(`${unit.unit}/index.ts`, emitIndex(modules, inputs));
    if (program !== null) {
      for (const name of program.unmatchedPayloads) notes.push(`${unit.file}: payload struct ${name} matches no procedure`);
    }
  }

  const libvirtModules: string[] = [];
  const libvirtInputs: string[] = [];
  for (const [index, constants] of api.files.entries()) {
    if (constants.enumGroups.length + constants.numericMacros.length + constants.stringMacros.length === 0) {
      notes.push(`${constants.file}: no constants, no module emitted`);
      continue;
    }
    const module = API_XML_FILES[index].module;
    files.set(`libvirt/${module}.ts`, emitLibvirtConstants(constants));
    libvirtModules.push(module);
    libvirtInputs.push(constants.file);
  }
  files.set('libvirt/index.ts', emitIndex(libvirtModules, libvirtInputs));
  return { files: new Map([...files].sort(([a], [b]) => compareText(a, b))), notes };
}

function emitUnit(
  unit: UnitModel,
  program: ProgramModel | null,
  units: readonly UnitModel[],
  inputs: readonly string[],
  files: Map<string, string>,
): string[] {
  const modules: string[] = [];
  const add = (module: string, content: string): void => {
    files.set(`${unit.unit}/${module}.ts`, content);
    modules.push(module);
  };
  if (unit.types.length > 0) {
    add('types', emitTypes(unit, inputs));
    add('codecs', emitCodecs(unit, inputs, units));
  }
  add('constants', emitConstants(unit, inputs));
  if (program !== null) {
    add('procedures', emitProcedures(program, inputs));
    if (program.config.apiName !== null) add('api', emitApi(program, program.config.apiName, inputs));
    if (unit.unit === OBJECT_UNIT) add('objects', emitObjects(buildObjectModel(program, OBJECT_CLASSES), program, inputs));
  }
  return modules;
}

function fileOf(unit: string): string {
  const input = INPUT_FILES.find((candidate) => candidate.unit === unit);
  if (input === undefined) throw new Error(`unknown unit ${unit}`);
  return input.file;
}

/** Two `.x` names must not map to one TypeScript name (`a_b` and `aB` both give `AB`). */
function checkUniqueTypeNames(unit: UnitModel): void {
  const seen = new Map<string, string>();
  for (const type of unit.types) {
    const name = typeName(type.name);
    const previous = seen.get(name);
    if (previous !== undefined) throw new Error(`${unit.file}: ${previous} and ${type.name} both become ${name}`);
    seen.set(name, type.name);
  }
}
