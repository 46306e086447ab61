// The dev demo: buckets on the local S3-compatible server, a few resources
// registered in the running backend (each tested once, so the list shows
// real verdicts), and one bucket left unregistered for you to register
// through the template. Prints what to type once the app answers.
// Idempotent: what exists is left alone.
//
// Environment: S3R_TEST_S3_ENDPOINT and the demo keys (scripts/s3/*.sh env),
// S3R_BACKEND_URL (default http://localhost:7007), S3R_APP_URL (default
// http://localhost:3000; S3R_DEMO_WAIT_FOR_APP=0 prints without waiting).
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  UploadPartCommand,
  PutBucketCorsCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';

const BACKEND = process.env.S3R_BACKEND_URL ?? 'http://localhost:7007';
const APP = process.env.S3R_APP_URL ?? 'http://localhost:3000';
const endpoint = process.env.S3R_TEST_S3_ENDPOINT;
const accessKeyId =
  process.env.S3R_DEMO_ACCESS_KEY ?? process.env.S3R_TEST_S3_TESTER_ACCESS_KEY;
const secretAccessKey =
  process.env.S3R_DEMO_SECRET_KEY ?? process.env.S3R_TEST_S3_TESTER_SECRET_KEY;
const kind = process.env.S3R_TEST_S3_KIND ?? 'ceph-rgw';
const hasRoles = kind === 'ceph-rgw';
const provider = kind === 'ceph-rgw' ? 'ceph-rgw' : 'other';

/** The bucket a newcomer registers through the template. */
const SANDBOX = 'demo-sandbox';
const ROLE = 'demo-archive-reader';

const log = msg => console.log(`[demo] ${msg}`);

const BUCKETS = {
  'demo-media': {
    'README.txt': 'Uploaded media of the media pipeline\n',
    'images/cover.txt': 'an image would live here\n',
  },
  'demo-reports': { 'README.txt': 'Monthly reports\n' },
  'demo-logs': {
    'app/2026-11-28.log': 'app log line\n',
    'web/2026-11-28.log': 'web log line (outside the app/ prefix)\n',
  },
  'demo-archive': { '2025/archive.txt': 'archived\n' },
  [SANDBOX]: {
    'README.md': '# Sandbox\n\nRegister this bucket through the template.\n',
    'data/cities.csv': 'city,country\nLisbon,PT\nOsaka,JP\n',
    'data/settings.json': '{ "theme": "dark" }\n',
    'notes/todo.txt': 'register me\n',
  },
};

/**
 * The registered demo: one of each kind of resource the pages show. A
 * system written in its short form (stored in full), a prefix, a role to
 * assume, a bucket that is gone (its test fails), and buckets without the
 * CORS rules the portal generated (findings of the audit sweep).
 */
function demoResources(roleArn) {
  const keyAuth = { method: 'access-key', accessKeyId, secretAccessKey };
  return [
    {
      name: 'demo-media',
      title: 'Media uploads',
      description: 'User-uploaded images and videos of the media pipeline',
      owner: 'group:default/team-a',
      system: 'media-pipeline',
      bucket: 'demo-media',
      accessLevel: 'read-write',
      cors: { uploadMode: 'multipart' },
      tags: ['media', 'uploads'],
      auth: keyAuth,
      // the bucket gets the CORS rules the portal generates for it
      applyCors: true,
    },
    {
      name: 'demo-reports',
      title: 'Monthly reports',
      description: 'Generated PDF reports, read by the reporting service',
      owner: 'group:default/team-b',
      bucket: 'demo-reports',
      accessLevel: 'read',
      tags: ['reports'],
      auth: keyAuth,
    },
    {
      name: 'demo-logs-app',
      title: 'Application logs',
      description: 'Only the app/ prefix of the shared logs bucket',
      owner: 'group:default/team-a',
      bucket: 'demo-logs',
      prefix: 'app/',
      accessLevel: 'read',
      tags: ['logs'],
      auth: keyAuth,
    },
    ...(roleArn
      ? [
          {
            name: 'demo-archive',
            title: 'Archive',
            description: `Read through the role ${ROLE}, assumed with the demo key`,
            owner: 'group:default/platform-team',
            bucket: 'demo-archive',
            accessLevel: 'read',
            tags: ['archive'],
            auth: { method: 'assume-role', roleArn, source: keyAuth },
          },
        ]
      : []),
    {
      name: 'demo-exports',
      title: 'Retired exports',
      description: 'Its bucket was deleted: the connection test fails',
      owner: 'group:default/team-a',
      bucket: 'demo-exports-retired',
      accessLevel: 'read',
      tags: ['exports'],
      auth: keyAuth,
    },
  ];
}

