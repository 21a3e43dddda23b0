/** A table column: its header (units in it) and alignment; numbers are right-aligned by default. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** A plain-text table: header, a dashed rule, then the rows, columns two spaces apart. */
export function renderTable(
  columns: readonly (Column | string)[],
  rows: readonly (readonly string[])[],
): string {
  const cols = columns.map((column, index) =>
    typeof column === 'string' ? { header: column, align: index === 0 ? 'left' : 'right' } : column,
  );
  const widths = cols.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cols
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return (column.align ?? 'right') === 'left' ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [
    line(cols.map((column) => column.header)),
    widths
      .map((width) => '-'.repeat(width))
      .join('  ')
      .trimEnd(),
    ...rows.map(line),
  ].join('\n');
}

/** A heading line for a section of readable output. */
export function heading(text: string): string {
  return `\n${text}`;
}

/** Label/value pairs, labels padded to one width. */
export function renderPairs(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}
