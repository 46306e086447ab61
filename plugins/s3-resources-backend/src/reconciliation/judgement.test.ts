import {
  TestRun,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow } from '../database/ResourceStore';
import { ghostReason, judgeSource } from './judgement';

const run = (steps: Partial<TestStepResult>[]): TestRun => ({
  id: 'r1',
  resourceId: 'res1',
  status: 'fail',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 10,
  initiatedBy: 'plugin:s3-resources',
  steps: steps.map(s => ({
    id: 'bucket',
    title: 'Bucket reachable',
    status: 'fail',
    durationMs: 1,
    message: '',
    ...s,
  })),
});

describe('ghostReason', () => {
  it('reads a missing bucket from the bucket step', () => {
    expect(
      ghostReason(run([{ errorCode: 'NoSuchBucket', httpStatus: 404 }])),
    ).toBe(
      "The bucket no longer exists: the sweep's connection test answered NoSuchBucket, HTTP 404",
    );
    expect(ghostReason(run([{ httpStatus: 404 }]))).toContain(
      'no longer exists',
    );
  });

  it('reads an endpoint that does not answer from a network error', () => {
    expect(
      ghostReason(
        run([
          {
            id: 'credentials',
            title: 'Credentials',
            errorCode: 'ECONNREFUSED',
          },
        ]),
      ),
    ).toBe(
      'The endpoint does not answer: the sweep\'s connection test failed at "Credentials" (ECONNREFUSED)',
    );
  });

  it('is no ghost when the bucket answered and a later step timed out', () => {
    expect(
      ghostReason(
        run([
          { id: 'bucket', status: 'pass' },
          { id: 'list', title: 'List', status: 'pass' },
          { id: 'write', title: 'Write probe', errorCode: 'ETIMEDOUT' },
        ]),
      ),
    ).toBeUndefined();
  });

  it('is no ghost on a denial, a pass or no test at all', () => {
    expect(
      ghostReason(run([{ errorCode: 'AccessDenied', httpStatus: 403 }])),
    ).toBeUndefined();
    expect(ghostReason(run([{ status: 'pass' }]))).toBeUndefined();
    expect(ghostReason(undefined)).toBeUndefined();
  });
});

describe('judgeSource', () => {
  it('leaves system tags out of the align command and says so', () => {
    const [entry] = judgeSource({
      source: {
        id: 's',
        provider: 'aws',
        region: 'eu-west-1',
        credential: { kind: 'aws-account', accountId: '111122223333' },
      },
      present: new Map([['b1', {}]]),
      registered: new Map([
        [
          'b1',
          [
            {
              id: 'r1',
              name: 'reports',
              prefixKey: '',
              owner: 'group:default/team-a',
              settings: {},
            } as unknown as ResourceRow,
          ],
        ],
      ]),
      tagsOf: () => ({
        tags: {
          owner: 'group:default/team-b',
          'aws:cloudformation:stack-name': 'stack',
          env: 'prod',
        },
        readAt: '2026-01-01T00:00:00.000Z',
      }),
    });
    expect(entry.kind).toBe('owner-mismatch');
    expect(entry.alignCommand).not.toContain('aws:cloudformation');
    expect(entry.alignCommand).toContain('env');
    expect(entry.message).toContain(
      'leaves out the system tags aws:cloudformation:stack-name',
    );
  });
});
