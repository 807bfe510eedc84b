import { parseSpecification } from '../../tools/codegen/parser.js';
import { resolveUnits } from '../../tools/codegen/resolve.js';
import type { UnitModel } from '../../tools/codegen/model.js';

/** Constants an inline snippet may use without defining, standing in for the API XML. */
export const XML_CONSTANTS: Readonly<Record<string, bigint>> = {
  VIR_UUID_BUFLEN: 16n,
  VIR_TYPED_PARAM_INT: 1n,
  VIR_TYPED_PARAM_STRING: 7n,
  VIR_SPARSE: 4n,
};

/** Parses and resolves an inline `.x` snippet as unit `test`. */
export function resolveSnippet(source: string): UnitModel {
  const [unit] = resolveUnits(
    [{ unit: 'test', specification: parseSpecification(source, 'test.x'), dependencies: [] }],
    (name) => XML_CONSTANTS[name],
  );
  return unit;
}
