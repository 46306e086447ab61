import {
  createTestBucket,
  createTestRole,
  getTestS3,
  trustPolicyFor,
} from '@internal/s3-test-harness';
import {
  keysOf,
  targetFor,
  testerFor,
  useRgwFixture,
} from './__testUtils__/rgwConnectionTest';
import { TestAuth } from './ConnectionTester';

jest.setTimeout(60_000);

describe('probeRoleTrust against Ceph RGW', () => {
  const { track, rgwPort } = useRgwFixture();

  async function roleTrusting() {
    const { bucket } = track(await createTestBucket('hyg-probe'));
    const role = track(
      await createTestRole({
        trustPolicy: trustPolicyFor('tester'),
        rolePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:ListBucket'],
              Resource: [`arn:aws:s3:::${bucket}`],
            },
          ],
        },
      }),
    );
    const via = (source: TestAuth): TestAuth => ({
      method: 'assume-role',
      roleArn: role.roleArn,
      externalId: 's3r-ExternalIdOfThisResource0123456789',
      source: source as never,
    });
    return { bucket, via };
  }

  it('says assumable when the role trusts the source without a condition, refused when it does not trust it', async () => {
    const { bucket, via } = await roleTrusting();
    const tester = testerFor([rgwPort()]);
    expect(
      await tester.probeRoleTrust(targetFor({ bucket }, via(keysOf('tester')))),
    ).toEqual({ result: 'assumable', at: expect.any(String) });
    expect(
      await tester.probeRoleTrust(targetFor({ bucket }, via(keysOf('other')))),
    ).toEqual({ result: 'refused', at: expect.any(String) });
  });

  it('is unknown, saying why, for a refused endpoint, a missing secret or no role', async () => {
    const { bucket, via } = await roleTrusting();
    const tester = testerFor([rgwPort()]);
    expect(
      await testerFor([1]).probeRoleTrust(
        targetFor({ bucket }, via(keysOf('tester'))),
      ),
    ).toMatchObject({
      result: 'unknown',
      reason: expect.stringContaining('the endpoint is refused'),
    });
    const noSecret = via({
      method: 'access-key',
      accessKeyId: getTestS3().users.tester.accessKeyId,
    });
    expect(
      await tester.probeRoleTrust(targetFor({ bucket }, noSecret)),
    ).toMatchObject({
      result: 'unknown',
      reason: 'No secret access key is stored for this access key ID',
    });
    expect(
      await tester.probeRoleTrust(targetFor({ bucket }, keysOf('tester'))),
    ).toMatchObject({ result: 'unknown' });
  });
});
