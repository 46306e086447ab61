import { RuleViolation } from './types';
import { violationsFor } from './violation';

// Backstage's own entity naming rules (catalog-model's validators).
const KIND = /^[a-zA-Z][a-z0-9A-Z]{0,62}$/;
const NAMESPACE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/;

/**
 * An entity ref `[kind:][namespace/]name` whose kind is one of `kinds`.
 * Without `defaultKind` the kind must be written out, so that owner refs
 * compare equal to the ownership refs of signed-in users.
 */
export function validateEntityRef(
  ref: string,
  context: { kinds: readonly string[]; defaultKind?: string },
  field = 'owner',
): RuleViolation | undefined {
  const fail = violationsFor(field);
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  const example = `${context.kinds[0]}:default/name`;
  if (!m) {
    return fail('entity-ref-format', `must be an entity ref like ${example}`);
  }
  const [, kind = context.defaultKind, namespace, name] = m;
  if (!kind) {
    return fail(
      'entity-ref-kind',
      `must name its kind (${context.kinds.join(' or ')}), e.g. ${example}`,
    );
  }
  const allowed = context.kinds.map(k => k.toLowerCase());
  if (!KIND.test(kind) || !allowed.includes(kind.toLowerCase())) {
    return fail(
      'entity-ref-kind',
      `must refer to a ${context.kinds.join(' or ')} (got kind "${kind}")`,
    );
  }
  if (
    namespace !== undefined &&
    (namespace.length > 63 || !NAMESPACE.test(namespace))
  ) {
    return fail(
      'entity-ref-namespace',
      'has an invalid namespace: lowercase letters, digits and single hyphens, at most 63',
    );
  }
  if (name.length > 63 || !NAME.test(name)) {
    return fail(
      'entity-ref-name',
      'has an invalid name: letters, digits and - _ . inside, at most 63 characters',
    );
  }
  return undefined;
}
