/**
 * Events topic on which the backend announces changed resources.
 *
 * @public
 */
export const S3_RESOURCES_CHANGED_TOPIC = 's3-resources.resource-changed';

/**
 * Payload of {@link S3_RESOURCES_CHANGED_TOPIC}: which resource changed, never
 * its contents (subscribers read it through the API with their own rights).
 *
 * @public
 */
export type ResourceChangedEvent = {
  type: 'upserted' | 'deleted';
  id: string;
  name: string;
  /** Set when an update renamed the resource (its entity name changed). */
  previousName?: string;
};

/**
 * Every action the audit trail records, with the words people read for it.
 * The id stays in the API and exports; screens show the label.
 *
 * @public
 */
export const AUDIT_ACTIONS: ReadonlyArray<{ action: string; label: string }> = [
  { action: 'resource-create', label: 'Resource registered' },
  { action: 'resource-update', label: 'Resource updated' },
  { action: 'resource-secret-change', label: 'Credentials changed' },
  { action: 'resource-delete', label: 'Resource deleted' },
  { action: 'resource-test', label: 'Connection test' },
  { action: 'configuration-test', label: 'Connection test (unsaved)' },
  { action: 'endpoint-rejected', label: 'Endpoint refused' },
  { action: 'import-discover', label: 'Import: buckets discovered' },
  { action: 'audit-sweep', label: 'Audit sweep' },
  { action: 'audit-sweep-trigger', label: 'Audit sweep started' },
  { action: 'audit-export', label: 'Audit trail exported' },
  { action: 'findings-export', label: 'Findings exported' },
  { action: 'fleet-storage-export', label: 'Storage figures exported' },
  { action: 'access-export', label: 'Access maps exported' },
  { action: 'reconciliation-export', label: 'Reconciliation exported' },
  { action: 'keys-rotate', label: 'Encryption keys rotated' },
];

/**
 * The label of an audit action; an action this version does not know keeps
 * its id.
 *
 * @public
 */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTIONS.find(a => a.action === action)?.label ?? action;
}
