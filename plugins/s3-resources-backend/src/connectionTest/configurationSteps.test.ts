import { judge, rowOf, runOf } from '../service/findingRules.fixtures';
import { settingsOf } from '../service/resourceView';
import { encryptionStep } from './configurationSteps';
import { BucketStepContext } from './stepKit';

/** A step context whose one call fails with the provider's error `code`. */
function failingWith(code: string): BucketStepContext {
  return {
    send: (async () => {
      throw Object.assign(new Error(code), {
        name: code,
        $metadata: { httpStatusCode: 404 },
      });
    }) as unknown as BucketStepContext['send'],
    settings: settingsOf(rowOf()),
    host: '127.0.0.1:7480',
    writeProbe: false,
    runId: 'run-1',
    requestTimeoutMs: 1000,
    deadlineMs: 10_000,
  };
}

describe('the encryption step and the sweep judge alike', () => {
  it('warns about a bucket without default encryption with the words and fix of the finding', async () => {
    const step = await encryptionStep(
      failingWith('ServerSideEncryptionConfigurationNotFoundError'),
    );
    const [finding] = judge({
      test: {
        run: runOf({
          encryption: { status: step.status, observed: step.observed },
        }),
      },
    }).findings.filter(f => f.kind === 'no-default-encryption');

    expect(step).toMatchObject({
      status: 'warn',
      observed: { defaultEncryption: 'none' },
    });
    expect(finding).toBeDefined();
    expect(step.message).toBe(finding.message);
    expect(step.remediation).toBe(finding.fix);
  });
});
