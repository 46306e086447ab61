import { ConfigReader } from '@backstage/config';
import dns from 'node:dns';
import { classifyAddress } from './addresses';
import { EndpointPolicy, guardedLookup } from './EndpointPolicy';

const policy = EndpointPolicy.create([
  { host: 's3.example.com', allowHttp: false, allowPrivateAddresses: false },
  {
    host: '*.r2.cloudflarestorage.com',
    allowHttp: false,
    allowPrivateAddresses: false,
  },
  {
    host: 'minio.internal.example',
    ports: [9000],
    allowHttp: true,
    allowPrivateAddresses: true,
  },
  {
    host: '127.0.0.1',
    ports: [7480],
    allowHttp: true,
    allowPrivateAddresses: true,
  },
  {
    host: '10.1.2.3',
    allowHttp: false,
    allowPrivateAddresses: false,
  },
]);

const ruleOf = (endpoint: string) => {
  const decision = policy.check(endpoint);
  return decision.allowed ? 'allowed' : decision.violation.rule;
};

describe('EndpointPolicy.check', () => {
  it.each([
    ['https://s3.example.com', 'allowed'],
    ['https://S3.Example.com/', 'allowed'],
    ['https://s3.example.com:443/', 'allowed'],
    ['https://acct.r2.cloudflarestorage.com', 'allowed'],
    ['https://a.b.r2.cloudflarestorage.com', 'allowed'],
    ['https://r2.cloudflarestorage.com', 'endpoint-not-allowed'],
    [
      'https://evilr2.cloudflarestorage.com.attacker.example',
      'endpoint-not-allowed',
    ],
    ['http://minio.internal.example:9000', 'allowed'],
    ['http://127.0.0.1:7480', 'allowed'],
    ['http://127.0.0.1:7481', 'endpoint-port-not-allowed'],
    ['https://s3.example.com:8443', 'endpoint-port-not-allowed'],
    ['http://s3.example.com', 'endpoint-http-not-allowed'],
    ['http://s3.example.com:443', 'endpoint-port-not-allowed'],
    ['https://10.1.2.3', 'endpoint-private-address'],
    ['https://other.example.com', 'endpoint-not-allowed'],
    // scheme and shape, refused before anything else
    ['ftp://s3.example.com', 'endpoint-scheme'],
    ['file:///etc/passwd', 'endpoint-scheme'],
    ['gopher://127.0.0.1:7480/', 'endpoint-scheme'],
    ['s3.example.com', 'endpoint-url'],
    ['https://s3.example.com?x=1', 'endpoint-query'],
    // user@host tricks
    ['http://127.0.0.1:7480@evil.example', 'endpoint-userinfo'],
    ['http://evil.example@127.0.0.1:7480', 'endpoint-userinfo'],
    ['https://s3.example.com\\@127.0.0.1:7480', 'endpoint-host-noncanonical'],
    // the metadata address in every spelling: never
    ['http://169.254.169.254', 'endpoint-metadata-address'],
    ['http://169.254.169.254:7480', 'endpoint-metadata-address'],
    ['http://2852039166', 'endpoint-metadata-address'],
    ['http://0xA9FEA9FE', 'endpoint-metadata-address'],
    ['http://0xa9.0xfe.0xa9.0xfe', 'endpoint-metadata-address'],
    ['http://0251.0376.0251.0376', 'endpoint-metadata-address'],
    ['http://169.254.43518', 'endpoint-metadata-address'],
    ['http://[::ffff:169.254.169.254]', 'endpoint-metadata-address'],
    ['http://[::ffff:a9fe:a9fe]', 'endpoint-metadata-address'],
    ['http://[0:0:0:0:0:ffff:169.254.169.254]', 'endpoint-metadata-address'],
    ['http://[64:ff9b::169.254.169.254]', 'endpoint-metadata-address'],
    ['http://[fd00:ec2::254]', 'endpoint-metadata-address'],
    ['http://169.254.170.2', 'endpoint-metadata-address'],
    ['http://%31%36%39.254.169.254', 'endpoint-metadata-address'],
    // other spellings of an allowed loopback entry are refused too
    ['http://2130706433:7480', 'endpoint-host-noncanonical'],
    ['http://0x7f000001:7480', 'endpoint-host-noncanonical'],
    ['http://0177.0.0.1:7480', 'endpoint-host-noncanonical'],
    ['http://127.1:7480', 'endpoint-host-noncanonical'],
    ['http://[::ffff:127.0.0.1]:7480', 'endpoint-host-noncanonical'],
    ['http://127.000.000.001:7480', 'endpoint-host-noncanonical'],
  ])('%s → %s', (endpoint, rule) => {
    expect(ruleOf(endpoint)).toBe(rule);
  });

  describe('link-local and metadata addresses, whatever the allow-list says', () => {
    const permissive = EndpointPolicy.create(
      [
        '169.254.1.1',
        '169.254.169.254',
        '169.254.170.23',
        '100.100.100.200',
        'fe80::1',
        'febf::1',
        'fd00:ec2::254',
        'fd00:ec2::23',
      ].map(host => ({
        host,
        allowHttp: true,
        allowPrivateAddresses: true,
      })),
    );
    it.each([
      ['http://169.254.1.1', 'endpoint-link-local-address'],
      ['http://169.254.0.1', 'endpoint-link-local-address'],
      ['http://169.254.255.254', 'endpoint-link-local-address'],
      ['http://2851995905', 'endpoint-link-local-address'],
      ['http://[::ffff:169.254.1.1]', 'endpoint-link-local-address'],
      ['http://[::ffff:a9fe:101]', 'endpoint-link-local-address'],
      ['http://[64:ff9b::a9fe:101]', 'endpoint-link-local-address'],
      ['http://[2002:a9fe:101::1]', 'endpoint-link-local-address'],
      ['http://[fe80::1]', 'endpoint-link-local-address'],
      ['http://[FE80::1]', 'endpoint-link-local-address'],
      ['http://[febf::1]', 'endpoint-link-local-address'],
      ['http://169.254.169.254', 'endpoint-metadata-address'],
      ['http://169.254.170.23', 'endpoint-metadata-address'],
      ['http://100.100.100.200', 'endpoint-metadata-address'],
      ['http://[::a9fe:a9fe]', 'endpoint-metadata-address'],
      ['http://[fd00:ec2::254]', 'endpoint-metadata-address'],
      ['http://[fd00:ec2:0:0:0:0:0:254]', 'endpoint-metadata-address'],
      ['http://[FD00:0EC2::0254]', 'endpoint-metadata-address'],
      ['http://[fd00:ec2::23]', 'endpoint-metadata-address'],
    ])('%s → %s', (endpoint, rule) => {
      const decision = permissive.check(endpoint);
      expect(decision.allowed ? 'allowed' : decision.violation.rule).toBe(rule);
      expect(decision.allowed || decision.violation.message).toContain(
        'never allowed',
      );
    });
  });

  it('allows everything with no custom endpoint (Amazon S3)', () => {
    expect(policy.check(undefined)).toEqual({ allowed: true });
  });

  it('refuses every custom endpoint when the allow-list is empty', () => {
    const empty = EndpointPolicy.fromConfig(new ConfigReader({}));
    const decision = empty.check('https://s3.example.com');
    expect(decision).toMatchObject({
      allowed: false,
      violation: {
        field: 'endpoint',
        rule: 'endpoint-not-allowed',
        message: expect.stringContaining(
          's3Resources.endpoints.allow is empty',
        ),
      },
    });
  });

  it('normalises what the SDK is given and names the entry', () => {
    expect(policy.check('http://127.0.0.1:7480/')).toEqual({
      allowed: true,
      endpoint: {
        url: 'http://127.0.0.1:7480',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 7480,
        allowPrivateAddresses: true,
        entry:
          '127.0.0.1 (ports 7480; http allowed; private addresses allowed)',
      },
    });
  });

  it('throws a 400 naming the field and rule for create and update', () => {
    expect(() => policy.assertAllowed('https://other.example.com')).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(
          /^endpoint: .*\[endpoint-not-allowed\]$/,
        ),
      }),
    );
    expect(() => policy.assertAllowed('https://s3.example.com')).not.toThrow();
  });

  it('reads and validates the allow-list from config', () => {
    const fromConfig = EndpointPolicy.fromConfig(
      new ConfigReader({
        s3Resources: {
          endpoints: {
            allow: [
              { host: 'S3.Example.com' },
              { host: '*.wasabisys.com', ports: [443, 8443] },
            ],
          },
        },
      }),
    );
    expect(fromConfig.check('https://s3.example.com').allowed).toBe(true);
    expect(fromConfig.check('https://s3.eu.wasabisys.com:8443').allowed).toBe(
      true,
    );
    for (const host of [
      'https://s3.example.com',
      's3.example.com/x',
      '*',
      'a.*.com',
    ]) {
      expect(() =>
        EndpointPolicy.fromConfig(
          new ConfigReader({
            s3Resources: { endpoints: { allow: [{ host }] } },
          }),
        ),
      ).toThrow(/s3Resources\.endpoints\.allow\[0\]\.host/);
    }
    expect(() =>
      EndpointPolicy.fromConfig(
        new ConfigReader({
          s3Resources: {
            endpoints: { allow: [{ host: 'a.com', ports: [0] }] },
          },
        }),
      ),
    ).toThrow(/ports/);
  });
});

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fd00:ec2::23', 'metadata'],
    ['169.254.170.23', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2002:0a00:0001::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '52.216.1.1',
    '2600:1f18::1',
    '::ffff:8.8.8.8',
  ])('%s is public', ip => {
    expect(classifyAddress(ip)).toBeUndefined();
  });
});

