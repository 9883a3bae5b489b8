/**
 * How a call ended, named (ARCHITECTURE rule 7) and classified into 呼叫结果 with the SIP status
 * and Q.850 cause kept beside the outcome (trunk/outcome.ts decides the mapping).
 */
import { classifyDialEnd, q850Cause, type CallOutcome, type DialEnd } from '../trunk/outcome.js';
import type { SipResponse } from '../sip/message.js';

/** Why a call ended. */
export type CallEndReason =
  /** The callee side refused with a final response (busy, 404, 480…). */
  | 'rejected'
  /** It rang past our ring timeout; we cancelled. */
  | 'ring-timeout'
  /** We cancelled before an answer (`cancel()`, or `hangup()` while ringing). */
  | 'cancelled'
  /** Nothing answered the INVITE (timer B). */
  | 'no-response'
  /** The trunk could not be reached. */
  | 'transport-error'
  /** The trunk refused our credentials (401/407 after one answer, or no account). */
  | 'auth-failed'
  /** We hung up an answered call. */
  | 'local-hangup'
  /** The callee hung up (BYE). */
  | 'remote-hangup'
  /** No RTP from the callee for the inactivity time: the peer vanished; we sent BYE. */
  | 'media-timeout'
  /** The agent shut down with the call up. */
  | 'shutdown';

/** What `Call.ended` resolves with, exactly once. */
export interface CallEnd {
  readonly reason: CallEndReason;
  /** 呼叫结果. */
  readonly outcome: CallOutcome;
  /** Whether dialing the number again later can help. */
  readonly retryable: boolean;
  /** The INVITE's final status (200 for answered calls, 487 after our CANCEL), or null. */
  readonly sipStatus: number | null;
  /** Q.850 cause from the peer's Reason header, or null. */
  readonly cause: number | null;
  /** Who ended it. */
  readonly by: 'local' | 'remote';
  /** INVITE sent → 200 OK received, when answered. */
  readonly setupMs: number | null;
  /** Answer → end, when answered. */
  readonly talkMs: number | null;
  /** Whether early media (SDP in a 1xx) arrived. */
  readonly earlyMedia: boolean;
  /** For hang-ups: whether our BYE got a response ('answered') or timed out / failed. */
  readonly bye: 'answered' | 'failed' | null;
  /** A human-readable detail for logs; never matched on. */
  readonly detail: string;
}

/** The Q.850 cause of a response's Reason headers. */
export function responseCause(response: SipResponse | null): number | null {
  if (response === null) return null;
  for (const value of response.headers.getAll('Reason')) {
    const cause = q850Cause(value);
    if (cause !== null) return cause;
  }
  return null;
}

/** Builds a CallEnd from what happened. */
export function callEnd(
  reason: CallEndReason,
  facts: { status: number | null; cause: number | null; answered: boolean; setupMs: number | null; talkMs: number | null; earlyMedia: boolean; bye?: 'answered' | 'failed' | null; detail: string },
): CallEnd {
  let dial: DialEnd;
  if (facts.answered) dial = { kind: 'response', status: 200 };
  else if (reason === 'ring-timeout') dial = { kind: 'ring-timeout' };
  else if (reason === 'cancelled' || reason === 'shutdown') dial = { kind: 'cancelled' };
  else if (reason === 'no-response') dial = { kind: 'no-response' };
  else if (reason === 'transport-error') dial = { kind: 'transport-error' };
  else dial = { kind: 'response', status: facts.status ?? 500, ...(facts.cause !== null ? { cause: facts.cause } : {}) };
  const classified = classifyDialEnd(dial);
  const by = reason === 'rejected' || reason === 'remote-hangup' ? 'remote' : 'local';
  return {
    reason, outcome: classified.outcome, retryable: classified.retryable, sipStatus: facts.status, cause: facts.cause, by,
    setupMs: facts.setupMs, talkMs: facts.talkMs, earlyMedia: facts.earlyMedia, bye: facts.bye ?? null, detail: facts.detail,
  };
}
