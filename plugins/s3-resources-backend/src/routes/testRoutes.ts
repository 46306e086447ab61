import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, serializeError } from '@backstage/errors';
import {
  TestRun,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';
import express from 'express';
import Router from 'express-promise-router';
import { ConnectionTestService } from '../service/ConnectionTestService';
import { respondWithProgress } from './ndjsonProgress';
import { integer, one } from './queryParams';

/** One line of a streamed test. */
export type TestStreamLine =
  | { type: 'step'; step: TestStepResult }
  | { type: 'run'; run: TestRun }
  | { type: 'error'; error: ReturnType<typeof serializeError> };

function writeProbeOf(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(`${field}: must be true or false`);
}

function resourceTestOptions(body: unknown): { writeProbe?: boolean } {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError(
      '(body): must be an object like { "writeProbe": true }',
    );
  }
  const { writeProbe, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) {
    throw new InputError(
      `${unknown.join(', ')}: unknown field(s) [unknown-field]`,
    );
  }
  return { writeProbe: writeProbeOf(writeProbe, 'writeProbe') };
}

/**
 * Runs `test` and answers with the TestRun as JSON, or, when the client
 * accepts NDJSON, with one line per step as steps finish and a final line
 * with the run.
 */
function respond(
  req: express.Request,
  res: express.Response,
  test: (hooks: {
    onStart?: () => void;
    onStep?: (step: TestStepResult) => void;
  }) => Promise<TestRun>,
) {
  return respondWithProgress<TestStepResult, TestRun>(
    req,
    res,
    ({ onStart, emit }) => test({ onStart, onStep: emit }),
    {
      event: (step): TestStreamLine => ({ type: 'step', step }),
      result: (run): TestStreamLine => ({ type: 'run', run }),
    },
  );
}

export function createTestRoutes(options: {
  httpAuth: HttpAuthService;
  tests: ConnectionTestService;
}) {
  const { httpAuth, tests } = options;
  const router = Router();

  router.post('/resources/:id/test', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { writeProbe } = resourceTestOptions(req.body);
    await respond(req, res, hooks =>
      tests.testResource(
        req.params.id,
        { writeProbe, ...hooks },
        { credentials, request: req },
      ),
    );
  });

  router.get('/resources/:id/tests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await tests.history(
        req.params.id,
        {
          limit: integer(req.query.limit, 'limit'),
          cursor: one(req.query.cursor, 'cursor'),
        },
        { credentials, request: req },
      ),
    );
  });

  /** An unsaved configuration: the create-request body, secret included; nothing is stored. */
  router.post('/test', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const writeProbe = writeProbeOf(
      one(req.query.writeProbe, 'writeProbe'),
      'writeProbe',
    );
    await respond(req, res, hooks =>
      tests.testConfiguration(
        req.body,
        { writeProbe, ...hooks },
        { credentials, request: req },
      ),
    );
  });

  return router;
}
