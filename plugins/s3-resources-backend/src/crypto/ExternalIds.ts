import { generateExternalId } from '@s3-resources/plugin-s3-resources-common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SecretBox } from './SecretBox';

const PURPOSE = 's3-resources external id v1';
const MAC_CHARS = 22;
/** How long an issued id may be used to register a resource. */
export const EXTERNAL_ID_VALID_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

function macOf(key: Buffer, body: string, holder: string): string {
  return createHmac('sha256', key)
    .update(`${body}\n${holder}`)
    .digest('base64url')
    .slice(0, MAC_CHARS);
}

/**
 * ExternalIds the portal issues before a resource exists, so the trust
 * policy a person sets up is the one the registered resource keeps. An id
 * is a random part, its expiry and a MAC binding both to the user it was
 * issued to (`<random>.<expiry>.<mac>`, in STS's charset): the API accepts
 * only ids it issued to the caller and that have not expired, never one a
 * person chose; a registered resource's id is not accepted again.
 */
export class ExternalIds {
  static fromSecretBox(
    secrets: SecretBox,
    options: { now?: () => number } = {},
  ): ExternalIds {
    return new ExternalIds(
      secrets.derivedKeys(PURPOSE),
      options.now ?? Date.now,
    );
  }

  private constructor(
    private readonly keys: Buffer[],
    private readonly now: () => number,
  ) {}

  issue(holder: string): string {
    const expires = Math.ceil(
      (this.now() + EXTERNAL_ID_VALID_DAYS * DAY_MS) / 1000,
    ).toString(36);
    const body = `${generateExternalId()}.${expires}`;
    return `${body}.${macOf(this.keys[0], body, holder)}`;
  }

  /** Whether the id was issued to this holder (by a key still listed) and has not expired. */
  issuedTo(externalId: string, holder: string): boolean {
    const dot = externalId.lastIndexOf('.');
    if (dot < 1) return false;
    const body = externalId.slice(0, dot);
    const mac = Buffer.from(externalId.slice(dot + 1));
    const signed = this.keys.some(key => {
      const expected = Buffer.from(macOf(key, body, holder));
      return expected.length === mac.length && timingSafeEqual(expected, mac);
    });
    const expires = parseInt(body.slice(body.lastIndexOf('.') + 1), 36);
    return signed && Number.isFinite(expires) && expires * 1000 > this.now();
  }
}
