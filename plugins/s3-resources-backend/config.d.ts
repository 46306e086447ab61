import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  s3Resources?: {
    /**
     * The IAM principal (role or user ARN) the backend runs as when it
     * assumes roles; the principal of generated trust policies.
     */
    portalPrincipalArn?: string;
    /**
     * The portal's outbound addresses (CIDRs). When set, generated policies
     * only allow requests from them (`aws:SourceIp`).
     */
    egressCidrs?: string[];
    /**
     * Custom endpoints (S3-compatible services) the portal may connect to.
     * Kept backend-only on purpose: internal host names are not shown to
     * browsers.
     */
    endpoints?: {
      /**
       * The operator's allow-list. Empty or absent: no custom endpoint is
       * accepted (Amazon S3 itself needs no entry). A resource's endpoint
       * must match an entry's host, one of its ports and its scheme rules,
       * on create, on update and before every connection test.
       */
      allow?: Array<{
        /** Exact host name or IP address, or `*.suffix` for any host under suffix. */
        host: string;
        /** Allowed ports. Default: only the scheme's default port (443, or 80 for http). */
        ports?: number[];
        /** Allow plain http (default false: https only). */
        allowHttp?: boolean;
        /**
         * Allow loopback, private (RFC 1918, 100.64.0.0/10), unique-local and
         * other internal addresses, as a literal or as what the host resolves
         * to (default false). Link-local addresses (169.254.0.0/16, fe80::/10)
         * and cloud metadata addresses such as 169.254.169.254 and
         * fd00:ec2::254 are refused even then.
         */
        allowPrivateAddresses?: boolean;
      }>;
    };
    connectionTest?: {
      /** Overall deadline of one test, in milliseconds (default 10000). */
      deadlineMs?: number;
      /** TCP/TLS connect timeout of each call, in milliseconds (default 3000). */
      connectTimeoutMs?: number;
      /** Timeout of each call once connected, in milliseconds (default 5000); the call is aborted. */
      requestTimeoutMs?: number;
      /** Tests per user (stored and unsaved together), 1 to 100; in total across replicas with a shared cache (`backend.cache.store: redis`). */
      rateLimit?: {
        /** Tests allowed in the window (default 10). */
        tests?: number;
        /** Length of the sliding window, in seconds (default 60). */
        windowSeconds?: number;
      };
      /**
       * Let `aws-account` resources whose account in `aws.accounts` has no
       * credentials of its own use the backend's ambient AWS credentials
       * (environment, instance profile). Default false.
       */
      allowAmbientCredentials?: boolean;
    };
    /**
     * The audit sweep: a scheduled task (one instance at a time) that re-tests
     * every resource and records findings (failing tests, CORS drift, public
     * ACLs, public access block off, no default encryption, stale access
     * keys, owners or systems missing from the catalog, wildcard CORS
     * origins, access broader than used).
     */
    audit?: {
      /** Schedule the sweep (default true). When false, POST /audit/sweep answers 409. */
      enabled?: boolean;
      /**
       * When and how long the sweep runs (default: every 6 hours, timeout 30
       * minutes, first run 2 minutes after start). One instance at a time
       * starts a sweep; all instances work its batches.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Resources tested at the same time, on each instance (default 4). */
      concurrency?: number;
      /** Access keys whose secret was set longer ago are a finding (default 90). */
      maxAccessKeyAgeDays?: number;
      /**
       * Hours a role's answer to AssumeRole without its ExternalId is kept
       * in memory (default 24, 1-720): sweeps in between do not ask again.
       */
      roleTrustCacheHours?: number;
      /**
       * Resources per batch of a sweep (default 50, 1-1000). Every instance
       * claims batches; one that dies mid-sweep loses at most its batch.
       */
      batchSize?: number;
      /**
       * Seconds a claimed batch stays an instance's unless renewed (default
       * 60, 2-3600); renewed every third of it while the batch runs. A dead
       * instance's batch is claimed again once its lease ran out.
       */
      leaseSeconds?: number;
      /** Seconds between an idle instance's looks for a batch to claim (default 5, 1-3600). */
      pollSeconds?: number;
    };
    liveConfiguration?: {
      /**
       * Reads of a bucket's live CORS, bucket policy and lifecycle (the
       * Policies tab's desired-vs-live view) per user, 1 to 100; in total
       * across replicas with a shared cache.
       */
      rateLimit?: {
        /** Reads allowed in the window (default 60). */
        reads?: number;
        /** Length of the sliding window, in seconds (default 60). */
        windowSeconds?: number;
      };
    };
    /**
     * The storage scan: during the audit sweep, what each resource's prefix
     * holds (objects, bytes by storage class, noncurrent versions,
     * incomplete multipart uploads) is counted with the resource's own
     * credentials, within a budget per sweep; a larger prefix is scanned
     * across sweeps.
     */
    storageScan?: {
      /** Scan resources' storage in the audit sweep (default true). */
      enabled?: boolean;
      /** Keys (objects, versions, uploads) listed per resource and sweep at most (default 100000). */
      maxKeysPerRun?: number;
      /** Seconds a resource's scan runs per sweep at most (default 20, 1-3600). */
      maxSecondsPerRun?: number;
      /** Calls to the bucket per resource and sweep at most, ListParts included (default 300). */
      maxRequestsPerRun?: number;
    };
    /**
     * Reconciliation, run once per audit sweep: buckets that exist but no
     * resource registers (shadow), resources whose bucket is gone (ghost),
     * owner tags that differ from the catalog owner. Sources are the access
     * keys of registered resources (each distinct key lists once) and the
     * AWS accounts named here.
     */
    reconciliation?: {
      /** Reconcile in the audit sweep (default true). */
      enabled?: boolean;
      /**
       * AWS accounts of `aws.accounts` reconciliation may list (default
       * none): an account id, or an object with the region to list from and
       * bucket names to check with HeadBucket (buckets the account reaches
       * but does not own, which ListBuckets does not show).
       */
      awsAccounts?: Array<
        | string
        | {
            accountId: string;
            region?: string;
            buckets?: string[];
            /** An S3-compatible service whose keys are kept under aws.accounts (default aws). */
            provider?: string;
            endpoint?: string;
          }
      >;
      /** Calls per source and sweep at most: listing pages, HeadBucket, tag reads (default 200, 1-100000). */
      maxCallsPerSource?: number;
      /** Buckets listed per source at most (default 5000, 1-1000000). */
      maxBucketsPerSource?: number;
      /** Seconds per source at most (default 60, 1-3600). */
      maxSecondsPerSource?: number;
      /** Seconds for the whole run, all sources, at most (default 900, 1-86400); sources not reached keep their entries. */
      maxSecondsPerRun?: number;
      /** Tags read once are kept this many hours before being read again (default 24, 0-8760). */
      tagMaxAgeHours?: number;
      /** Calls to one source at the same time (default 8, 1-64). */
      concurrency?: number;
    };
    /**
     * Who may use each AWS account configured under `aws.accounts` (method
     * `aws-account`, directly or as the source of a role): only the users
     * and groups listed here, checked on create, update, connection tests
     * and import discovery; the audit sweep reports a resource whose owner
     * is not listed instead of testing it. An account without an entry may
     * be used by no one.
     */
    awsAccounts?: Array<{
      /** The 12-digit account id, as under `aws.accounts`. */
      accountId: string;
      /** User and group refs, e.g. group:default/platform-team (`team-a` means a group). */
      allow: string[];
    }>;
    limits?: {
      /**
       * Resources one owner (a user or group) may hold; a create or a
       * transfer beyond it is refused (403). Default 1000.
       */
      resourcesPerOwner?: number;
    };
    /** The object routes: browse, download, preview, upload, share. */
    objects?: {
      /** Life of a download or preview link, in seconds (default 300). */
      linkSeconds?: number;
      /** Life of an upload grant, in seconds (default 3600). */
      uploadSeconds?: number;
      /** Expiry of a share link when none is asked for, in seconds (default 3600). */
      defaultShareSeconds?: number;
      /**
       * Longest expiry a share link may have, in seconds (default 86400).
       * A presigned link cannot be revoked before it expires: this is the
       * control.
       */
      maxShareSeconds?: number;
      /** Largest file an upload may send, in bytes (default 5 GiB). */
      maxUploadBytes?: number;
      /** Part size of multipart uploads, in bytes (default 16 MiB, at least 5 MiB). */
      partBytes?: number;
      /** Share links per user, 1 to 100; in total across replicas with a shared cache. */
      shareRateLimit?: {
        /** Links allowed in the window (default 30). */
        links?: number;
        /** Length of the sliding window, in seconds (default 60). */
        windowSeconds?: number;
      };
    };
    import?: {
      /**
       * How many buckets' details (region, tags) are read, and how many
       * registrations run, at the same time during an import (default 16).
       */
      concurrency?: number;
      /** Bucket discoveries per user, 1 to 100; in total across replicas with a shared cache. */
      rateLimit?: {
        /** Discoveries allowed in the window (default 5). */
        requests?: number;
        /** Length of the sliding window, in seconds (default 60). */
        windowSeconds?: number;
      };
      /**
       * Overall deadline of one discovery, in milliseconds (default 60000).
       * At the deadline the calls under way are aborted and the answer holds
       * the buckets read so far, saying it was cut short.
       */
      deadlineMs?: number;
      /**
       * Buckets a discovery reads at most (default 1000); beyond, the answer
       * holds the first ones and says there are more.
       */
      maxBuckets?: number;
    };
    encryption?: {
      /**
       * Apply the production rules for keys (keys configured, not the public
       * development key of app-config.yaml) in local development too. They
       * already apply everywhere else: unless NODE_ENV is development or test
       * and app.baseUrl and backend.baseUrl are on localhost, 127.0.0.1 or
       * [::1]. Default false.
       */
      requireProductionKeys?: boolean;
      /**
       * Key-encryption keys for resource secrets. The first key encrypts new
       * secrets; the others are kept so older rows still decrypt until they
       * are re-encrypted (rotation). Each secret is 32 random bytes, base64
       * (`openssl rand -base64 32`).
       */
      keys?: Array<{
        /** Short, stable identifier stored with each encrypted row. */
        id: string;
        /**
         * @visibility secret
         */
        secret: string;
      }>;
    };
  };
}
