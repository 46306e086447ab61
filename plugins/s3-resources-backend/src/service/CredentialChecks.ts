import { LoggerService } from '@backstage/backend-plugin-api';
import {
  TestRun,
  maskAccessKeyId,
} from '@s3-resources/plugin-s3-resources-common';
import { RoleTrustProbe } from '../connectionTest/ConnectionTester';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { CredentialFacts, judgesRoleTrust } from './credentialFindings';
import { ResourceName, keySharingOf } from './keySharing';
import { StoredAuth } from './resourceView';

type Cached = { expiresAt: number; probe: Promise<RoleTrustProbe> };

/**
 * What the audit sweep learns of credentials beyond the connection test,
 * with bounded calls: which resources share a key (one query per batch),
 * and whether a role can be assumed without its ExternalId (one AssumeRole
 * per role and source, kept in memory for `cacheMs` on this instance, so
 * sweeps in between make none; an unknown answer is not kept, and why it
 * is unknown is logged once per role and source in that time).
 */
export class CredentialChecks {
  static create(options: {
    store: Pick<ResourceStore, 'usingAccessKeys'>;
    /** AssumeRole without the ExternalId, with the row's source credentials. */
    probeRoleTrust: (row: ResourceRow) => Promise<RoleTrustProbe>;
    cacheMs: number;
    portalPrincipalArn?: string;
    /** Where why a role's answer is unknown goes (the findings keep only that it is). */
    logger?: Pick<LoggerService, 'info'>;
    now?: () => number;
  }) {
    return new CredentialChecks(options);
  }

  private readonly probes = new Map<string, Cached>();
  /** When each role and source may be logged as unknown again. */
  private readonly unknownLogged = new Map<string, number>();

  private constructor(
    private readonly options: Parameters<typeof CredentialChecks.create>[0],
  ) {}

  /** Other resources storing each row's key, with one store query for the batch. */
  sharingOf(rows: ResourceRow[]): Promise<Map<string, ResourceName[]>> {
    return keySharingOf(this.options.store, rows);
  }

  /** The facts of one row, once its sweep test ran. */
  async factsOf(
    row: ResourceRow,
    run: TestRun | undefined,
    sharing: Map<string, ResourceName[]> | undefined,
  ): Promise<CredentialFacts> {
    return {
      keySharedWith: sharing?.get(row.id),
      roleTrust: await this.roleTrustOf(row, run),
      ...(this.options.portalPrincipalArn
        ? { portalPrincipalArn: this.options.portalPrincipalArn }
        : {}),
    };
  }

  /**
   * Probed only after the test assumed the role with the ExternalId: then a
   * refusal without it is the trust policy's condition at work.
   */
  private async roleTrustOf(
    row: ResourceRow,
    run: TestRun | undefined,
  ): Promise<RoleTrustProbe | undefined> {
    const auth = row.auth as StoredAuth;
    if (auth.method !== 'assume-role' || !judgesRoleTrust(row.provider)) {
      return undefined;
    }
    const assumed = run?.steps.find(s => s.id === 'assume-role');
    if (assumed?.status !== 'pass') return undefined;
    const key = JSON.stringify([
      row.provider,
      row.endpointKey,
      auth.roleArn,
      auth.source.method === 'access-key'
        ? auth.source.accessKeyId
        : `account:${auth.source.accountId}`,
    ]);
    const now = (this.options.now ?? Date.now)();
    for (const [k, c] of this.probes) {
      if (c.expiresAt <= now) this.probes.delete(k);
    }
    for (const [k, until] of this.unknownLogged) {
      if (until <= now) this.unknownLogged.delete(k);
    }
    const cached = this.probes.get(key);
    if (cached) return cached.probe;
    const probe = this.options.probeRoleTrust(row).catch(
      (error): RoleTrustProbe => ({
        result: 'unknown',
        at: new Date(now).toISOString(),
        reason: (error as Error).message,
      }),
    );
    this.probes.set(key, { expiresAt: now + this.options.cacheMs, probe });
    const result = await probe;
    if (result.result === 'unknown') {
      this.probes.delete(key);
      this.logUnknown(key, row, auth.roleArn, result.reason, now);
    }
    return result;
  }

  /**
   * Why the check stays unknown, for operators: once per role and source
   * per cache period (each sweep asks again). Access key IDs in the reason
   * are masked; the reason holds no secret (a provider's or the
   * connection test's message).
   */
  private logUnknown(
    key: string,
    row: ResourceRow,
    roleArn: string,
    reason: string,
    now: number,
  ) {
    const { logger, cacheMs } = this.options;
    if (!logger || this.unknownLogged.has(key)) return;
    this.unknownLogged.set(key, now + cacheMs);
    const hours = Math.round(cacheMs / 3600_000);
    logger.info(
      `The role-trust-no-external-id check of ${roleArn} (resource ${
        row.name
      }, ${row.id}) is unknown: ${maskKeyIds(
        reason,
      )}. The finding the resource had stays as it was; each sweep asks again, and this is logged again after ${hours} ${
        hours === 1 ? 'hour' : 'hours'
      }`,
    );
  }
}

/** Access key IDs (AWS's AKIA/ASIA form and the like) masked in free text. */
function maskKeyIds(text: string): string {
  return text.replace(/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, id =>
    maskAccessKeyId(id),
  );
}
