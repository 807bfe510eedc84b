import { docComment, indent, numberLiteral, quote, sourceFile } from './source-text.js';
import type { ApiFileConstants } from '../api-constants.js';

/**
 * One module of `src/generated/libvirt/`: the enums of one API XML file grouped by C type as
 * `as const` objects (`virErrorNumber`, `virDomainEventID`, ...), then numeric and string macros.
 */
export function emitLibvirtConstants(constants: ApiFileConstants): string {
  const groups = constants.enumGroups.map((group) => {
    const members = group.members.map((member) => `${member.name}: ${numberLiteral(member.value)},`);
    // A link to libvirt's reference, where each value is explained; no prose of libvirt's here.
    const doc = group.module === null ? '' : `${docComment([`{@link https://libvirt.org/html/libvirt-${group.module}.html#${group.type} | ${group.type}}`])}\n`;
    return `${doc}export const ${group.type} = {\n${indent(members.join('\n'))}\n} as const;`;
  });
  const numeric = constants.numericMacros.map((macro) => `export const ${macro.name} = ${numberLiteral(macro.value)};`);
  const strings = constants.stringMacros.map((macro) => `export const ${macro.name} = ${quote(macro.value)};`);
  return sourceFile([constants.file], [...groups, numeric.join('\n'), strings.join('\n')]);
}
