import type { WireType } from '../model.js';

/**
 * The fewest bytes a value of this type takes on the wire. Array decoders pass it to
 * `readArrayLength`, which refuses a count the remaining bytes cannot hold before allocating.
 * `structSize` gives the minimum of a named struct or union (0 while it is being computed, so a
 * recursive type cannot loop).
 */
export function minimumWireSize(type: WireType, namedSize: (type: WireType & { kind: 'struct' | 'union' }) => number): number {
  switch (type.kind) {
    case 'scalar':
      return type.scalar === 'hyper' || type.scalar === 'uhyper' || type.scalar === 'double' ? 8 : 4;
    case 'enum':
    case 'string':
    case 'opaque':
    case 'charBytes':
    case 'array':
    case 'optional':
      return 4;
    case 'fixedOpaque':
      return type.length + ((4 - (type.length & 3)) & 3);
    case 'fixedCharString':
      return type.length * 4;
    case 'fixedArray':
      return type.length * minimumWireSize(type.element, namedSize);
    case 'struct':
    case 'union':
      return namedSize(type);
  }
}
