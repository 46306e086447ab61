import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { s3ResourcesPermissions } from '@s3-resources/plugin-s3-resources-common';
import {
  s3ResourcePermissionResourceRef,
  s3ResourcePermissionRules,
} from '@s3-resources/plugin-s3-resources-node';
import { ConnectionTester } from './connectionTest/ConnectionTester';
import { EndpointPolicy } from './connectionTest/EndpointPolicy';
import { SecretBox } from './crypto/SecretBox';
import { requiresProductionKeys } from './crypto/requiresProductionKeys';
import { AuditStore } from './database/AuditStore';
import { FindingStore } from './database/FindingStore';
import { applyDatabaseMigrations } from './database/migrations';
import { ResourceStore } from './database/ResourceStore';
import { SweepRunStore } from './database/SweepRunStore';
import { TestRunStore } from './database/TestRunStore';
import { createRouter } from './router';
import { checksAnswersByDefault } from './contract/checkAnswers';
import { createAdminRoutes } from './routes/adminRoutes';
import { createAuditRoutes } from './routes/auditRoutes';
import { createFindingRoutes } from './routes/findingRoutes';
import { createResourceRoutes } from './routes/resourceRoutes';
import { createTestRoutes } from './routes/testRoutes';
import { createImportRoutes } from './routes/importRoutes';
import { createObjectRoutes } from './routes/objectRoutes';
import { BucketSessions } from './objects/BucketSessions';
import { ObjectService } from './objects/ObjectService';
import { readObjectsConfig } from './objects/objectsConfig';
import { ShareLinkStore } from './database/ShareLinkStore';
import { ShareLinkService } from './service/ShareLinkService';
import { BucketDiscovery, importConcurrency } from './import/BucketDiscovery';
import { ImportService } from './import/ImportService';
import { RegisteredBuckets } from './import/RegisteredBuckets';
import { AuditService } from './service/AuditService';
import {
  AUDIT_SWEEP_TASK_ID,
  AUDIT_SWEEP_WORKER_TASK_ID,
  AuditSweep,
} from './service/AuditSweep';
import { readAuditSweepConfig } from './service/auditSweepConfig';
import { SweepWorker } from './service/SweepWorker';
import { SweepBatchStore } from './database/SweepBatchStore';
import { StorageStore } from './database/StorageStore';
import { StorageScans } from './storage/StorageScans';
import { createInsightRoutes } from './routes/insightRoutes';
import { createAccessRoutes } from './routes/accessRoutes';
import { AccessMapService } from './service/AccessMapService';
import { BucketInsight } from './service/BucketInsight';
import { FleetStorageService } from './service/FleetStorage';
import { readStorageScanConfig } from './storage/storageScanConfig';
import { AuditTrail } from './service/AuditTrail';
import { CredentialChecks } from './service/CredentialChecks';
import { ConnectionTestService } from './service/ConnectionTestService';
import { FindingService } from './service/FindingService';
import { KeyRotation } from './service/KeyRotation';
import {
  ResourcePermissions,
  permissionSubjectOf,
} from './service/ResourcePermissions';
import { ResourceEvents } from './service/ResourceEvents';
import { ExternalIds } from './crypto/ExternalIds';
import { AwsAccountGrants } from './service/AwsAccountGrants';
import { OwnerClaims } from './service/OwnerClaims';
import { ResourceService } from './service/ResourceService';
import {
  DISCOVERY_RATE_LIMIT,
  RateLimiter,
  SHARE_RATE_LIMIT,
  LIVE_READ_RATE_LIMIT,
  TEST_RATE_LIMIT,
} from './service/RateLimiter';
import { ReconciliationStore } from './database/ReconciliationStore';
import { Reconciliation } from './reconciliation/Reconciliation';
import { ReconciliationService } from './reconciliation/ReconciliationService';
import { readReconciliationConfig } from './reconciliation/reconciliationConfig';
import { createReconciliationRoutes } from './routes/reconciliationRoutes';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/**
 * The S3 resources backend plugin: REST API under /api/s3-resources.
 *
 * @public
 */