describe('guardedLookup', () => {
  afterEach(() => jest.restoreAllMocks());
  const lookup = (allowPrivate: boolean, host: string) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>(
      resolve =>
        guardedLookup(allowPrivate)(host, { all: true }, (err, address) =>
          resolve({ err, address }),
        ),
    );

  it('refuses a name that resolves to loopback unless private addresses are allowed', async () => {
    const refused = await lookup(false, 'localhost');
    expect(refused.err).toMatchObject({
      code: 'EENDPOINTREFUSED',
      message:
        'localhost resolves to a loopback address, which the allow-list entry does not allow',
    });
    const allowed = await lookup(true, 'localhost');
    expect(allowed.err).toBeNull();
    expect(Array.isArray(allowed.address)).toBe(true);
  });

  it('refuses a name that resolves to a link-local or metadata address even when private addresses are allowed', async () => {
    for (const address of ['169.254.10.20', 'fe80::1', 'fd00:ec2::254']) {
      const family = address.includes(':') ? 6 : 4;
      jest.spyOn(dns, 'lookup').mockImplementationOnce(((
        _host: string,
        _options: unknown,
        callback: (e: null, a: dns.LookupAddress[]) => void,
      ) =>
        process.nextTick(() =>
          callback(null, [
            { address: '10.0.0.7', family: 4 },
            { address, family },
          ]),
        )) as never);
      const refused = await lookup(true, 'storage.internal.example');
      expect(refused.err).toMatchObject({ code: 'EENDPOINTREFUSED' });
    }
  });

  it('answers in the single-address form when not asked for all', async () => {
    const result = await new Promise<unknown[]>(resolve =>
      guardedLookup(true)('localhost', {}, (...args) => resolve(args)),
    );
    expect(result[0]).toBeNull();
    expect(typeof result[1]).toBe('string');
    expect([4, 6]).toContain(result[2]);
  });
});
