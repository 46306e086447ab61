/** The most a run may do; the next run goes on from where it stopped. */
export type StorageScanBudget = {
  /** Objects, versions (delete markers included) and uploads listed. */
  maxKeys: number;
  maxMs: number;
  /** Calls to the bucket, ListParts pages included. */
  maxRequests: number;
};

/** Ends a listing: the run's budget is spent (not an error). */
export class BudgetSpent {}

/**
 * What a run may still spend, shared by the listings that go on at once.
 * A page reserves the keys it may list before it is sent, so the run never
 * lists more than its budget.
 */
export class ScanSpending {
  requests = 0;
  keys = 0;
  private reserved = 0;
  private halted = false;
  private readonly deadline: number;

  constructor(
    private readonly budget: StorageScanBudget,
    readonly signal?: AbortSignal,
  ) {
    this.deadline = Date.now() + budget.maxMs;
  }

  /** After a failure: the other listings stop after their calls under way. */
  halt() {
    this.halted = true;
  }

  /** Nothing more may be sent in this run. */
  get exhausted(): boolean {
    return (
      this.requests >= this.budget.maxRequests ||
      Date.now() >= this.deadline ||
      this.keys >= this.budget.maxKeys
    );
  }

  /** Takes one request, or ends the listing when none is left. */
  request() {
    if (
      this.halted ||
      this.requests >= this.budget.maxRequests ||
      Date.now() >= this.deadline
    ) {
      throw new BudgetSpent();
    }
    this.requests++;
  }

  /** Keys a page may list: up to `page`, within what is left. */
  reserveKeys(page: number): number {
    const left = this.budget.maxKeys - this.keys - this.reserved;
    if (left <= 0 || this.halted) throw new BudgetSpent();
    const n = Math.min(page, left);
    this.reserved += n;
    return n;
  }

  /** Gives back a page's reservation, once what it listed is counted. */
  releaseKeys(n: number) {
    this.reserved -= n;
  }

  counted(state: { keysScanned: number }, n: number) {
    this.keys += n;
    state.keysScanned += n;
  }
}
