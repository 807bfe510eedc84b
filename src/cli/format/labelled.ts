/** `Label:` padded to virsh's 15 columns, a space, the value: the layout of `virsh dominfo`. */
export function formatLabelled(rows: readonly (readonly [label: string, value: string])[]): string {
  return rows.map(([label, value]) => `${`${label}:`.padEnd(15)} ${value}\n`).join('') + '\n';
}
