import { stringify } from 'csv-stringify/sync';

/**
 * CSV text with a header row (RFC 4180 quoting, by csv-stringify); numbers are written in full precision,
 * unformatted, for spreadsheets; booleans as true/false; null and undefined as empty fields.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return stringify([header, ...rows], {
    record_delimiter: 'unix',
    cast: { boolean: (value) => String(value), number: (value) => String(value) },
  });
}
