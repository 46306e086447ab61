import { BgProvider } from '@backstage/ui';
import { ReactNode } from 'react';

/**
 * The scaffolder draws its form on a white (neutral-1) paper that is not a
 * BUI surface; saying so lets the BUI inputs step up to visible backgrounds.
 */
export function FieldSurface(props: { children: ReactNode }) {
  return <BgProvider bg="neutral-1">{props.children}</BgProvider>;
}
