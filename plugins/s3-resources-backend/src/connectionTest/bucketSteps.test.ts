import {
  CreateResourceRequest,
  STEP_IDS,
  applyCreateDefaults,
} from '@s3-resources/plugin-s3-resources-common';
import { BUCKET_STEPS, needsNoNetwork } from './bucketSteps';

function settingsOf(request: Partial<CreateResourceRequest>) {
  const { auth: _auth, ...settings } = applyCreateDefaults(
    {
      name: 'steps',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      bucket: 'steps-bucket',
      endpoint: 'http://127.0.0.1:7480',
      auth: { method: 'access-key', accessKeyId: 'x' },
      ...request,
    } as CreateResourceRequest,
    'http://localhost:3000',
  );
  return settings;
}

const offline = (
  request: Partial<CreateResourceRequest>,
  writeProbe: boolean,
) =>
  BUCKET_STEPS.map(([id]) => id).filter(id =>
    needsNoNetwork(id, settingsOf(request), writeProbe),
  );

describe('BUCKET_STEPS', () => {
  it('lists the bucket steps in the order a run shows them', () => {
    expect(BUCKET_STEPS.map(([id]) => id)).toEqual(
      STEP_IDS.slice(STEP_IDS.indexOf('bucket')),
    );
  });
});

describe('needsNoNetwork', () => {
  it('spares the write probe unless requested, and for read-only access', () => {
    const writer = { accessLevel: 'read-write' } as const;
    expect(offline(writer, false)).toContain('write');
    expect(offline(writer, true)).not.toContain('write');
    expect(offline({ accessLevel: 'read' }, true)).toContain('write');
  });

  it('spares CORS without origins, and ownership and the bucket ACL where the provider has no ACLs', () => {
    const writer = { accessLevel: 'read-write' } as const;
    expect(offline(writer, true)).toEqual([]);
    expect(offline({ ...writer, cors: { origins: [] } }, true)).toEqual([
      'cors',
    ]);
    expect(offline({ ...writer, provider: 'r2' }, true)).toEqual([
      'ownership',
      'bucket-acl',
    ]);
  });
});
