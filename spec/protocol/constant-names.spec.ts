import { nameOf } from '../../src/protocol/constant-names.js';
import { virErrorNumber } from '../../src/generated/libvirt/libvirt.js';

describe('nameOf', () => {
  it('finds the name of a known value', () => {
    expect(nameOf(virErrorNumber, 42)).toBe('VIR_ERR_NO_DOMAIN');
    expect(nameOf(virErrorNumber, 0)).toBe('VIR_ERR_OK');
  });

  it('returns undefined for a value newer than the table', () => {
    expect(nameOf(virErrorNumber, 100_000)).toBeUndefined();
    expect(nameOf({}, 0)).toBeUndefined();
  });

  it('prefers the first of several names sharing a value', () => {
    const table = { FIRST: 1, SECOND: 1, OTHER: 2 } as const;
    expect(nameOf(table, 1)).toBe('FIRST');
    expect(nameOf(table, 2)).toBe('OTHER');
  });
});
