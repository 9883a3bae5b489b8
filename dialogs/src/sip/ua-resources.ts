/**
 * Counts of what the SIP user agent holds open, so tests can prove that every call released its
 * transactions, dialogs, timers and connections (issue 4: nothing leaks after a call).
 */

/** What is open right now across the process; all zero when no agent is running. */
export interface SipResources {
  transactions: number;
  dialogs: number;
  timers: number;
  connections: number;
  calls: number;
  agents: number;
}

const counts: SipResources = { transactions: 0, dialogs: 0, timers: 0, connections: 0, calls: 0, agents: 0 };

/** A snapshot of the open SIP resources. */
export function sipResources(): SipResources {
  return { ...counts };
}

/** @internal Adjusts one count; only the user agent's modules call this. */
export function trackSip(kind: keyof SipResources, delta: 1 | -1): void {
  counts[kind] += delta;
}
