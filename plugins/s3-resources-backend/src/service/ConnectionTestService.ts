import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ResourceAuthInput,
  TestRun,
  TestStepResult,
  ValidationError,
  checkResourceRules,
  parseCreateResourceRequest,
  parseUpdateResourceRequest,
  s3ResourceCreatePermission,
  s3ResourceTestPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import {
  ConnectionTestTarget,
  ConnectionTester,
  RoleTrustProbe,
  TestAuth,
  TestCredentialsSource,
} from '../connectionTest/ConnectionTester';
import { ResourceRow } from '../database/ResourceStore';
import { TestRunStore } from '../database/TestRunStore';
import { AuditEntry, AuditTrail } from './AuditTrail';
import { ResourcePermissions } from './ResourcePermissions';
import { CallContext, ResourceService } from './ResourceService';
import { StoredAuth, settingsOf } from './resourceView';
import { storedTarget } from './storedTarget';
import { RateLimiter } from './RateLimiter';
import { checkedLimit } from './pageLimit';
import { rethrowValidation } from './rethrowValidation';

export type TestOptions = {
  writeProbe?: boolean;
  /**
   * New credentials for a registered resource, tested before they are
   * saved: needs the right to update it, and the run is not stored.
   */
  auth?: ResourceAuthInput;
  /** Called once the request is authorized, right before the first network call. */
  onStart?: () => void;
  /** Called for each step as soon as it is final. */
  onStep?: (step: TestStepResult) => void;
};

export type HistoryQuery = { limit?: number; cursor?: string };

const DEFAULT_HISTORY_PAGE = 20;
const MAX_HISTORY_PAGE = 100;

type ConnectionTestServiceOptions = {
  runs: TestRunStore;
  resources: ResourceService;
  permissions: ResourcePermissions;
  audit: AuditTrail;
  tester: ConnectionTester;
  rateLimiter: RateLimiter;
  appBaseUrl?: string;
};

/**
 * Connection tests of registered resources and of unsaved configurations:
 * rate limit, permissions, credentials (decrypted in memory only), the test
 * itself, history and audit.
 */
export class ConnectionTestService {
  static create(options: ConnectionTestServiceOptions) {
    return new ConnectionTestService(options);
  }

  private constructor(private readonly options: ConnectionTestServiceOptions) {}

  /** Tests a registered resource with its own credentials; stores the run. */
  async testResource(
    id: string,
    options: TestOptions,
    ctx: CallContext,
  ): Promise<TestRun> {
    const actor = this.options.audit.actorOf(ctx.credentials);
    await this.options.rateLimiter.take(actor);
    return this.options.audit.run(
      ctx,
      { action: 'resource-test', severityLevel: 'medium', resourceId: id },
      async describe => {
        const row = await this.options.resources.access.actionable(
          id,
          ctx.credentials,
          {
            permission: s3ResourceTestPermission,
            refusal: r => `You may not test resource ${r.name}`,
            onVisible: r => describe({ resourceName: r.name }),
          },
        );
        const [refused] = this.options.resources.grants.refusedFor(
          row.auth as StoredAuth,
          [row.owner],
        );
        if (refused) {
          throw new NotAllowedError(
            `${refused.field}: the AWS account ${refused.accountId} is no longer available to the owner ${row.owner} (s3Resources.awsAccounts); the resource is not tested`,
          );
        }
        const target = options.auth
          ? await this.draftTargetOf(row, options.auth, ctx)
          : await this.targetOf(row);
        options.onStart?.();
        const run = await this.options.tester.run(target, {
          writeProbe: options.writeProbe,
          initiatedBy: actor,
          onStep: options.onStep,
        });
        // a run of unsaved credentials is not the resource's result
        if (!options.auth) {
          await this.options.runs.record({ ...run, resourceId: id });
        }
        describe({ verdict: run.status });
        await this.auditRejectedEndpoint(run, ctx, {
          resourceId: id,
          resourceName: row.name,
        });
        return run;
      },
    );
  }

  /**
   * Tests a resource for the audit sweep, as the plugin itself: no user, so
   * no permission check and no per-user rate limit, and no audit event per
   * test (the sweep is audited as a whole). The run is stored like any other.
   */
  async testForSweep(row: ResourceRow, initiatedBy: string): Promise<TestRun> {
    const run = await this.options.tester.run(await this.targetOf(row), {
      initiatedBy,
    });
    await this.options.runs.record({ ...run, resourceId: row.id });
    return run;
  }

  /**
   * For the audit sweep: whether the resource's role can be assumed without
   * its ExternalId (one AssumeRole with its own source credentials).
   */
  async probeRoleTrustForSweep(row: ResourceRow): Promise<RoleTrustProbe> {
    return this.options.tester.probeRoleTrust(await this.targetOf(row));
  }

