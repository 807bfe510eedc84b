/** A generated `as const` object of named numbers, such as `virErrorNumber` or `remote_procedure`. */
export type ConstantTable = Readonly<Record<string, number>>;

/** Reverse maps are built on first use and kept as long as the table object lives. */
const reverseMaps = new WeakMap<ConstantTable, ReadonlyMap<number, string>>();

/**
 * The name of `value` in `table` (`nameOf(virErrorNumber, 42)` is `'VIR_ERR_NO_DOMAIN'`), or
 * `undefined` for a number the table does not know, such as one added by a newer libvirt.
 * Where several names share a value, the first one in the table wins.
 */
export function nameOf(table: ConstantTable, value: number): string | undefined {
  let reverse = reverseMaps.get(table);
  if (reverse === undefined) {
    const map = new Map<number, string>();
    for (const [name, number] of Object.entries(table)) if (!map.has(number)) map.set(number, name);
    reverseMaps.set(table, map);
    reverse = map;
  }
  return reverse.get(value);
}
