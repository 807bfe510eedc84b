import type { Field, StructModel } from './model.js';

/**
 * The one rule for protocol plumbing a caller may leave out of a call's arguments, with the value
 * sent in its place:
 *
 * - a trailing `flags` field (libvirt's `unsigned int flags`, 0 meaning "the default behaviour"
 *   throughout libvirt's API) is sent as 0;
 * - `need_results` (the list-all procedures' "send the objects, not only their count") is sent as
 *   1, which is what libvirt's own client library always sends when the caller wants the list.
 *
 * Only `*_args` structs have them: replies and events carry what the daemon sent.
 */
export function defaultedFields(struct: StructModel): ReadonlyMap<string, number> {
  const defaults = new Map<string, number>();
  if (!struct.name.endsWith('_args')) return defaults;
  struct.fields.forEach((field, index) => {
    if (!isScalarInt(field)) return;
    if (field.name === 'flags' && index === struct.fields.length - 1) defaults.set(field.name, 0);
    if (field.name === 'need_results') defaults.set(field.name, 1);
  });
  return defaults;
}

function isScalarInt(field: Field): boolean {
  return field.type.kind === 'scalar' && (field.type.scalar === 'int' || field.type.scalar === 'uint');
}
