import type { StructModel } from './model.js';

/**
 * The one rule for protocol plumbing a caller may leave out of a call's arguments, with the value
 * sent in its place:
 *
 * - a trailing `flags` field (libvirt's `unsigned int flags`, or `unsigned long` for the older
 *   migration calls, 0 meaning "the default behaviour" throughout libvirt's API) is sent as 0;
 * - `need_results` (the list-all procedures' "send the objects, not only their count") is sent as
 *   1, which is what libvirt's own client library always sends when the caller wants the list.
 *
 * Only `*_args` structs have them: replies and events carry what the daemon sent. The map gives
 * each field's default as TypeScript source (`0`, `0n`, `1`).
 */
export function defaultedFields(struct: StructModel): ReadonlyMap<string, string> {
  const defaults = new Map<string, string>();
  if (!struct.name.endsWith('_args')) return defaults;
  struct.fields.forEach((field, index) => {
    const scalar = field.type.kind === 'scalar' ? field.type.scalar : null;
    const int = scalar === 'int' || scalar === 'uint';
    const hyper = scalar === 'hyper' || scalar === 'uhyper';
    if (field.name === 'flags' && index === struct.fields.length - 1 && (int || hyper)) defaults.set(field.name, hyper ? '0n' : '0');
    if (field.name === 'need_results' && int) defaults.set(field.name, '1');
  });
  return defaults;
}
