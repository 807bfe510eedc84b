import { typeName } from '../naming.js';
import type { ImportCollector } from './import-collector.js';
import type { WireType } from '../model.js';

/** The TypeScript type of a wire type; typedefs are inlined, structs and unions are referenced. */
export function tsType(type: WireType, imports: ImportCollector): string {
  switch (type.kind) {
    case 'scalar':
      switch (type.scalar) {
        case 'hyper':
        case 'uhyper':
          return 'bigint';
        case 'bool':
          return 'boolean';
        default:
          return 'number';
      }
    case 'enum':
      return 'number';
    case 'string':
    case 'fixedCharString':
      return 'string';
    case 'fixedOpaque':
    case 'opaque':
    case 'charBytes':
      return 'Uint8Array';
    case 'fixedArray':
    case 'array': {
      const element = tsType(type.element, imports);
      return element.includes(' ') ? `(${element})[]` : `${element}[]`;
    }
    case 'optional':
      return `${tsType(type.element, imports)} | null`;
    case 'struct':
    case 'union':
      return imports.add(type.type.unit, 'types', typeName(type.type.name));
  }
}
