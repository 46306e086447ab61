import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { TestStatus } from '@s3-resources/plugin-s3-resources-common';
import { Request } from 'express';
import { AuditStore } from '../database/AuditStore';

export type AuditContext = {
  credentials: BackstageCredentials;
  request?: Request;
};

export type AuditEntry = {
  action: string;
  severityLevel: AuditorServiceEventSeverityLevel;
  resourceId?: string;
  resourceName?: string;
  changedFields?: string[];
  /** The verdict of the connection test the operation ran. */
  verdict?: TestStatus;
  /** The object key a request on a bucket's objects acted on. */
  objectKey?: string;
};

/**
 * Who is acting: a user ref, or the service for service-to-service calls.
 *
 * @deprecated Use {@link AuditTrail.actorOf}, which asks the auth service
 * what the principal is instead of reading its shape.
 */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return p.subject;
  return p.type;
}

/**
 * Records every write twice: as a Backstage auditor event and as a row of the
 * plugin's audit table that the audit API and export read. Each operation ends
 * exactly once, as success or failure. Metadata holds refs and field names,
 * never secret values.
 */
export class AuditTrail {
  static create(options: {
    auditor: AuditorService;
    store: AuditStore;
    auth: Pick<AuthService, 'isPrincipal'>;
  }) {
    return new AuditTrail(options.auditor, options.store, options.auth);
  }

  private constructor(
    private readonly auditor: AuditorService,
    private readonly store: AuditStore,
    private readonly auth: Pick<AuthService, 'isPrincipal'>,
  ) {}

  /** Who is acting: a user ref, a service's subject, or `none`. */
  actorOf(credentials: BackstageCredentials): string {
    if (this.auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    if (this.auth.isPrincipal(credentials, 'service')) {
      return credentials.principal.subject;
    }
    return this.auth.isPrincipal(credentials, 'none') ? 'none' : 'unknown';
  }

  async run<T>(
    ctx: AuditContext,
    entry: AuditEntry,
    fn: (describe: (details: Partial<AuditEntry>) => void) => Promise<T>,
  ): Promise<T> {
    const current: AuditEntry = { ...entry };
    const meta = () => ({
      action: current.action,
      ...(current.resourceId ? { resourceId: current.resourceId } : {}),
      ...(current.resourceName ? { resourceName: current.resourceName } : {}),
      ...(current.changedFields
        ? { changedFields: current.changedFields }
        : {}),
      ...(current.verdict ? { verdict: current.verdict } : {}),
      ...(current.objectKey ? { objectKey: current.objectKey } : {}),
    });
    const event = await this.auditor.createEvent({
      eventId: entry.action,
      severityLevel: entry.severityLevel,
      request: ctx.request,
      meta: meta(),
    });
    const actor = this.actorOf(ctx.credentials);
    // The audit row is written after the operation, on its own: when the
    // database fails in between, the operation's outcome still stands and the
    // auditor event still ends, naming the row that could not be written.
    const appendRow = (outcome: 'success' | 'failure', message?: string) =>
      this.store
        .append({
          actor,
          action: current.action,
          resourceId: current.resourceId,
          resourceName: current.resourceName,
          changedFields: current.changedFields,
          verdict: current.verdict,
          objectKey: current.objectKey,
          outcome,
          ...(message ? { message } : {}),
        })
        .then(
          () => meta(),
          (e: Error) => ({
            ...meta(),
            auditRowError: `${e.name}: ${e.message}`.slice(0, 500),
          }),
        );
    let result: T;
    try {
      result = await fn(details => Object.assign(current, details));
    } catch (error) {
      const err = error as Error;
      const failedMeta = await appendRow(
        'failure',
        `${err.name}: ${err.message}`.slice(0, 1000),
      );
      await event.fail({ error: err, meta: failedMeta });
      throw error;
    }
    await event.success({ meta: await appendRow('success') });
    return result;
  }
}