/**
 * Bucket tags: demo-reports says team-a owns it while the catalog says
 * team-b, an owner tag that differs for the audit's reconciliation.
 */
const TAGS = {
  'demo-reports': { owner: 'group:default/team-a', 'cost-center': 'cc-42' },
};

async function seedBuckets(s3) {
  for (const [bucket, objects] of Object.entries(BUCKETS)) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (e) {
      if (!/BucketAlready/.test(e.name)) throw e;
    }
    for (const [Key, Body] of Object.entries(objects)) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
    }
    if (TAGS[bucket]) {
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: bucket,
          Tagging: {
            TagSet: Object.entries(TAGS[bucket]).map(([Key, Value]) => ({
              Key,
              Value,
            })),
          },
        }),
      );
    }
  }
}

/**
 * A browser upload to demo-media that never completed: its part keeps
 * costing storage until a lifecycle rule aborts it (the storage tab counts
 * it as waste, the audit sweep raises a lifecycle finding). One, however
 * often the demo starts.
 */
async function seedIncompleteUpload(s3) {
  const Bucket = 'demo-media';
  const Key = 'videos/launch-teaser.mp4';
  const open = await s3.send(
    new ListMultipartUploadsCommand({ Bucket, Prefix: Key }),
  );
  if (open.Uploads?.length) return;
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket, Key }),
  );
  await s3.send(
    new UploadPartCommand({
      Bucket,
      Key,
      UploadId,
      PartNumber: 1,
      Body: Buffer.alloc(1024 * 1024, 7),
    }),
  );
}

/** The role behind the assume-role demo (Ceph RGW only: s3rver has no IAM). */
async function demoRole() {
  const adminKey = process.env.S3R_TEST_S3_ADMIN_ACCESS_KEY;
  const adminSecret = process.env.S3R_TEST_S3_ADMIN_SECRET_KEY;
  if (!hasRoles || !adminKey || !adminSecret) return undefined;
  const iam = new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: adminKey, secretAccessKey: adminSecret },
  });
  try {
    const existing = await iam
      .send(new GetRoleCommand({ RoleName: ROLE }))
      .catch(() => undefined);
    if (existing?.Role?.Arn) return existing.Role.Arn;
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: ROLE,
        Path: '/',
        // No sts:ExternalId condition: Ceph RGW refuses every AssumeRole of a
        // role whose trust policy has one (AWS enforces it).
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: ['arn:aws:iam:::user/demo'] },
              Action: ['sts:AssumeRole'],
            },
          ],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: ROLE,
        PolicyName: 'read-demo-archive',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject'],
              Resource: [
                'arn:aws:s3:::demo-archive',
                'arn:aws:s3:::demo-archive/*',
              ],
            },
          ],
        }),
      }),
    );
    return created.Role?.Arn;
  } catch (e) {
    log(`no assume-role demo: the role could not be created (${e.name})`);
    return undefined;
  } finally {
    iam.destroy();
  }
}

async function waitFor(url, deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  return false;
}

async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** Puts the CORS configuration the portal generated on the resource's bucket, and a public access block. */
async function applyGeneratedCors(s3, headers, id, bucket) {
  const res = await fetch(
    `${BACKEND}/api/s3-resources/resources/${id}/policies`,
    { headers },
  );
  if (!res.ok) throw new Error(`policies of ${bucket}: ${res.status}`);
  const { cors } = await res.json();
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: cors.configuration,
    }),
  );
  // public bucket policies are restricted, so the test and the audit have
  // nothing to say about its public access block (the other demo buckets
  // have none: both warn about it)
  try {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: true,
        },
      }),
    );
  } catch (e) {
    log(`${bucket} keeps no public access block (${e.name})`);
  }
}

