import dns from 'node:dns';
import net from 'node:net';
import { STEP_IDS } from '@s3-resources/plugin-s3-resources-common';
import { startAnswering } from '../__testUtils__/networkServers';
import {
  failed,
  local,
  step,
  target,
  tester,
  useLocalServers,
  warnings,
} from './__testUtils__/localNetwork';

// No S3 server here: local servers that misbehave on purpose.
jest.setTimeout(30_000);

describe('ConnectionTester on a misbehaving network', () => {
  const serve = useLocalServers();

  it('never follows a redirect to an internal address', async () => {
    const internal = await serve(startAnswering(200, {}, 'internal secret'));
    const redirecting = await serve(
      startAnswering(302, { location: `${internal.url}/latest/meta-data/` }),
    );
    const run = await tester([local(redirecting.port)]).run(
      target(redirecting.url),
      { initiatedBy: 'user:default/alice' },
    );
    expect(internal.connections()).toBe(0);
    expect(redirecting.connections()).toBeGreaterThan(0);
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      httpStatus: 302,
      message: expect.stringContaining('redirects are not followed'),
    });
    expect(JSON.stringify(run)).not.toContain('internal secret');
    expect(JSON.stringify(run)).not.toContain(`${internal.port}`);
  });

  describe('refuses unsafe endpoints before any network I/O', () => {
    it.each([
      [
        'decimal loopback',
        'http://2130706433:PORT',
        'endpoint-host-noncanonical',
      ],
      ['hex loopback', 'http://0x7f000001:PORT', 'endpoint-host-noncanonical'],
      [
        'octal loopback',
        'http://0177.0.0.01:PORT',
        'endpoint-host-noncanonical',
      ],
      [
        'IPv4-mapped loopback',
        'http://[::ffff:127.0.0.1]:PORT',
        'endpoint-host-noncanonical',
      ],
      [
        'user@host',
        'http://s3.example.com@127.0.0.1:PORT',
        'endpoint-userinfo',
      ],
      [
        'host@user',
        'http://127.0.0.1:PORT@s3.example.com',
        'endpoint-userinfo',
      ],
      ['disallowed scheme', 'ftp://127.0.0.1:PORT', 'endpoint-scheme'],
      ['disallowed port', 'http://127.0.0.1:1', 'endpoint-port-not-allowed'],
      ['https only', 'http://s3.example.com', 'endpoint-http-not-allowed'],
      [
        'not allow-listed',
        'https://elsewhere.example.com',
        'endpoint-not-allowed',
      ],
      ['metadata, decimal', 'http://2852039166', 'endpoint-metadata-address'],
      ['metadata, hex', 'http://0xA9FEA9FE', 'endpoint-metadata-address'],
      [
        'metadata, octal',
        'http://0251.0376.0251.0376',
        'endpoint-metadata-address',
      ],
      [
        'metadata, IPv4-mapped IPv6',
        'http://[::ffff:169.254.169.254]',
        'endpoint-metadata-address',
      ],
      [
        'metadata, plain',
        'http://169.254.169.254:PORT',
        'endpoint-metadata-address',
      ],
    ])('%s (%s) → %s', async (_what, pattern, rule) => {
      const listening = await serve(startAnswering(200, {}));
      const endpoint = pattern.replace('PORT', String(listening.port));
      const connect = jest.spyOn(net.Socket.prototype, 'connect');
      const lookup = jest.spyOn(dns, 'lookup');
      const run = await tester([
        local(listening.port),
        {
          host: 's3.example.com',
          allowHttp: false,
          allowPrivateAddresses: false,
        },
        {
          host: '169.254.169.254',
          ports: [80, listening.port],
          allowHttp: true,
          allowPrivateAddresses: true,
        },
      ]).run(target(endpoint), { initiatedBy: 'user:default/alice' });
      expect(step(run, 'endpoint')).toMatchObject({
        status: 'fail',
        errorCode: rule,
        // a sentence for people; the rule id in errorCode
        message: expect.stringMatching(
          new RegExp(`^Endpoint refused: (?!.*\\[${rule}\\]$)`),
        ),
        field: 'endpoint',
      });
      expect(
        run.steps.filter(s => s.id !== 'endpoint').map(s => s.status),
      ).toEqual(new Array(STEP_IDS.length - 1).fill('skipped'));
      expect(connect).not.toHaveBeenCalled();
      expect(lookup).not.toHaveBeenCalled();
      expect(listening.connections()).toBe(0);
    });
  });

  it('checks the resolved address at connect time (DNS rebinding cannot slip past)', async () => {
    const listening = await serve(startAnswering(200, {}));
    const run = await tester([
      {
        host: 'localhost',
        ports: [listening.port],
        allowHttp: true,
        allowPrivateAddresses: false,
      },
    ]).run(target(`http://localhost:${listening.port}`), {
      initiatedBy: 'user:default/alice',
    });
    expect(step(run, 'endpoint').status).toBe('pass');
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      errorCode: 'EndpointAddressRefused',
      message:
        'Refused by the endpoint policy: localhost resolves to a loopback address, which the allow-list entry does not allow',
    });
    expect(listening.connections()).toBe(0);
    // the address is for operators: in the log, not in the run
    expect(JSON.stringify(run)).not.toMatch(/127\.0\.0\.1|::1/);
    expect(warnings()).toContainEqual(
      expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1)/),
    );
  });

  it('refuses at connect time a name that resolves to a link-local address, even when its entry allows private addresses', async () => {
    const host = 'storage.internal.example';
    const lookup = jest
      .spyOn(dns, 'lookup')
      .mockImplementation(((
        _host: string,
        _options: unknown,
        callback: (error: null, addresses: dns.LookupAddress[]) => void,
      ) =>
        process.nextTick(() =>
          callback(null, [{ address: '169.254.10.20', family: 4 }]),
        )) as never);
    const run = await tester([
      { host, allowHttp: true, allowPrivateAddresses: true },
    ]).run(target(`http://${host}`), { initiatedBy: 'user:default/alice' });
    expect(step(run, 'endpoint').status).toBe('pass');
    expect(lookup).toHaveBeenCalled();
    expect(failed(run)).toEqual(['bucket']);
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      errorCode: 'EndpointAddressRefused',
      message:
        'Refused by the endpoint policy: storage.internal.example resolves to a link-local address, which is never allowed',
    });
    expect(JSON.stringify(run)).not.toContain('169.254.10.20');
    expect(warnings()).toContainEqual(
      expect.stringContaining(
        'storage.internal.example resolves to 169.254.10.20',
      ),
    );
  });

  it('never sends credentials to another origin, even when the environment points the SDK elsewhere', async () => {
    const listening = await serve(startAnswering(200, {}));
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = listening.url;
    try {
      const run = await tester([]).run(
        target(undefined, { provider: 'aws', bucket: 'some-bucket' }),
        { initiatedBy: 'user:default/alice' },
      );
      // STS is the first call to leave; the bucket calls would have too
      expect(failed(run)).toEqual(['credentials']);
      expect(step(run, 'credentials')).toMatchObject({
        errorCode: 'EndpointAddressRefused',
        message: expect.stringContaining("would leave the endpoint's origin"),
      });
      // where it would have gone is for operators (the log), not for users
      expect(JSON.stringify(run)).not.toContain(listening.url.slice(7));
      expect(warnings()).toContainEqual(
        expect.stringContaining(listening.url.slice(7)),
      );
      expect(step(run, 'bucket')).toMatchObject({
        status: 'skipped',
        message:
          "Not run: the endpoint policy refused the endpoint's address (see Credentials)",
      });
      expect(listening.connections()).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  describe('aws-account credentials', () => {
    it('fails clearly when the account is not configured', async () => {
      const run = await tester([]).run(
        {
          ...target(undefined, { provider: 'aws', bucket: 'some-bucket' }),
          auth: { method: 'aws-account', accountId: '123456789012' },
        },
        { initiatedBy: 'user:default/alice' },
      );
      expect(step(run, 'credentials')).toMatchObject({
        status: 'fail',
        errorCode: 'CredentialsNotConfigured',
        message:
          'No AWS account 123456789012 is configured under aws.accounts in app-config',
      });
      expect(step(run, 'bucket').status).toBe('skipped');
    });

    it("never uses the backend's ambient credentials unless allowed", async () => {
      const config = { aws: { accounts: [{ accountId: '123456789012' }] } };
      const lookup = jest.spyOn(dns, 'lookup');
      const run = await tester([], {}, config).run(
        {
          ...target(undefined, { provider: 'aws', bucket: 'some-bucket' }),
          auth: { method: 'aws-account', accountId: '123456789012' },
        },
        { initiatedBy: 'user:default/alice' },
      );
      expect(step(run, 'credentials')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining(
          "would use the backend's ambient credentials",
        ),
        remediation: expect.stringContaining('allowAmbientCredentials'),
      });
      expect(lookup).not.toHaveBeenCalled();
    });
  });
});
