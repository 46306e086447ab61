/**
 * What a timestamp column holds when read: PostgreSQL's driver gives a Date,
 * SQLite the milliseconds knex wrote for a Date, and a row written as text
 * (by hand, or before the columns were timestamps) a string.
 */
export type DbTimestamp = Date | number | string;

/** A timestamp column's value as the API shows it: `2026-11-28T10:00:00.000Z`. */
export function isoFromDb(value: DbTimestamp): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`Not a timestamp: ${String(value)}`);
  }
  return date.toISOString();
}

export function isoFromDbOrNull(
  value: DbTimestamp | null | undefined,
): string | null {
  return value === null || value === undefined ? null : isoFromDb(value);
}

/**
 * An instant as a column value. A Date, so knex writes what each database
 * compares as an instant (timestamptz on PostgreSQL, milliseconds on SQLite).
 */
export function dateToDb(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`Not an ISO-8601 instant: ${iso}`);
  }
  return date;
}

export function dateToDbOrNull(iso: string | null | undefined): Date | null {
  return iso === null || iso === undefined ? null : dateToDb(iso);
}
