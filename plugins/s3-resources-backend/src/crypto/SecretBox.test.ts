import { SecretBox, SecretEnvelope } from './SecretBox';

const box = SecretBox.forTesting([{ id: 'k1', secret: Buffer.alloc(32, 7) }]);

/** The sealed value (iv | tag | ciphertext) cut to `bytes` bytes. */
const cut = (sealed: string, bytes: number) =>
  Buffer.from(sealed, 'base64').subarray(0, bytes).toString('base64');

describe('SecretBox', () => {
  it('decrypts what it encrypted, for the same record only', () => {
    const envelope = box.encrypt('s3cr3t', 'rec-1');
    expect(box.decrypt(envelope, 'rec-1')).toBe('s3cr3t');
    expect(() => box.decrypt(envelope, 'rec-2')).toThrow();
  });

  it('refuses a ciphertext whose authentication tag is cut to 4 bytes', () => {
    // An empty value seals to iv | tag alone; cut, the tag is what remains.
    const envelope = box.encrypt('', 'rec-1');
    expect(box.decrypt(envelope, 'rec-1')).toBe('');
    const truncated: SecretEnvelope = { ...envelope, ct: cut(envelope.ct, 16) };
    expect(() => box.decrypt(truncated, 'rec-1')).toThrow(
      /shorter than a nonce and a full authentication tag/,
    );
  });

  it('refuses a wrapped key whose authentication tag is cut short', () => {
    const envelope = box.encrypt('s3cr3t', 'rec-1');
    const truncated: SecretEnvelope = { ...envelope, wk: cut(envelope.wk, 20) };
    expect(() => box.decrypt(truncated, 'rec-1')).toThrow(
      /shorter than a nonce and a full authentication tag/,
    );
  });
});
