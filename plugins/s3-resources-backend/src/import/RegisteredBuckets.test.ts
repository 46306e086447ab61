import { mockCredentials } from '@backstage/backend-test-utils';
import { ResourceStore } from '../database/ResourceStore';
import { ResourcePermissions } from '../service/ResourcePermissions';
import { RegisteredBuckets } from './RegisteredBuckets';

describe('RegisteredBuckets', () => {
  it('names and links only the resources the caller may read', async () => {
    const store = {
      wholeBucketsAt: jest.fn(async () => [
        { bucket: 'mine', name: 'my-resource', id: 'id-1', readable: true },
        {
          bucket: 'theirs',
          name: 'secret-project',
          id: 'id-2',
          readable: false,
        },
      ]),
    } as unknown as ResourceStore;
    const permissions = {
      listFilter: jest.fn(async () => 'all'),
    } as unknown as ResourcePermissions;
    const found = await RegisteredBuckets.create({ store, permissions }).at(
      { provider: 'ceph-rgw', endpoint: 'http://127.0.0.1:7480' },
      mockCredentials.user(),
    );
    expect(found.get('mine')).toEqual({
      name: 'my-resource',
      resourceId: 'id-1',
    });
    // taken, by a resource the caller may not see: neither its id nor its name
    expect(found.get('theirs')).toEqual({});
  });
});
