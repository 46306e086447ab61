import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { TestCredentials, requireEnforcingServer } from './env';
import { randomSuffix } from './names';

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data): string | Buffer => {
  if (typeof d === 'string') return d;
  if (ArrayBuffer.isView(d)) {
    return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  }
  return Buffer.from(d);
};

class Sha256 {
  private readonly hash;
  constructor(secret?: Data) {
    this.hash = secret
      ? createHmac('sha256', bytes(secret))
      : createHash('sha256');
  }
  update(data: Data) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** A call to RGW's admin operations API (`/admin/...`), signed as the `admin` test user. */
async function adminCall(
  method: 'PUT' | 'DELETE',
  path: string,
  query: Record<string, string>,
): Promise<string> {
  const s3 = requireEnforcingServer('RGW admin operations');
  const url = new URL(s3.endpoint);
  const signer = new SignatureV4({
    service: 's3',
    region: s3.region,
    sha256: Sha256,
    credentials: s3.users.admin,
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query,
    headers: { host: url.host },
  });
  const res = await fetch(
    `${url.origin}${path}?${new URLSearchParams(query)}`,
    { method, headers: signed.headers as Record<string, string> },
  );
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`RGW admin ${method} ${path} answered ${res.status}`);
  }
  return text;
}

/** An RGW user made for one test or benchmark, removed with everything it owns. */
export type TemporaryUser = {
  uid: string;
  credentials: TestCredentials;
  /** Deletes the user, its buckets and their objects. */
  remove: () => Promise<void>;
};

/**
 * Creates a dedicated RGW user (admin operations API, as `admin`), so a test
 * can own exactly the buckets it creates: ListBuckets then shows those and no
 * others. `maxBuckets` raises RGW's default limit of 1,000 buckets per user.
 */
export async function createTemporaryUser(
  prefix = 's3r-tmp',
  options: { maxBuckets?: number } = {},
): Promise<TemporaryUser> {
  const uid = `${prefix}-${randomSuffix()}`;
  const credentials = {
    accessKeyId: `TMP${randomSuffix().toUpperCase()}${randomSuffix()
      .toUpperCase()
      .slice(0, 7)}`,
    secretAccessKey: `${randomSuffix()}${randomSuffix()}${randomSuffix()}${randomSuffix()}`,
  };
  await adminCall('PUT', '/admin/user', {
    uid,
    'display-name': uid,
    'access-key': credentials.accessKeyId,
    'secret-key': credentials.secretAccessKey,
    'max-buckets': String(options.maxBuckets ?? 1000),
  });
  return {
    uid,
    credentials,
    remove: async () => {
      await adminCall('DELETE', '/admin/user', { uid, 'purge-data': 'true' });
    },
  };
}
