/** Tables printed to stdout: aligned columns a person reads and a script splits on runs of spaces. */

/** Rows of cells as text, each column padded to its widest cell, two spaces between columns. */
export function alignedTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/** 0.304 → "30%". */
export const percent = (x: number): string => `${(100 * x).toFixed(0)}%`;

/** A 95 % interval as "11%-60%". */
export const interval = (ci: readonly [number, number]): string => `${percent(ci[0])}-${percent(ci[1])}`;
