import { postgresDatabases } from '@internal/s3-test-harness';

/** A database prefix for one benchmark run; `drop()` removes its databases. */
export const benchDatabases = (label: string) =>
  postgresDatabases(`bench_${label}`);
