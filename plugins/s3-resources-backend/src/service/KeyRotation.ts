import { SecretBox } from '../crypto/SecretBox';
import { ResourceStore } from '../database/ResourceStore';

/**
 * Re-encrypts every stored secret under the active (first configured) key.
 * Safe to run while the portal is in use and on several instances: a row is
 * only rewritten if its secret is still the one that was read.
 */
export class KeyRotation {
  static create(options: { store: ResourceStore; secrets: SecretBox }) {
    return new KeyRotation(options.store, options.secrets);
  }

  private constructor(
    private readonly store: ResourceStore,
    private readonly secrets: SecretBox,
  ) {}

  async rotate(): Promise<{
    rotated: number;
    remaining: number;
    activeKeyId: string;
  }> {
    const active = this.secrets.activeKeyId;
    let rotated = 0;
    for (;;) {
      const batch = await this.store.rowsNotUnderKey(active, 100);
      if (batch.length === 0) break;
      let progressed = false;
      for (const row of batch) {
        const next = this.secrets.rotate(row.secret!, row.id);
        if (await this.store.replaceSecret(row.id, row.secret!, next)) {
          rotated++;
          progressed = true;
        }
      }
      // Rows changed by others meanwhile are picked up by the next batch.
      if (!progressed) break;
    }
    const remaining = (await this.store.rowsNotUnderKey(active, 1)).length;
    return { rotated, remaining, activeKeyId: active };
  }
}
