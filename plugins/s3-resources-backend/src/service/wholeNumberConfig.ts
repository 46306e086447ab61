import { Config } from '@backstage/config';

/**
 * Reads whole numbers under `path` (`s3Resources.audit`, …): the value in
 * [min, max], the default when it is absent, and otherwise an error that
 * stops the backend naming the key and the rule.
 */
export function wholeNumberReader(section: Config | undefined, path: string) {
  return (key: string, fallback: number, min: number, max: number): number => {
    const value = section?.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        `${path}.${key}: must be a whole number from ${min} to ${max}`,
      );
    }
    return value;
  };
}
