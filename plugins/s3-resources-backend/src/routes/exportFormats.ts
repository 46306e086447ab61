import {
  AuditFinding,
  AuditRecord,
} from '@s3-resources/plugin-s3-resources-common';

export const AUDIT_CSV_COLUMNS: Array<keyof AuditRecord> = [
  'at',
  'actor',
  'action',
  'outcome',
  'resourceId',
  'resourceName',
  'changedFields',
  'message',
  'id',
];

export const FINDING_CSV_COLUMNS: Array<keyof AuditFinding> = [
  'severity',
  'kind',
  'resourceName',
  'owner',
  'message',
  'fix',
  'firstSeenAt',
  'lastSeenAt',
  'resourceId',
  'id',
];

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = Array.isArray(value) ? value.join(';') : String(value);
  // Cells starting with = + - @ are neutralised so spreadsheets do not run them.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(columns: string[]): string {
  return `${columns.join(',')}\n`;
}

export function csvRow<T>(record: T, columns: Array<keyof T>): string {
  return `${columns.map(c => csvCell(record[c])).join(',')}\n`;
}

export function ndjsonRow(record: unknown): string {
  return `${JSON.stringify(record)}\n`;
}
