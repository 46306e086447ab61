// Registers the dev demo: buckets on the local S3-compatible server and a few
// resources in the running backend. Idempotent: what exists is left alone.
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

const BACKEND = process.env.S3R_BACKEND_URL ?? 'http://localhost:7007';
const endpoint = process.env.S3R_TEST_S3_ENDPOINT;
const accessKeyId =
  process.env.S3R_DEMO_ACCESS_KEY ?? process.env.S3R_TEST_S3_TESTER_ACCESS_KEY;
const secretAccessKey =
  process.env.S3R_DEMO_SECRET_KEY ?? process.env.S3R_TEST_S3_TESTER_SECRET_KEY;
const kind = process.env.S3R_TEST_S3_KIND ?? 'ceph-rgw';

const log = msg => console.log(`[demo] ${msg}`);

async function waitForBackend(deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(`${BACKEND}/api/s3-resources/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(`backend did not answer at ${BACKEND} in time`);
}

async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

const DEMO = [
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
  },
  {
    name: 'demo-reports',
    title: 'Monthly reports',
    description: 'Generated PDF reports, read by the reporting service',
    owner: 'group:default/team-b',
    bucket: 'demo-reports',
    accessLevel: 'read',
    tags: ['reports'],
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
  },
];

async function seedBuckets() {
  const s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
  });
  for (const bucket of ['demo-media', 'demo-reports', 'demo-logs']) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (e) {
      if (!/BucketAlready/.test(e.name)) throw e;
    }
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: bucket === 'demo-logs' ? 'app/2026-11-28.log' : 'README.txt',
        Body: `demo object in ${bucket}\n`,
      }),
    );
  }
  await s3
    .send(
      new PutBucketCorsCommand({
        Bucket: 'demo-media',
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['http://localhost:3000'],
              AllowedMethods: ['GET', 'HEAD', 'PUT'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 3000,
            },
          ],
        },
      }),
    )
    .catch(e => log(`CORS not set on demo-media (${e.name})`));
}

async function main() {
  if (!endpoint) throw new Error('S3R_TEST_S3_ENDPOINT is not set');
  await seedBuckets();
  log(`buckets ready on ${endpoint} (${kind})`);
  await waitForBackend(15 * 60 * 1000);
  const token = await guestToken();
  for (const demo of DEMO) {
    const res = await fetch(`${BACKEND}/api/s3-resources/resources`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        ...demo,
        provider: kind === 'ceph-rgw' ? 'ceph-rgw' : 'other',
        endpoint,
        auth: { method: 'access-key', accessKeyId, secretAccessKey },
      }),
    });
    if (res.status === 201) log(`registered ${demo.name}`);
    else if (res.status === 409) log(`${demo.name} is already registered`);
    else
      log(`could not register ${demo.name}: ${res.status} ${await res.text()}`);
  }
  log('open http://localhost:3000/s3-resources');
}

main().catch(e => {
  console.error(`[demo] ${e.message}`);
  process.exitCode = 1;
});