  /** Tests a configuration that is not registered (the create request, secret included); stores nothing. */
  async testConfiguration(
    body: unknown,
    options: TestOptions,
    ctx: CallContext,
  ): Promise<TestRun> {
    const actor = this.options.audit.actorOf(ctx.credentials);
    await this.options.rateLimiter.take(actor);
    return this.options.audit.run(
      ctx,
      { action: 'configuration-test', severityLevel: 'medium' },
      async describe => {
        if (
          !(await this.options.permissions.allows(
            s3ResourceCreatePermission,
            ctx.credentials,
          ))
        ) {
          throw new NotAllowedError(
            'You may not test S3 configurations (registering resources is not allowed for you)',
          );
        }
        let parsed: ReturnType<typeof parseCreateResourceRequest>;
        try {
          parsed = parseCreateResourceRequest(body, this.options.appBaseUrl);
        } catch (error) {
          rethrowValidation(error);
        }
        const { auth, ...settings } = parsed;
        describe({ resourceName: settings.name });
        await this.options.resources.assertAccountsUsable(auth, undefined, ctx);
        await this.options.resources.assertExternalIdIssued(auth, ctx, {
          registering: false,
        });
        // AssumeRole always carries an ExternalId: the one issued for this
        // configuration, or a new one for this test alone
        const externalId =
          auth.method === 'assume-role'
            ? auth.externalId ??
              (await this.options.resources.issueExternalId(ctx)).externalId
            : undefined;
        options.onStart?.();
        const run = await this.options.tester.run(
          { settings, auth: authFromRequest(auth, externalId) },
          {
            writeProbe: options.writeProbe,
            initiatedBy: actor,
            onStep: options.onStep,
          },
        );
        describe({ verdict: run.status });
        await this.auditRejectedEndpoint(run, ctx, {
          resourceName: settings.name,
        });
        return run;
      },
    );
  }

  /** A resource's test runs, newest first. */
  async history(
    id: string,
    query: HistoryQuery,
    ctx: CallContext,
  ): Promise<{ items: TestRun[]; nextCursor?: string }> {
    const limit = checkedLimit(
      query.limit,
      DEFAULT_HISTORY_PAGE,
      MAX_HISTORY_PAGE,
    );
    await this.options.resources.access.readable(id, ctx.credentials);
    return this.options.runs.list(id, { limit, cursor: query.cursor });
  }

  /**
   * The resource's stored settings with new credentials, checked by the
   * rules an update with them would meet: the caller may update the
   * resource, the credentials' accounts are usable by its owner, and a
   * role keeps the resource's ExternalId (the trust policy names it).
   */
  private async draftTargetOf(
    row: ResourceRow,
    input: ResourceAuthInput,
    ctx: CallContext,
  ): Promise<ConnectionTestTarget> {
    await this.options.resources.access.actionable(row.id, ctx.credentials, {
      permission: s3ResourceUpdatePermission,
      refusal: r =>
        `You may not test new credentials for resource ${r.name} (changing it is not allowed for you)`,
    });
    let auth: ResourceAuthInput;
    try {
      auth = parseUpdateResourceRequest({ version: row.version, auth: input })
        .auth!;
      const violations = checkResourceRules(settingsOf(row), auth);
      if (violations.length) throw new ValidationError(violations);
    } catch (error) {
      rethrowValidation(error);
    }
    await this.options.resources.assertAccountsUsable(auth, row.owner, ctx);
    const stored = row.auth as StoredAuth;
    let externalId: string | undefined;
    if (auth.method === 'assume-role') {
      if (stored.method === 'assume-role') {
        if (auth.externalId && auth.externalId !== stored.externalId) {
          throw new InputError(
            "auth.externalId: stays the same while the resource assumes this role (the role's trust policy names it); leave it out",
          );
        }
        externalId = stored.externalId;
      } else {
        await this.options.resources.assertExternalIdIssued(auth, ctx, {
          registering: false,
        });
        externalId =
          auth.externalId ??
          (await this.options.resources.issueExternalId(ctx)).externalId;
      }
    }
    return {
      resourceId: row.id,
      settings: settingsOf(row),
      auth: authFromRequest(auth, externalId),
    };
  }

  /** The resource's settings and its own credentials, the secret decrypted in memory. */
  private async targetOf(row: ResourceRow): Promise<ConnectionTestTarget> {
    return storedTarget(row, await this.options.resources.secretOf(row));
  }

  /** A refused endpoint leaves its own failed audit event, naming the rule. */
  private async auditRejectedEndpoint(
    run: TestRun,
    ctx: CallContext,
    details: Pick<AuditEntry, 'resourceId' | 'resourceName'>,
  ): Promise<void> {
    const refused = run.steps.find(
      s =>
        (s.id === 'endpoint' && s.status === 'fail') ||
        s.errorCode === 'EndpointAddressRefused',
    );
    if (!refused) return;
    await this.options.audit
      .run(
        ctx,
        { action: 'endpoint-rejected', severityLevel: 'medium', ...details },
        async () => {
          // the audit names the rule, as the 400 of a create does
          throw new NotAllowedError(
            refused.id === 'endpoint' && refused.errorCode
              ? `${refused.message} [${refused.errorCode}]`
              : refused.message,
          );
        },
      )
      .catch(() => undefined);
  }
}

/** Credentials of a create request as the tester takes them. */
function authFromRequest(
  auth: ResourceAuthInput,
  externalId: string | undefined,
): TestAuth {
  const sourceOf = (
    a: Exclude<ResourceAuthInput, { method: 'assume-role' }>,
  ): TestCredentialsSource =>
    a.method === 'access-key'
      ? {
          method: 'access-key',
          accessKeyId: a.accessKeyId,
          ...(a.secretAccessKey ? { secretAccessKey: a.secretAccessKey } : {}),
        }
      : { method: 'aws-account', accountId: a.accountId };
  return auth.method === 'assume-role'
    ? {
        method: 'assume-role',
        roleArn: auth.roleArn,
        externalId: externalId!,
        source: sourceOf(auth.source),
      }
    : sourceOf(auth);
}
