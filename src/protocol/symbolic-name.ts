import { type ConstantTable, nameOf } from './constant-names.js';

/**
 * The names of a generated constant table, without its `*_LAST` sentinel: `_LAST` counts the
 * values a libvirt release knows, it is never a value the daemon means.
 */
export type SymbolicName<Table> = Exclude<keyof Table & string, `${string}_LAST`>;

/**
 * The symbolic name of `value` in `table`, or `undefined` when this libvirt's tables do not know
 * it (a newer daemon's value, or the `_LAST` sentinel itself): the caller still has the number.
 *
 * @example
 * symbolicName(virDomainEventType, 3); // 'VIR_DOMAIN_EVENT_SUSPENDED'
 * symbolicName(virDomainEventType, 9); // undefined (VIR_DOMAIN_EVENT_LAST)
 */
export function symbolicName<Table extends ConstantTable>(table: Table, value: number): SymbolicName<Table> | undefined {
  const name = nameOf(table, value);
  if (name === undefined || name.endsWith('_LAST')) return undefined;
  return name as SymbolicName<Table>;
}
