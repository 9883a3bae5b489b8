/**
 * What a finished dial means for the lead's place in the queue (PRODUCT.md §3 and §5): an
 * answered call is done with its grade (A–D); a call that did not connect is retried by the
 * task's rule for its outcome, never after REJECTED or INVALID_NUMBER; once no retry is left it
 * fails with E, or F (多次未接通) when it was dialed more than once.
 */
import type { RetryRule, RetryableOutcome } from './settings.js';
import { RETRYABLE_OUTCOMES } from './settings.js';

export type Outcome = 'ANSWERED' | 'NO_ANSWER' | 'BUSY' | 'REJECTED' | 'INVALID_NUMBER' | 'POWERED_OFF' | 'SUSPENDED' | 'NETWORK_ERROR' | 'CANCELED';
export type GradeLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export type AfterCall =
  | { readonly state: 'DONE'; readonly grade: GradeLetter; readonly nextAttemptAt: null }
  | { readonly state: 'RETRY'; readonly grade: 'E'; readonly nextAttemptAt: number }
  | { readonly state: 'FAILED'; readonly grade: 'E' | 'F'; readonly nextAttemptAt: null };

export interface AfterCallInput {
  readonly outcome: Outcome;
  /** The dialog's grade for an answered call (null: not graded, taken as D: the callee said nothing useful). */
  readonly grade: GradeLetter | null;
  /** Dials of this lead in this task so far, this one included. */
  readonly attempts: number;
  readonly endedAt: number;
  readonly retries: Readonly<Record<RetryableOutcome, RetryRule>>;
}

const isRetryable = (o: Outcome): o is RetryableOutcome => (RETRYABLE_OUTCOMES as readonly string[]).includes(o);

export function afterCall(input: AfterCallInput): AfterCall {
  if (input.outcome === 'ANSWERED') {
    const g = input.grade === null || input.grade === 'E' || input.grade === 'F' ? 'D' : input.grade;
    return { state: 'DONE', grade: g, nextAttemptAt: null };
  }
  if (isRetryable(input.outcome)) {
    const rule = input.retries[input.outcome];
    if (input.attempts - 1 < rule.count) return { state: 'RETRY', grade: 'E', nextAttemptAt: input.endedAt + rule.intervalMs };
  }
  return { state: 'FAILED', grade: input.attempts > 1 ? 'F' : 'E', nextAttemptAt: null };
}
