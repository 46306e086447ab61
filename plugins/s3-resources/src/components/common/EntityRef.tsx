import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Text } from '@backstage/ui';
import {
  EntityRefRule,
  canonicalEntityRef,
} from '@s3-resources/plugin-s3-resources-common';

/**
 * A link to the entity a ref names. The API returns full refs; a ref that
 * breaks the rules (a row stored before refs were checked) is shown as
 * text, so one bad value never takes the page down.
 */
export function EntityRef(props: { entityRef: string; rule: EntityRefRule }) {
  const ref = canonicalEntityRef(props.entityRef, props.rule);
  if (!ref) return <Text as="span">{props.entityRef}</Text>;
  return <EntityRefLink entityRef={ref} />;
}