/** Registers a demo resource and tests it once; answers its id (also when it existed). */
async function register(s3, headers, { applyCors, ...demo }) {
  const res = await fetch(`${BACKEND}/api/s3-resources/resources`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...demo, provider, endpoint }),
  });
  if (res.status === 409) {
    log(`${demo.name} is already registered`);
    const existing = await fetch(
      `${BACKEND}/api/s3-resources/resources/by-name/${demo.name}`,
      { headers },
    );
    return existing.ok ? (await existing.json()).id : undefined;
  }
  if (res.status !== 201) {
    log(`could not register ${demo.name}: ${res.status} ${await res.text()}`);
    return undefined;
  }
  const { id } = await res.json();
  if (applyCors) await applyGeneratedCors(s3, headers, id, demo.bucket);
  // One test now, so the list shows a verdict instead of "Not tested".
  const tested = await fetch(
    `${BACKEND}/api/s3-resources/resources/${id}/test`,
    { method: 'POST', headers, body: '{}' },
  );
  const verdict = tested.ok ? (await tested.json()).status : tested.status;
  log(`registered ${demo.name} (connection test: ${verdict})`);
  return id;
}

/**
 * What a newcomer types into the template, field by field under the labels
 * the form shows; printed once the app answers. The e2e walk of the
 * template reads these lines and does exactly what they say.
 */
function instructions() {
  const field = (label, value) => `  ${`${label} `.padEnd(22, '.')} ${value}`;
  return [
    '',
    '==================== Try it: register a bucket ====================',
    `Open ${APP}, press Enter (guest sign-in), choose S3 resources in the`,
    'sidebar, then Register bucket. Fill in:',
    field('Name', SANDBOX),
    field('Owner', 'team-a (then pick it from the list)'),
    field(
      'Provider',
      provider === 'ceph-rgw'
        ? 'Ceph RADOS Gateway'
        : 'Other S3-compatible service',
    ),
    field('Endpoint URL', endpoint),
    field('Bucket', SANDBOX),
    'Next, Next (the access defaults are fine), then:',
    field('Access key ID', accessKeyId),
    field('Secret access key', secretAccessKey),
    'Test connection, Review, Create, and Open the catalog entity.',
    'These keys belong to the local demo server on 127.0.0.1, created by',
    'scripts/s3 for development only; they open nothing else.',
    '===================================================================',
    '',
  ].join('\n');
}

async function main() {
  if (!endpoint) throw new Error('S3R_TEST_S3_ENDPOINT is not set');
  const s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
  });
  await seedBuckets(s3);
  await seedIncompleteUpload(s3).catch(e =>
    log(`no incomplete upload in demo-media (${e.name})`),
  );
  const roleArn = await demoRole();
  log(`buckets ready on ${endpoint} (${kind})`);
  if (
    !(await waitFor(`${BACKEND}/.backstage/health/v1/readiness`, 15 * 60_000))
  ) {
    throw new Error(`backend did not answer at ${BACKEND} in time`);
  }
  const headers = {
    Authorization: `Bearer ${await guestToken()}`,
    'Content-Type': 'application/json',
  };
  const ids = {};
  for (const demo of demoResources(roleArn)) {
    ids[demo.name] = await register(s3, headers, demo);
  }
  // The sandbox gets the CORS rules the portal generates for a download-only
  // bucket (those of demo-reports, the same for every bucket), so its first
  // test through the template passes without a warning.
  if (ids['demo-reports']) {
    await applyGeneratedCors(s3, headers, ids['demo-reports'], SANDBOX);
  }
  if (process.env.S3R_DEMO_WAIT_FOR_APP !== '0') {
    await waitFor(APP, 15 * 60_000);
  }
  console.log(instructions());
}

main().catch(e => {
  console.error(`[demo] ${e.message}`);
  process.exitCode = 1;
});
