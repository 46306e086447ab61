import { ConfigReader } from '@backstage/config';
import { DEFAULT_TIMEOUTS, readTimeouts } from './timeouts';

const config = (connectionTest: object) =>
  new ConfigReader({ s3Resources: { connectionTest } });

describe('readTimeouts', () => {
  it('uses the defaults where app-config sets nothing', () => {
    expect(readTimeouts(undefined)).toEqual(DEFAULT_TIMEOUTS);
    expect(readTimeouts(new ConfigReader({}))).toEqual(DEFAULT_TIMEOUTS);
  });

  it('takes each configured timeout, the defaults for the others', () => {
    expect(readTimeouts(config({ deadlineMs: 20_000 }))).toEqual({
      ...DEFAULT_TIMEOUTS,
      deadlineMs: 20_000,
    });
  });

  it.each([0, -1])('refuses %p milliseconds, naming the key', value => {
    expect(() => readTimeouts(config({ requestTimeoutMs: value }))).toThrow(
      's3Resources.connectionTest.requestTimeoutMs: must be a positive number of milliseconds',
    );
  });
});
