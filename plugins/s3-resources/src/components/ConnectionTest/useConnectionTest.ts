import {
  TestRun,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ConnectionTestOptions } from '../../api/S3ResourcesApi';

export type ConnectionTestState = {
  running: boolean;
  /** The results so far, in the order they arrived (TestStepList orders them). */
  steps: TestStepResult[];
  run?: TestRun;
  error?: unknown;
};

/** A step's result replaces an earlier one of the same step. */
const withStep = (steps: TestStepResult[], step: TestStepResult) => [
  ...steps.filter(s => s.id !== step.id),
  step,
];

/**
 * Runs a streamed connection test and collects its steps as they arrive.
 * A new run aborts the previous one; unmounting aborts the current one.
 */
export function useConnectionTest(
  start: (options: ConnectionTestOptions) => Promise<TestRun>,
) {
  const [state, setState] = useState<ConnectionTestState>({
    running: false,
    steps: [],
  });
  const controller = useRef<AbortController>();
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (options: { writeProbe?: boolean } = {}) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setState({ running: true, steps: [] });
      try {
        const result = await start({
          writeProbe: options.writeProbe,
          signal: current.signal,
          onStep: step => {
            if (current.signal.aborted) return;
            setState(s => ({ ...s, steps: withStep(s.steps, step) }));
          },
        });
        if (current.signal.aborted) return undefined;
        // The final run is the truth: every step, in order.
        setState({ running: false, run: result, steps: result.steps });
        return result;
      } catch (error) {
        if (current.signal.aborted) return undefined;
        setState(s => ({ ...s, running: false, error }));
        return undefined;
      }
    },
    [start],
  );

  return { ...state, start: run };
}
