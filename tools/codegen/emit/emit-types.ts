import { typeName } from '../naming.js';
import { ImportCollector } from './import-collector.js';
import { docComment, imports, indent, sourceFile } from './source-text.js';
import { tsType } from './ts-type.js';
import type { TypeModel, UnionModel, UnitModel } from '../model.js';

/** `types.ts`: an interface per struct, a discriminated union per union, an alias per typedef. */
export function emitTypes(unit: UnitModel, inputs: readonly string[]): string {
  const collector = new ImportCollector(unit.unit, 'types');
  const declarations = unit.types.map((type) => emitType(type, collector));
  return sourceFile(inputs, [imports(collector.lines()), ...declarations]);
}

function emitType(type: TypeModel, collector: ImportCollector): string {
  const name = typeName(type.name);
  switch (type.kind) {
    case 'struct': {
      const fields = type.fields.map((field) => `${field.name}: ${tsType(field.type, collector)};`);
      return `${docComment([`XDR struct \`${type.name}\`.`])}\nexport interface ${name} {\n${indent(fields.join('\n'))}\n}`;
    }
    case 'union':
      return `${docComment([`XDR union \`${type.name}\`, by \`${type.discriminant.name}\`.`])}\nexport type ${name} =\n${indent(unionMembers(type, collector).map((member) => `| ${member}`).join('\n'))};`;
    case 'typedef':
      return `${docComment([`XDR typedef \`${type.name}\`.`])}\nexport type ${name} = ${tsType(type.type, collector)};`;
  }
}

function unionMembers(union: UnionModel, collector: ImportCollector): string[] {
  const member = (discriminant: string, field: UnionModel['arms'][number]['field']): string => {
    const parts = [`${union.discriminant.name}: ${discriminant}`];
    if (field !== null) parts.push(`${field.name}: ${tsType(field.type, collector)}`);
    return `{ ${parts.join('; ')} }`;
  };
  const members = union.arms.map((arm) => member(arm.values.map(String).join(' | '), arm.field));
  if (union.defaultArm !== null) members.push(member('number', union.defaultArm.field));
  return members;
}