export const s3ResourcesPlugin = createBackendPlugin({
  pluginId: 's3-resources',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        events: eventsServiceRef,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        lifecycle: coreServices.lifecycle,
        cache: coreServices.cache,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        events,
        scheduler,
        userInfo,
        auth,
        catalog,
        lifecycle,
        cache,
      }) {
        // per-user limits count in the cache service: across replicas with Redis
        const counts = {
          cache,
          shared:
            (config.getOptionalString('backend.cache.store') ?? 'memory') !==
            'memory',
          logger: logger.child({ task: 'rate-limits' }),
        };
        const secrets = SecretBox.fromConfig(config, {
          logger,
          production: requiresProductionKeys(config, process.env.NODE_ENV),
        });
        const db = await applyDatabaseMigrations(database);
        const store = ResourceStore.create(db);
        await verifyStoredSecretsDecrypt(store, secrets);

        permissionsRegistry.addPermissions(s3ResourcesPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: s3ResourcePermissionResourceRef,
          permissions: s3ResourcesPermissions,
          rules: Object.values(s3ResourcePermissionRules),
          getResources: async ids =>
            Promise.all(
              ids.map(id =>
                store.get(id).then(permissionSubjectOf, () => undefined),
              ),
            ),
        });

        const auditStore = AuditStore.create(db);
        const auditTrail = AuditTrail.create({
          auditor,
          store: auditStore,
          auth,
        });
        const resourcePermissions = ResourcePermissions.create({
          permissions,
          permissionsRegistry,
        });
        const endpointPolicy = EndpointPolicy.fromConfig(config);
        const resources = ResourceService.create({
          store,
          secrets,
          permissions: resourcePermissions,
          audit: auditTrail,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
          portalPrincipalArn: config.getOptionalString(
            's3Resources.portalPrincipalArn',
          ),
          egressCidrs: config.getOptionalStringArray('s3Resources.egressCidrs'),
          events: ResourceEvents.create({ events, logger }),
          endpointPolicy,
          ownerClaims: OwnerClaims.fromConfig(config, {
            auth,
            userInfo,
            permissions: resourcePermissions,
            store,
          }),
          awsAccounts: AwsAccountGrants.fromConfig(config),
          externalIds: ExternalIds.fromSecretBox(secrets),
        });

        const testRateLimiter = RateLimiter.fromConfig(
          config,
          TEST_RATE_LIMIT,
          counts,
        );
        const tester = ConnectionTester.fromConfig(config, {
          endpointPolicy,
          logger,
        });
        const runs = TestRunStore.create(db);
        const tests = ConnectionTestService.create({
          runs,
          resources,
          permissions: resourcePermissions,
          audit: auditTrail,
          tester,
          rateLimiter: testRateLimiter,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        });

        const sessions = BucketSessions.create({
          endpointPolicy,
          awsAccounts: tester.awsAccounts,
          timeouts: tester.timeouts,
          logger,
        });
        lifecycle.addShutdownHook(() => sessions.shutdown());
        const shareLinks = ShareLinkService.create({
          store: ShareLinkStore.create(db),
          permissions: resourcePermissions,
          audit: auditTrail,
        });
        const objects = ObjectService.create({
          resources,
          permissions: resourcePermissions,
          audit: auditTrail,
          sessions,
          config: readObjectsConfig(config),
          shareLinks,
          shareRateLimiter: RateLimiter.fromConfig(
            config,
            SHARE_RATE_LIMIT,
            counts,
          ),
        });

        const auditConfig = readAuditSweepConfig(config);
        const storageConfig = readStorageScanConfig(config);
        const findings = FindingStore.create(db);
        const sweeps = SweepRunStore.create(db);
        const storageStore = StorageStore.create(db);
        const reconciliationConfig = readReconciliationConfig(config);
        const reconciliationResults = ReconciliationStore.create(db);
        if (auditConfig.enabled) {
          const sweepLogger = logger.child({ task: AUDIT_SWEEP_TASK_ID });
          const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(
            0,
            8,
          )}`;
          const batches = SweepBatchStore.create(db);
          const worker = SweepWorker.create({
            store,
            findings,
            sweeps,
            batches,
            tests,
            awsAccounts: resources.grants,
            catalog,
            auth,
            audit: auditTrail,
            logger: sweepLogger,
            instanceId,
            concurrency: auditConfig.concurrency,
            leaseMs: auditConfig.leaseSeconds * 1000,
            // the test's own deadline ends it first; this guards the batch
            resourceDeadlineMs: tester.timeouts.deadlineMs + 5_000,
            maxAccessKeyAgeDays: auditConfig.maxAccessKeyAgeDays,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
            egressCidrs: config.getOptionalStringArray(
              's3Resources.egressCidrs',
            ),
            credentials: CredentialChecks.create({
              store,
              probeRoleTrust: row => tests.probeRoleTrustForSweep(row),
              cacheMs: auditConfig.roleTrustCacheHours * 3600_000,
              portalPrincipalArn: config.getOptionalString(
                's3Resources.portalPrincipalArn',
              ),
              logger: sweepLogger,
            }),
            ...(storageConfig.enabled
              ? {
                  storage: StorageScans.create({
                    store: storageStore,
                    budget: storageConfig.budget,
                    sessions,
                    secretOf: row => resources.secretOf(row),
                  }),
                }
              : {}),
            ...(reconciliationConfig.enabled
              ? {
                  reconciliation: Reconciliation.create({
                    store,
                    runs: TestRunStore.create(db),
                    results: reconciliationResults,
                    discovery: new BucketDiscovery(
                      endpointPolicy,
                      tester.awsAccounts,
                      {
                        concurrency: reconciliationConfig.concurrency,
                        deadlineMs: reconciliationConfig.maxMsPerSource,
                        maxBuckets: reconciliationConfig.maxBucketsPerSource,
                        connectTimeoutMs: tester.timeouts.connectTimeoutMs,
                        requestTimeoutMs: tester.timeouts.requestTimeoutMs,
                        logger,
                      },
                    ),
                    secretOf: row => resources.secretOf(row),
                    config: reconciliationConfig,
                    logger: sweepLogger,
                  }),
                }
              : {}),
          });
          const sweep = AuditSweep.create({
            store,
            sweeps,
            batches,
            worker,
            auth,
            audit: auditTrail,
            logger: sweepLogger,
            instanceId,
            batchSize: auditConfig.batchSize,
            pollMs: auditConfig.pollSeconds * 1000,
          });
          await scheduler.scheduleTask({
            id: AUDIT_SWEEP_TASK_ID,
            ...auditConfig.schedule,
            scope: 'global',
            fn: async signal => {
              // The run is recorded (sweep table, audit trail) either way.
              await sweep
                .run(signal)
                .catch(error => logger.error(`Audit sweep failed: ${error}`));
            },
          });
          // Every instance joins a sweep under way: one cheap query when
          // there is nothing to claim.
          await scheduler.scheduleTask({
            id: AUDIT_SWEEP_WORKER_TASK_ID,
            frequency: { seconds: auditConfig.pollSeconds },
            timeout: auditConfig.schedule.timeout,
            scope: 'local',
            fn: async signal => {
              await worker
                .work(signal)
                .catch(error =>
                  logger.error(`Audit sweep batch failed: ${error}`),
                );
            },
          });
        }

        const serve = { httpAuth, checkResponses: checksAnswersByDefault() };
        httpRouter.use(
          createRouter([
            createResourceRoutes({ serve, resources }),
            createAuditRoutes({
              serve,
              auditTrail,
              auditService: AuditService.create({
                audit: auditStore,
                resources: store,
                permissions: resourcePermissions,
              }),
            }),
            createAdminRoutes({
              serve,
              auditTrail,
              permissions: resourcePermissions,
              rotation: KeyRotation.create({ store, secrets }),
            }),
            createTestRoutes({ serve, tests }),
            createInsightRoutes({
              serve,
              auditTrail,
              insight: new BucketInsight({
                resources,
                sessions,
                storage: storageStore,
                audit: auditTrail,
                permissions: resourcePermissions,
                rateLimiter: RateLimiter.fromConfig(
                  config,
                  LIVE_READ_RATE_LIMIT,
                  counts,
                ),
              }),
              fleet: new FleetStorageService({
                resources: store,
                findings,
                storage: storageStore,
                permissions: resourcePermissions,
              }),
            }),
            createAccessRoutes({
              serve,
              auditTrail,
              accessMaps: AccessMapService.create({
                store,
                access: resources.access,
                runs,
                findings,
                permissions: resourcePermissions,
              }),
            }),
            createObjectRoutes({ serve, objects, shareLinks, auditTrail }),
            createFindingRoutes({
              serve,
              auditTrail,
              findingService: FindingService.create({
                findings,
                sweeps,
                permissions: resourcePermissions,
                ...(auditConfig.enabled
                  ? {
                      triggerSweep: () =>
                        scheduler.triggerTask(AUDIT_SWEEP_TASK_ID),
                    }
                  : {}),
              }),
            }),
            createReconciliationRoutes({
              serve,
              auditTrail,
              reconciliation: ReconciliationService.create({
                results: reconciliationResults,
                permissions: resourcePermissions,
              }),
            }),
            createImportRoutes({
              serve,
              imports: ImportService.create({
                discovery: BucketDiscovery.fromConfig(config, tester),
                resources,
                registered: RegisteredBuckets.create({
                  store,
                  permissions: resourcePermissions,
                }),
                tests,
                permissions: resourcePermissions,
                audit: auditTrail,
                concurrency: importConcurrency(config),
                discoveryRateLimiter: RateLimiter.fromConfig(
                  config,
                  DISCOVERY_RATE_LIMIT,
                  counts,
                ),
              }),
            }),
          ]),
        );
      },
    });
  },
});

/**
 * Refuses to start when stored secrets were encrypted with a key that is no
 * longer configured, or with a key whose secret changed: starting anyway
 * would make every stored credential unusable.
 */
async function verifyStoredSecretsDecrypt(
  store: ResourceStore,
  secrets: SecretBox,
): Promise<void> {
  const keyIds = await store.secretKeyIds();
  const missing = keyIds.filter(id => !secrets.hasKey(id));
  if (missing.length) {
    throw new Error(
      `Stored S3 resource secrets are encrypted with key(s) ${missing.join(
        ', ',
      )} that are not in s3Resources.encryption.keys; add the key(s) back (rotation keeps old keys listed until every row is re-encrypted)`,
    );
  }
  for (const keyId of keyIds) {
    const sample = await store.sampleWithKey(keyId);
    if (!sample?.secret) continue;
    try {
      secrets.decrypt(sample.secret, sample.id);
    } catch {
      throw new Error(
        `s3Resources.encryption.keys: key "${keyId}" does not decrypt the stored secrets (its secret differs from the one they were encrypted with); refusing to start`,
      );
    }
  }
}
