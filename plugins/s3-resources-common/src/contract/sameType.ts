/**
 * Compile-time proof that a schema's output and a domain type are the same
 * shape: each assignable to the other, with the same keys. A schema that
 * drifts from its type fails `yarn tsc`.
 *
 * @public
 */
export type SameType<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;

/** @public */
export function proveSameType<_T extends true>(): void {}
