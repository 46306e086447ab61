import { Config } from '@backstage/config';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A base URL that is set and names no loopback host. */
function pointsElsewhere(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    return !LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return true;
  }
}

/**
 * Whether encryption keys must be production keys: configured (no random
 * per-process key) and not the public development key of app-config.yaml.
 * True everywhere but local development, which needs both NODE_ENV
 * `development` or `test` and the app's and backend's base URLs on loopback:
 * an unset or unusual NODE_ENV, or a deployment reached under a real name,
 * keeps the safeguards. `s3Resources.encryption.requireProductionKeys`
 * keeps them in local development too.
 */
export function requiresProductionKeys(
  config: Config,
  nodeEnv: string | undefined,
): boolean {
  if (
    config.getOptionalBoolean('s3Resources.encryption.requireProductionKeys')
  ) {
    return true;
  }
  if (nodeEnv !== 'development' && nodeEnv !== 'test') return true;
  return (
    pointsElsewhere(config.getOptionalString('app.baseUrl')) ||
    pointsElsewhere(config.getOptionalString('backend.baseUrl'))
  );
}
