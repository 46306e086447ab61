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
