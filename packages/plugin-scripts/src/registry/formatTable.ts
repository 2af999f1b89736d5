/**
 * Aligned text tables for `switchboard-plugin list`: a header row, then one row per item,
 * every column as wide as its widest cell, two spaces between columns, no trailing spaces.
 */

/**
 * Lays `rows` out under `headers`, columns aligned (left; a column whose header is listed in
 * `right` is aligned right, for numbers).
 *
 * @example
 * formatTable(['NAME', 'SIZE'], [['crm-sync', '1.2 KiB']], { right: ['SIZE'] });
 * // ['NAME      SIZE', 'crm-sync  1.2 KiB']
 */
export function formatTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  options: { right?: readonly string[] } = {},
): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    headers
      .map((h, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        if (i === headers.length - 1 && !options.right?.includes(h)) return cell;
        return options.right?.includes(h) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}
