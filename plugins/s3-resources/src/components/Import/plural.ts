/** "1 bucket", "3 buckets". */
export const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;
