import {
  RouteStreamLine,
  TestRun,
  TestStepResult,
  s3ResourcesContract as api,
} from '@s3-resources/plugin-s3-resources-common';
import express from 'express';
import Router from 'express-promise-router';
import { ANSWERED, ServeOptions, serveRoute } from '../contract/serveRoute';
import { ConnectionTestService } from '../service/ConnectionTestService';
import { respondWithProgress } from './ndjsonProgress';

/** One line of a streamed test. */
export type TestStreamLine = RouteStreamLine<typeof api.testResource>;

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
  serve: ServeOptions;
  tests: ConnectionTestService;
}) {
  const { serve, tests } = options;
  const router = Router();

  serveRoute(router, serve, api.testResource, async input => {
    const { params, body, request, response, credentials } = input;
    await respond(request, response, hooks =>
      tests.testResource(
        params.id,
        { writeProbe: body.writeProbe, auth: body.auth, ...hooks },
        { credentials, request },
      ),
    );
    return ANSWERED;
  });

  serveRoute(router, serve, api.listTestRuns, ({ params, query, ...ctx }) =>
    tests.history(params.id, query, ctx),
  );

  /** An unsaved configuration: the create-request body, secret included; nothing is stored. */
  serveRoute(router, serve, api.testConfiguration, async input => {
    const { query, body, request, response, credentials } = input;
    await respond(request, response, hooks =>
      tests.testConfiguration(
        body,
        { writeProbe: query.writeProbe, ...hooks },
        { credentials, request },
      ),
    );
    return ANSWERED;
  });

  return router;
}
