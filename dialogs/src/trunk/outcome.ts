/**
 * What became of a dial that did not turn into a conversation, from what SIP told us: the final
 * response (and its Reason header's Q.850 cause, which carriers fill in more honestly than the
 * status), or a timer. The vocabulary is the product's 呼叫结果 (PRODUCT.md §6); the SIP status
 * and cause are always kept beside it, because carriers map causes to statuses inconsistently.
 *
 * Early-media announcements (空号, 关机, 停机 heard in a 183's audio) can refine NO_ANSWER and
 * NETWORK_ERROR into INVALID_NUMBER, POWERED_OFF or SUSPENDED later (the robot-call issue
 * classifies that audio); this module decides only from signalling.
 */

/** 呼叫结果: the same strings as the database's CallAttempt.outcome. */
export type CallOutcome =
  | 'ANSWERED' | 'NO_ANSWER' | 'BUSY' | 'REJECTED' | 'INVALID_NUMBER' | 'POWERED_OFF' | 'SUSPENDED' | 'NETWORK_ERROR' | 'CANCELED';

/** How a dial ended, as the user agent saw it. */
export type DialEnd =
  /** A final response arrived (2xx: answered). `cause`: the Q.850 cause of a `Reason: Q.850;cause=N` header. */
  | { readonly kind: 'response'; readonly status: number; readonly cause?: number }
  /** We gave up ringing (our ring timeout) and cancelled. */
  | { readonly kind: 'ring-timeout' }
  /** Nothing answered the INVITE at all (timer B: no provisional response either). */
  | { readonly kind: 'no-response' }
  /** The trunk could not be reached (ICMP unreachable, TCP refused, DNS). */
  | { readonly kind: 'transport-error' }
  /** We cancelled for another reason (task paused or stopped, shutdown). */
  | { readonly kind: 'cancelled' };

export interface Classified {
  readonly outcome: CallOutcome;
  /** The final SIP status, when there was one. */
  readonly sipStatus: number | null;
  /** The Q.850 cause, when the carrier gave one. */
  readonly cause: number | null;
  /** Whether calling the number again later can help (the dialer's retry rules refine this). */
  readonly retryable: boolean;
}

/** Q.850 causes that say more than the status (ITU-T Q.850 table 1). */
const BY_CAUSE: Readonly<Record<number, CallOutcome>> = {
  1: 'INVALID_NUMBER', // unallocated (unassigned) number
  3: 'INVALID_NUMBER', // no route to destination
  17: 'BUSY', // user busy
  18: 'NO_ANSWER', // no user responding
  19: 'NO_ANSWER', // no answer from user (user alerted)
  20: 'POWERED_OFF', // subscriber absent: the phone is off or out of coverage
  21: 'REJECTED', // call rejected
  22: 'INVALID_NUMBER', // number changed
  27: 'NETWORK_ERROR', // destination out of order
  28: 'INVALID_NUMBER', // invalid number format
  34: 'NETWORK_ERROR', // no circuit available
  38: 'NETWORK_ERROR', // network out of order
  41: 'NETWORK_ERROR', // temporary failure
  42: 'NETWORK_ERROR', // switching equipment congestion
  44: 'NETWORK_ERROR', // requested circuit not available
  47: 'NETWORK_ERROR', // resource unavailable
  54: 'REJECTED', // incoming calls barred within the closed user group: barred by the callee's operator
  55: 'REJECTED',
  57: 'REJECTED', // bearer capability not authorized
  86: 'SUSPENDED', // call having the requested call identity has been cleared
};

function byStatus(status: number): CallOutcome {
  if (status >= 200 && status < 300) return 'ANSWERED';
  switch (status) {
    case 486: case 600: return 'BUSY';
    case 480: case 408: return 'NO_ANSWER';
    case 404: case 484: case 410: case 604: case 485: return 'INVALID_NUMBER';
    case 603: return 'REJECTED';
    case 487: return 'CANCELED';
    default:
      // 403 from a carrier is a refusal of us (account, caller ID, prefix), not of the callee:
      // a configuration or network problem, as are 401/407 after our credentials were sent.
      return 'NETWORK_ERROR';
  }
}

const NEVER_AGAIN: ReadonlySet<CallOutcome> = new Set(['ANSWERED', 'INVALID_NUMBER', 'REJECTED']);

/** The outcome of a dial. */
export function classifyDialEnd(end: DialEnd): Classified {
  let outcome: CallOutcome;
  let sipStatus: number | null = null;
  let cause: number | null = null;
  switch (end.kind) {
    case 'response': {
      sipStatus = end.status;
      cause = end.cause ?? null;
      const fromCause = cause === null || (end.status >= 200 && end.status < 300) ? undefined : BY_CAUSE[cause];
      outcome = fromCause ?? byStatus(end.status);
      break;
    }
    case 'ring-timeout': outcome = 'NO_ANSWER'; break;
    case 'no-response': case 'transport-error': outcome = 'NETWORK_ERROR'; break;
    case 'cancelled': outcome = 'CANCELED'; break;
  }
  return { outcome, sipStatus, cause, retryable: !NEVER_AGAIN.has(outcome) };
}

/** The Q.850 cause of a Reason header value such as `Q.850;cause=17;text="User busy"`; null when none. */
export function q850Cause(reason: string | null | undefined): number | null {
  if (!reason) return null;
  for (const part of reason.split(',')) {
    if (!/^\s*Q\.850\s*;/i.test(part)) continue;
    const m = /;\s*cause\s*=\s*(\d{1,3})\b/i.exec(part);
    if (m) return Number(m[1]);
  }
  return null;
}
