import { generateExternalId } from '@s3-resources/plugin-s3-resources-common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SecretBox } from './SecretBox';

const PURPOSE = 's3-resources external id v1';
const MAC_CHARS = 22;

function macOf(key: Buffer, id: string, holder: string): string {
  return createHmac('sha256', key)
    .update(`${id}\n${holder}`)
    .digest('base64url')
    .slice(0, MAC_CHARS);
}

/**
 * ExternalIds the portal issues before a resource exists, so the trust
 * policy a person sets up is the one the registered resource keeps. An id
 * is a random part and a MAC binding it to the user it was issued to
 * (`<random>.<mac>`, STS's charset): the API accepts only ids it issued to
 * the caller, never one a person chose.
 */
export class ExternalIds {
  static fromSecretBox(secrets: SecretBox): ExternalIds {
    return new ExternalIds(secrets.derivedKeys(PURPOSE));
  }

  private constructor(private readonly keys: Buffer[]) {}

  issue(holder: string): string {
    const id = generateExternalId();
    return `${id}.${macOf(this.keys[0], id, holder)}`;
  }

  /** Whether the id was issued to this holder (by any key still listed). */
  issuedTo(externalId: string, holder: string): boolean {
    const dot = externalId.lastIndexOf('.');
    if (dot < 1) return false;
    const id = externalId.slice(0, dot);
    const mac = Buffer.from(externalId.slice(dot + 1));
    return this.keys.some(key => {
      const expected = Buffer.from(macOf(key, id, holder));
      return expected.length === mac.length && timingSafeEqual(expected, mac);
    });
  }
}
