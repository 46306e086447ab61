import {
  RouteSpec,
  errorResponseSchema,
} from '@s3-resources/plugin-s3-resources-common';
import express from 'express';
import { z } from 'zod';

/** An answer the contract does not describe: a bug of the server. */
export class ContractViolation extends Error {
  constructor(route: RouteSpec, status: number, detail: string) {
    super(
      `${route.method.toUpperCase()} ${
        route.path
      } answered ${status} outside the contract: ${detail}`,
    );
    this.name = 'ContractViolation';
  }
}

function problems(schema: z.ZodTypeAny, body: unknown): string | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 5)
    .map(i => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

/**
 * Checks every JSON answer and NDJSON line of this response against the
 * route's contract, and throws a ContractViolation instead of sending one
 * that breaks it. Errors are checked against the common error body.
 */
export function checkAnswers(route: RouteSpec, res: express.Response): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const status = res.statusCode;
    const schema =
      status >= 400 ? errorResponseSchema : route.responses[status];
    if (!schema) {
      throw new ContractViolation(route, status, 'status not in the contract');
    }
    const found = problems(schema, body);
    if (found) throw new ContractViolation(route, status, found);
    return json(body);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    const type = String(res.getHeader('content-type') ?? '');
    if (route.stream && type.startsWith('application/x-ndjson')) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const found = problems(route.stream, JSON.parse(line));
        if (found) throw new ContractViolation(route, res.statusCode, found);
      }
    }
    return write(chunk, ...rest);
  }) as typeof res.write;
}

/** Answers are checked where a broken one should fail loudly: tests and development. */
export function checksAnswersByDefault(): boolean {
  return ['test', 'development'].includes(process.env.NODE_ENV ?? '');
}
