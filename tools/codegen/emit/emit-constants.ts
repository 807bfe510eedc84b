import { indent, numberLiteral, sourceFile } from './source-text.js';
import type { UnitModel } from '../model.js';

/**
 * `constants.ts`: every `.x` constant as `export const NAME = value;` and every enum as an
 * `as const` object named exactly like the `.x` enum (`remote_procedure`, `virNetMessageType`).
 */
export function emitConstants(unit: UnitModel, inputs: readonly string[]): string {
  const constants = unit.constants.map((constant) => `export const ${constant.name} = ${numberLiteral(constant.value, constant.hex)};`);
  const enums = unit.enums.map((enumModel) => {
    const members = enumModel.members.map((member) => `${member.name}: ${numberLiteral(member.value)},`);
    return `export const ${enumModel.name} = {\n${indent(members.join('\n'))}\n} as const;`;
  });
  return sourceFile(inputs, [constants.join('\n'), ...enums]);
}
