import {
  AuditFinding,
  FleetAccessRow,
  AuditRecord,
  FleetStorageRow,
  ShareLinkRecord,
} from '@s3-resources/plugin-s3-resources-common';
import { ReconciliationExportRow } from '../reconciliation/ReconciliationService';

export const AUDIT_CSV_COLUMNS: Array<keyof AuditRecord> = [
  'at',
  'actor',
  'action',
  'outcome',
  'verdict',
  'resourceId',
  'resourceName',
  'objectKey',
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

export const RECONCILIATION_CSV_COLUMNS: Array<keyof ReconciliationExportRow> =
  [
    'kind',
    'bucket',
    'sourceProvider',
    'sourceEndpoint',
    'sourceCredential',
    'resourceName',
    'owner',
    'tagOwner',
    'message',
    'firstSeenAt',
    'lastSeenAt',
    'resourceId',
    'id',
  ];

export const SHARE_LINK_CSV_COLUMNS: Array<keyof ShareLinkRecord> = [
  'createdAt',
  'expiresAt',
  'createdBy',
  'resourceName',
  'key',
  'resourceId',
  'id',
];

export const ACCESS_CSV_COLUMNS: Array<keyof FleetAccessRow> = [
  'resourceName',
  'owner',
  'bucket',
  'accessLevel',
  'principal',
  'principalKind',
  'action',
  'state',
  'beyondLevel',
  'sources',
  'reason',
  'testedAt',
  'resourceId',
];

export const FLEET_CSV_COLUMNS: Array<keyof FleetStorageRow> = [
  'resourceName',
  'owner',
  'provider',
  'bucket',
  'prefix',
  'bytes',
  'objects',
  'growthBytes',
  'growthSince',
  'wasteBytes',
  'incompleteUploads',
  'incompleteUploadBytes',
  'noncurrentVersions',
  'noncurrentBytes',
  'highFindings',
  'mediumFindings',
  'lowFindings',
  'infoFindings',
  'scannedAt',
  'unknownFigures',
  'resourceId',
];

/**
 * What a spreadsheet may read as the start of a formula: = + - @ (or their
 * fullwidth forms) as the first character after any blanks, or a leading
 * tab, carriage return or line feed.
 */
const FORMULA_START = /^(\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r\n])/;

/**
 * One cell, safe to open in a spreadsheet in any locale: a value that could
 * start a formula gets an apostrophe in front, and every cell is quoted so
 * neither a comma nor another locale's separator (`;`) splits it.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '""';
  const text = Array.isArray(value) ? value.join(';') : String(value);
  // a number (a negative one too) is no formula
  const safe =
    typeof value !== 'number' && FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The column names, as they are (plain identifiers, nothing to quote or neutralise). */
export function csvHeader(columns: string[]): string {
  return `${columns.join(',')}\n`;
}

export function csvRow<T>(record: T, columns: Array<keyof T>): string {
  return `${columns.map(c => csvCell(record[c])).join(',')}\n`;
}

export function ndjsonRow(record: unknown): string {
  return `${JSON.stringify(record)}\n`;
}
