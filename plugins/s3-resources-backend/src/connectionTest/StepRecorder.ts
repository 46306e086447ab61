import {
  STEP_IDS,
  STEP_TITLES,
  StepId,
  TestStepResult,
  inStepOrder,
} from '@s3-resources/plugin-s3-resources-common';
import { StepOutcome } from './explainError';
import { sharedCauseOf } from './sharedCauses';

/** The steps every later step waits for, so the ones that find a shared cause. */
const FINDERS: StepId[] = ['credentials', 'assume-role', 'bucket'];

/**
 * Records each step of a run once, as soon as its result is final. A step
 * that failed for a cause an earlier step already reported (a missing
 * bucket, an endpoint that refuses connections or does not answer) waits for
 * that step and is shown as skipped, naming it: one cause is said once,
 * where it was found. The calls themselves still run at the same time; only
 * what is shown is decided after the fact.
 */
export class StepRecorder {
  private readonly results = new Map<StepId, TestStepResult>();
  private readonly claimed = new Set<StepId>();
  private readonly finals = new Map<
    StepId,
    { shown: Promise<StepOutcome>; resolve: (o: StepOutcome) => void }
  >();

  constructor(
    private readonly bucket: string,
    private readonly onStep?: (step: TestStepResult) => void,
  ) {}

  /** Records a step; later calls for the same step are ignored. */
  record(id: StepId, outcome: StepOutcome, durationMs: number): Promise<void> {
    if (this.claimed.has(id)) return Promise.resolve();
    this.claimed.add(id);
    const cause = sharedCauseOf(outcome.cause, this.bucket);
    if (!cause) {
      // nothing to wait for: shown at once
      this.show(id, outcome, durationMs);
      return Promise.resolve();
    }
    return this.foundBefore(id, cause.key).then(finder =>
      this.show(
        id,
        finder
          ? {
              status: 'skipped',
              message: `Not run: ${cause.says} (see ${STEP_TITLES[finder]})`,
            }
          : outcome,
        durationMs,
      ),
    );
  }

  /** The steps recorded so far, in STEP_IDS order. */
  steps(): TestStepResult[] {
    return inStepOrder([...this.results.values()]);
  }

  /** The first step before `id` that failed for the cause `key`. */
  private async foundBefore(
    id: StepId,
    key: string,
  ): Promise<StepId | undefined> {
    const before = FINDERS.filter(
      f => STEP_IDS.indexOf(f) < STEP_IDS.indexOf(id),
    );
    for (const finder of before) {
      const shown = await this.final(finder).shown;
      if (
        shown.status === 'fail' &&
        sharedCauseOf(shown.cause, this.bucket)?.key === key
      ) {
        return finder;
      }
    }
    return undefined;
  }

  private final(id: StepId) {
    let entry = this.finals.get(id);
    if (!entry) {
      let resolve: (o: StepOutcome) => void = () => {};
      const shown = new Promise<StepOutcome>(r => {
        resolve = r;
      });
      entry = { shown, resolve };
      this.finals.set(id, entry);
    }
    return entry;
  }

  private show(id: StepId, outcome: StepOutcome, durationMs: number) {
    const { cause: _cause, ...shown } = outcome;
    const step: TestStepResult = {
      id,
      title: STEP_TITLES[id],
      durationMs: Math.round(durationMs),
      ...shown,
    };
    this.results.set(id, step);
    this.final(id).resolve(outcome);
    this.onStep?.(step);
  }
}
