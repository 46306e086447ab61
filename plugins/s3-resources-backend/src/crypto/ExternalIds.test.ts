import { validateExternalId } from '@s3-resources/plugin-s3-resources-common';
import { EXTERNAL_ID_VALID_DAYS, ExternalIds } from './ExternalIds';
import { SecretBox } from './SecretBox';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('ExternalIds', () => {
  let now = Date.parse('2026-12-01T00:00:00Z');
  const box = (secret: number) =>
    SecretBox.forTesting([{ id: 'k', secret: Buffer.alloc(32, secret) }]);
  const ids = ExternalIds.fromSecretBox(box(1), { now: () => now });

  it('issues ids in STS charset that verify for their holder only', () => {
    const id = ids.issue('user:default/alice');
    expect(validateExternalId(id)).toBeUndefined();
    expect(ids.issuedTo(id, 'user:default/alice')).toBe(true);
    expect(ids.issuedTo(id, 'user:default/bob')).toBe(false);
    expect(ids.issue('user:default/alice')).not.toBe(id);
  });

  it('refuses an id once it has expired, a tampered one and one of another key', () => {
    const id = ids.issue('user:default/alice');
    const issuedAt = now;
    now = issuedAt + (EXTERNAL_ID_VALID_DAYS - 1) * DAY_MS;
    expect(ids.issuedTo(id, 'user:default/alice')).toBe(true);
    now = issuedAt + (EXTERNAL_ID_VALID_DAYS + 1) * DAY_MS;
    expect(ids.issuedTo(id, 'user:default/alice')).toBe(false);
    now = issuedAt;
    // a later expiry written into the id breaks its MAC
    const [random, , mac] = id.split('.');
    const extended = `${random}.${(
      Math.ceil(now / 1000) +
      10 * 365 * 86400
    ).toString(36)}.${mac}`;
    expect(ids.issuedTo(extended, 'user:default/alice')).toBe(false);
    expect(ids.issuedTo('x'.repeat(43), 'user:default/alice')).toBe(false);
    const other = ExternalIds.fromSecretBox(box(2), { now: () => now });
    expect(other.issuedTo(id, 'user:default/alice')).toBe(false);
  });
});
