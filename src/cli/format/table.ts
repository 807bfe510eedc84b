/**
 * A table laid out as virsh's (vshTable): every cell is a space, the text padded to its column's
 * width, and two spaces; the last column is not padded; a line of dashes under the header spans
 * every column's width plus three. Ends with the empty line virsh prints after a table.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => ` ${column === cells.length - 1 ? cell : cell.padEnd(widths[column])}`).join('  ');
  const rule = '-'.repeat(widths.reduce((total, width) => total + width + 3, 0));
  return [line(header), rule, ...rows.map(line), '', ''].join('\n');
}
