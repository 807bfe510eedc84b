import { CExpressionError, evaluateCExpression } from './c-expression.js';
import type { ApiDescription } from './api-xml.js';

export interface ApiEnumMember {
  readonly name: string;
  readonly value: bigint;
}

/** All values of one C enum type, e.g. `virErrorNumber`. */
export interface ApiEnumGroup {
  readonly type: string;
  /** The header it is declared in (`libvirt-domain`): its reference page. */
  readonly module: string | null;
  readonly members: readonly ApiEnumMember[];
}

/** What one API XML file contributes, with every value resolved. */
export interface ApiFileConstants {
  readonly file: string;
  readonly enumGroups: readonly ApiEnumGroup[];
  readonly numericMacros: readonly { readonly name: string; readonly value: bigint }[];
  readonly stringMacros: readonly { readonly name: string; readonly value: string }[];
}

export interface ApiConstants {
  readonly files: readonly ApiFileConstants[];
  /** Every numeric constant of every file, for `.x` sizes, union labels and `@sparseflag`. */
  lookup(name: string): bigint | undefined;
}

/**
 * Resolves the numeric values of every enum value and macro in the given API descriptions. Names
 * may refer to constants of any of the files (the QEMU file uses the main file's values).
 * Values that are not integer expressions (type names, casts) are left out.
 */
export function resolveApiConstants(descriptions: readonly ApiDescription[]): ApiConstants {
  const rawByName = new Map<string, string>();
  for (const description of descriptions) {
    for (const value of description.enums) define(rawByName, value.name, value.value, description.file);
    for (const macro of description.macros) {
      if (macro.raw !== null && !macro.functionLike) define(rawByName, macro.name, macro.raw, description.file);
    }
  }

  const resolved = new Map<string, bigint | null>();
  const resolving = new Set<string>();
  const lookup = (name: string): bigint | undefined => {
    const known = resolved.get(name);
    if (known !== undefined) return known ?? undefined;
    const raw = rawByName.get(name);
    if (raw === undefined || resolving.has(name)) return undefined;
    resolving.add(name);
    let value: bigint | null = null;
    try {
      value = evaluateCExpression(raw, lookup);
    } catch (error) {
      if (!(error instanceof CExpressionError)) throw error;
    }
    resolving.delete(name);
    resolved.set(name, value);
    return value ?? undefined;
  };

  const files = descriptions.map((description): ApiFileConstants => {
    const groups = new Map<string, ApiEnumMember[]>();
    const modules = new Map<string, string>();
    for (const value of description.enums) {
      const number = lookup(value.name);
      if (number === undefined) continue;
      const members = groups.get(value.type) ?? [];
      members.push({ name: value.name, value: number });
      if (value.module !== null) modules.set(value.type, value.module);
      groups.set(value.type, members);
    }
    const enumGroups = [...groups]
      .sort(([a], [b]) => compareText(a, b))
      .map(([type, members]) => ({ type, module: modules.get(type) ?? null, members: [...members].sort((a, b) => compareBigint(a.value, b.value)) }));
    const numericMacros: { name: string; value: bigint }[] = [];
    const stringMacros: { name: string; value: string }[] = [];
    for (const macro of description.macros) {
      if (macro.functionLike) continue;
      if (macro.string !== null) {
        stringMacros.push({ name: macro.name, value: macro.string });
        continue;
      }
      const value = lookup(macro.name);
      if (value !== undefined) numericMacros.push({ name: macro.name, value });
    }
    numericMacros.sort((a, b) => compareText(a.name, b.name));
    stringMacros.sort((a, b) => compareText(a.name, b.name));
    return { file: description.file, enumGroups, numericMacros, stringMacros };
  });

  return { files, lookup };
}

function define(rawByName: Map<string, string>, name: string, raw: string, file: string): void {
  if (rawByName.has(name)) throw new Error(`${file}: ${name} is defined twice in the API XML files`);
  rawByName.set(name, raw);
}

/** Code-point order, independent of the machine's locale, so output is reproducible. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
