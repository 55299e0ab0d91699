/**
 * RFC 4180 CSV: CRLF after every record, fields holding a comma, quote, CR or LF quoted, quotes doubled.
 * Cells are written as they appear in the HTML table, so an export and the page agree cell for cell.
 */

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((record) => `${record.map(csvField).join(",")}\r\n`).join("");
}
