import { ReconciliationSource } from '@s3-resources/plugin-s3-resources-common';
import { NewEntry } from '../database/ReconciliationStore';
import { firstSeenOnce } from './Reconciliation';

const account: ReconciliationSource = {
  id: 'account',
  provider: 'ceph-rgw',
  endpoint: 'https://S3.example.test/',
  region: 'us-east-1',
  credential: { kind: 'aws-account', accountId: '111122223333' },
};
const key: ReconciliationSource = {
  id: 'key',
  provider: 'ceph-rgw',
  endpoint: 'https://s3.example.test',
  region: 'us-east-1',
  credential: {
    kind: 'resource',
    resourceId: 'r1',
    resourceName: 'alpha',
    accessKeyId: 'AKIA…1234',
  },
};
const shadow = (
  source: ReconciliationSource,
  tags?: Record<string, string>,
): NewEntry => ({
  kind: 'shadow',
  source,
  bucket: 'shadow-x',
  ...(tags ? { tags, tagOwner: 'group:default/team-a', tagKey: 'owner' } : {}),
  message: 'The bucket exists but no resource registers it',
});

describe('firstSeenOnce', () => {
  it('keeps one entry per location with the first source, whatever the endpoint spelling', () => {
    const unique = firstSeenOnce([shadow(account), shadow(key)]);
    expect([...unique.values()].map(e => e.source.id)).toEqual(['account']);
  });

  it('takes the tags a later source read when the first could not', () => {
    const unique = firstSeenOnce([
      shadow(account),
      shadow(key, { owner: 'group:default/team-a' }),
    ]);
    const [entry] = [...unique.values()];
    expect(unique.size).toBe(1);
    expect(entry.source.id).toBe('account');
    expect(entry.tagOwner).toBe('group:default/team-a');
  });
});
