import { useRouteRef } from '@backstage/core-plugin-api';
import { ButtonLink } from '@backstage/ui';
import { RiAddLine } from '@remixicon/react';
import {
  REGISTER_TEMPLATE,
  REGISTER_TEMPLATE_FALLBACK_PATH,
  registerTemplateRouteRef,
} from '../../routes';

/** Opens the scaffolder template that registers a bucket. */
export function RegisterBucketButton(props: {
  variant?: 'primary' | 'secondary';
}) {
  const templateLink = useRouteRef(registerTemplateRouteRef);
  const href =
    templateLink?.(REGISTER_TEMPLATE) ?? REGISTER_TEMPLATE_FALLBACK_PATH;
  return (
    <ButtonLink
      href={href}
      variant={props.variant ?? 'primary'}
      iconStart={<RiAddLine />}
    >
      Register bucket
    </ButtonLink>
  );
}
