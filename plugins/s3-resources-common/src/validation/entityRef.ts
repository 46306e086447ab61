import { stringifyEntityRef } from '@backstage/catalog-model';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

// Backstage's own entity naming rules (catalog-model's validators).
const KIND = /^[a-zA-Z][a-z0-9A-Z]{0,62}$/;
const NAMESPACE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/;

/**
 * Which kinds a reference may name, and the kind assumed when it names none.
 *
 * @public
 */
export type EntityRefRule = {
  kinds: readonly string[];
  defaultKind?: string;
};

/**
 * An owner: a group or a user; `team-a` means `group:default/team-a`, as in the catalog.
 *
 * @public
 */
export const OWNER_REF: EntityRefRule = {
  kinds: ['group', 'user'],
  defaultKind: 'group',
};

/**
 * A system; `payments` means `system:default/payments`.
 *
 * @public
 */
export const SYSTEM_REF: EntityRefRule = {
  kinds: ['system'],
  defaultKind: 'system',
};

/**
 * The catalog entity of a resource.
 *
 * @public
 */
export const RESOURCE_REF: EntityRefRule = {
  kinds: ['resource'],
  defaultKind: 'resource',
};

type Parsed =
  | { kind: string; namespace: string; name: string }
  | { violation: { rule: string; message: string } };

function parse(ref: string, rule: EntityRefRule): Parsed {
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  const example = `${rule.kinds[0]}:default/name`;
  if (!m) {
    return {
      violation: {
        rule: 'entity-ref-format',
        message: `must be an entity ref like ${example}`,
      },
    };
  }
  const [, kind = rule.defaultKind, namespace = 'default', name] = m;
  if (!kind) {
    return {
      violation: {
        rule: 'entity-ref-kind',
        message: `must name its kind (${rule.kinds.join(
          ' or ',
        )}), e.g. ${example}`,
      },
    };
  }
  const allowed = rule.kinds.map(k => k.toLowerCase());
  if (!KIND.test(kind) || !allowed.includes(kind.toLowerCase())) {
    return {
      violation: {
        rule: 'entity-ref-kind',
        message: `must refer to a ${rule.kinds.join(
          ' or ',
        )} (got kind "${kind}")`,
      },
    };
  }
  // refs compare case-insensitively in the catalog: Default is default
  if (namespace.length > 63 || !NAMESPACE.test(namespace.toLowerCase())) {
    return {
      violation: {
        rule: 'entity-ref-namespace',
        message:
          'has an invalid namespace: lowercase letters, digits and single hyphens, at most 63',
      },
    };
  }
  if (name.length > 63 || !NAME.test(name)) {
    return {
      violation: {
        rule: 'entity-ref-name',
        message:
          'has an invalid name: letters, digits and - _ . inside, at most 63 characters',
      },
    };
  }
  return { kind, namespace, name };
}

/**
 * An entity ref `[kind:][namespace/]name` whose kind is one of `rule.kinds`.
 * Without `defaultKind` the kind must be written out.
 *
 * @public
 */
export function validateEntityRef(
  ref: string,
  rule: EntityRefRule,
  field = 'owner',
): RuleViolation | undefined {
  const parsed = parse(ref, rule);
  return 'violation' in parsed
    ? violationsFor(field)(parsed.violation.rule, parsed.violation.message)
    : undefined;
}

/**
 * The one spelling of a valid ref: `kind:namespace/name`, lowercase, as
 * catalog-model's stringifyEntityRef writes it and as the catalog compares
 * refs. `media-pipeline`, `system:media-pipeline` and
 * `System:default/Media-Pipeline` all become `system:default/media-pipeline`.
 * Undefined when the ref breaks a rule (validateEntityRef says which).
 *
 * @public
 */
export function canonicalEntityRef(
  ref: string,
  rule: EntityRefRule,
): string | undefined {
  const parsed = parse(ref, rule);
  if ('violation' in parsed) return undefined;
  return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
}
