import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** A key-encryption key from config. */
type KeyEncryptionKey = { id: string; key: Buffer };

/** What is stored per row: the data key wrapped by a key-encryption key, and the data. */
export type SecretEnvelope = {
  v: 1;
  /** Id of the key-encryption key that wrapped the data key. */
  kid: string;
  /** Wrapped data key: iv | tag | ciphertext, base64. */
  wk: string;
  /** Encrypted data: iv | tag | ciphertext, base64. */
  ct: string;
};

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
/**
 * GCM accepts tags as short as 4 bytes unless told the length: without it,
 * a value cut short would be checked against a truncated tag.
 */
const TAG_BYTES = 16;

/** The public key of app-config.yaml's development setup; never valid in production. */
const DEV_ONLY_KEY = 'ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=';

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

function open(key: Buffer, sealed: string, aad: Buffer): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) {
    throw new Error(
      `sealed value of ${
        raw.length
      } bytes is shorter than a nonce and a full authentication tag (${
        IV_BYTES + TAG_BYTES
      } bytes): it is truncated or corrupt`,
    );
  }
  const decipher = createDecipheriv(ALGORITHM, key, raw.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([
    decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]);
}

/**
 * Envelope encryption of resource secrets (AES-256-GCM): a fresh data key per
 * record, wrapped by the newest key-encryption key from config. The record id
 * is bound as associated data, so a ciphertext copied to another row does not
 * decrypt.
 */
export class SecretBox {
  readonly #keys: KeyEncryptionKey[];

  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      /** Refuse to start without keys or with the public development key (see requiresProductionKeys). */
      production: boolean;
    },
  ): SecretBox {
    const keyConfigs =
      config.getOptionalConfigArray('s3Resources.encryption.keys') ?? [];
    if (keyConfigs.length === 0) {
      if (options.production) {
        throw new Error(
          's3Resources.encryption.keys is not configured: refusing to start in production (anything but local development) without a key to encrypt resource secrets',
        );
      }
      options.logger.warn(
        'No s3Resources.encryption.keys configured; using a random key for this process only. Stored secrets will not decrypt after a restart. Configure a key for anything but a throw-away dev database.',
      );
      return new SecretBox([
        {
          id: `ephemeral-${randomBytes(4).toString('hex')}`,
          key: randomBytes(32),
        },
      ]);
    }
    const keys = keyConfigs.map((c, index) => {
      const id = c.getString('id');
      const secret = c.getString('secret');
      if (options.production && secret === DEV_ONLY_KEY) {
        throw new Error(
          `s3Resources.encryption.keys[${index}] (id "${id}") is the public development key; refusing to start in production (anything but local development) with it`,
        );
      }
      const key = Buffer.from(secret, 'base64');
      if (key.length !== 32) {
        throw new Error(
          `s3Resources.encryption.keys[${index}] (id "${id}"): secret must be 32 bytes, base64-encoded (got ${key.length} bytes); generate one with: openssl rand -base64 32`,
        );
      }
      return { id, key };
    });
    const ids = new Set(keys.map(k => k.id));
    if (ids.size !== keys.length) {
      throw new Error('s3Resources.encryption.keys: key ids must be unique');
    }
    return new SecretBox(keys);
  }

  static forTesting(keys: Array<{ id: string; secret: Buffer }>): SecretBox {
    return new SecretBox(keys.map(k => ({ id: k.id, key: k.secret })));
  }

  private constructor(keys: KeyEncryptionKey[]) {
    this.#keys = keys;
  }

  /** Id of the key new secrets are encrypted under (the first configured). */
  get activeKeyId(): string {
    return this.#keys[0].id;
  }

  /**
   * Keys for another use of the key-encryption keys (HKDF-SHA256 with the
   * purpose as info), newest first: what a key signs keeps verifying while
   * older keys are still listed.
   */
  derivedKeys(purpose: string): Buffer[] {
    return this.#keys.map(k =>
      Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), purpose, 32)),
    );
  }

  hasKey(id: string): boolean {
    return this.#keys.some(k => k.id === id);
  }

  encrypt(plaintext: string, recordId: string): SecretEnvelope {
    const kek = this.#keys[0];
    const dataKey = randomBytes(32);
    const aad = Buffer.from(`s3-resources:${recordId}`);
    const envelope: SecretEnvelope = {
      v: 1,
      kid: kek.id,
      wk: seal(kek.key, dataKey, aad),
      ct: seal(dataKey, Buffer.from(plaintext, 'utf8'), aad),
    };
    dataKey.fill(0);
    return envelope;
  }

  decrypt(envelope: SecretEnvelope, recordId: string): string {
    const kek = this.#keys.find(k => k.id === envelope.kid);
    if (!kek) {
      throw new Error(
        `secret of resource ${recordId} is encrypted with key "${envelope.kid}", which is not configured`,
      );
    }
    const aad = Buffer.from(`s3-resources:${recordId}`);
    const dataKey = open(kek.key, envelope.wk, aad);
    try {
      return open(dataKey, envelope.ct, aad).toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }

  /** True when the envelope is not under the active key (a rotation candidate). */
  needsRotation(envelope: SecretEnvelope): boolean {
    return envelope.kid !== this.activeKeyId;
  }

  /** Re-wraps the data under the active key. */
  rotate(envelope: SecretEnvelope, recordId: string): SecretEnvelope {
    return this.encrypt(this.decrypt(envelope, recordId), recordId);
  }

  /** Constant-time comparison of two secrets (e.g. "is this the stored one?"). */
  static equals(a: string, b: string): boolean {
    const ba = Buffer.from(a);
    const bb = Buffer.from(b);
    return ba.length === bb.length && timingSafeEqual(ba, bb);
  }
}
