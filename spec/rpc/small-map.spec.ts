import { SmallMap } from '../../src/rpc/small-map.js';

describe('SmallMap', () => {
  it('behaves as a Map through one entry, two, and back', () => {
    const map = new SmallMap<number | null, string>();
    expect(map.size).toBe(0);
    expect(map.get(1)).toBeUndefined();
    map.set(1, 'a');
    map.set(1, 'b');
    expect([map.size, map.get(1), map.get(2)]).toEqual([1, 'b', undefined]);
    map.set(null, 'n');
    map.set(2, 'c');
    expect([...map.entries()]).toEqual([[1, 'b'], [null, 'n'], [2, 'c']]);
    expect(map.delete(1)).toBe(true);
    expect(map.delete(1)).toBe(false);
    expect([map.size, map.get(null), map.get(2), map.has(2), map.has(1)]).toEqual([2, 'n', 'c', true, false]);
    map.clear();
    expect([map.size, map.has(null), [...map.entries()]]).toEqual([0, false, []]);
    map.set(3, 'd');
    expect([map.size, map.get(3), map.has(3)]).toEqual([1, 'd', true]);
  });

  it('deletes its single entry and takes another key after it', () => {
    const map = new SmallMap<string, number>();
    map.set('a', 1);
    expect(map.delete('b')).toBe(false);
    expect(map.delete('a')).toBe(true);
    expect([map.size, [...map.entries()]]).toEqual([0, []]);
    map.set('b', 2);
    expect([map.size, map.get('a'), map.get('b')]).toEqual([1, undefined, 2]);
  });

  it('drops its Map once emptied, and keeps one entry in its fields again', () => {
    const map = new SmallMap<number, string>();
    const held = (): unknown => (map as unknown as { map?: Map<number, string> }).map;
    map.set(1, 'a');
    map.set(2, 'b');
    expect(held()).toBeInstanceOf(Map);
    map.delete(1);
    expect(held()).toBeInstanceOf(Map);
    map.delete(2);
    expect([held(), map.size, [...map.entries()]]).toEqual([undefined, 0, []]);
    map.set(3, 'c');
    expect([held(), map.size, map.get(3), map.get(1)]).toEqual([undefined, 1, 'c', undefined]);
    map.set(4, 'd');
    expect([...map.entries()]).toEqual([[3, 'c'], [4, 'd']]);
  });

  it('compares keys as a Map does: NaN matches NaN, 0 matches -0', () => {
    const map = new SmallMap<number, string>();
    map.set(Number.NaN, 'nan');
    expect(map.get(Number.NaN)).toBe('nan');
    map.set(0, 'zero');
    expect(map.get(-0)).toBe('zero');
    expect(map.size).toBe(2);
  });
});
