import { makeValidator } from '@backstage/catalog-model';
import {
  OWNER_REF,
  validateEntityRef,
} from '@s3-resources/plugin-s3-resources-common';
import { DiscoveredBucket, ImportResult } from '../../api/S3ResourcesApi';

/** One discovered bucket in the import table. */
export type ImportRow = {
  bucket: DiscoveredBucket;
  selected: boolean;
  /** Entity name to register it under; starts as the suggested name. */
  name: string;
  /** Display title; starts as the bucket's name. */
  title: string;
  /** Starts as the owner tag; undefined means the default owner. */
  owner?: string;
  /** What the import did with it. */
  result?: ImportResult;
};

export function newRow(bucket: DiscoveredBucket): ImportRow {
  return {
    bucket,
    selected: false,
    name: bucket.suggestedName,
    title: bucket.bucket,
    owner: bucket.suggestedOwner,
  };
}

/** A bucket registered already cannot be chosen again. */
export function withinRules(row: ImportRow): ImportRow {
  return row.bucket.registered && row.selected
    ? { ...row, selected: false }
    : row;
}

const validator = makeValidator();

export function effectiveOwner(row: ImportRow, defaultOwner?: string) {
  return (row.owner ?? defaultOwner ?? '').trim();
}

/** What is wrong with a row's name and owner (checked before sending). */
export function rowProblems(
  row: ImportRow,
  defaultOwner?: string,
): { name?: string; owner?: string } {
  const problems: { name?: string; owner?: string } = {};
  if (!row.name.trim()) problems.name = 'Enter a name';
  else if (!validator.isValidEntityName(row.name.trim())) {
    problems.name =
      'Name may contain letters, digits and - _ . inside, at most 63 characters';
  }
  const owner = effectiveOwner(row, defaultOwner);
  if (!owner) {
    problems.owner = 'Choose a default owner above or enter one here';
  } else {
    const violation = validateEntityRef(owner, OWNER_REF);
    if (violation) problems.owner = `Owner ${violation.message}`;
  }
  return problems;
}
