import { ConfigReader } from '@backstage/config';
import { ConnectionTester } from '../connectionTest/ConnectionTester';
import { EndpointPolicy } from '../connectionTest/EndpointPolicy';
import { TestServer, startAnswering } from '../__testUtils__/networkServers';
import { BucketDiscovery } from './BucketDiscovery';

/**
 * A hostile S3-compatible source: its ListBuckets answers names no bucket
 * can have (a real server does not let one create them).
 */
describe('BucketDiscovery.survey of a source listing invalid names', () => {
  let server: TestServer;
  const long = 'a'.repeat(300);

  beforeAll(async () => {
    server = await startAnswering(
      200,
      { 'content-type': 'application/xml' },
      `<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
<Owner><ID>o</ID></Owner>
<Buckets>
<Bucket><Name>fine-bucket</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>
<Bucket><Name>${long}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>
<Bucket><Name>Bad_Name</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>
</Buckets>
</ListAllMyBucketsResult>`,
    );
  });
  afterAll(() => server?.close());

  it('skips and counts the names that break the bucket naming rules', async () => {
    const config = new ConfigReader({
      s3Resources: {
        endpoints: {
          allow: [
            {
              host: '127.0.0.1',
              ports: [server.port],
              allowHttp: true,
              allowPrivateAddresses: true,
            },
          ],
        },
      },
    });
    const tester = ConnectionTester.fromConfig(config, {
      endpointPolicy: EndpointPolicy.fromConfig(config),
    });
    const discovery = new BucketDiscovery(
      tester.endpointPolicy,
      tester.awsAccounts,
      {
        concurrency: 2,
        deadlineMs: 10_000,
        maxBuckets: 100,
        connectTimeoutMs: 2_000,
        requestTimeoutMs: 5_000,
      },
    );
    const survey = await discovery.survey(
      {
        provider: 'ceph-rgw',
        endpoint: server.url,
        auth: {
          method: 'access-key',
          accessKeyId: 'AKIAEXAMPLE',
          secretAccessKey: 'secret',
        },
      },
      { explicit: [], tagsWanted: () => [], maxCalls: 10 },
    );
    expect(survey.error).toBeUndefined();
    expect(survey.names).toEqual(['fine-bucket']);
    expect(survey.skipped).toMatch(/^2 listed name\(s\) skipped/);
    expect(survey.skipped).toContain('Bad_Name');
  });
});
