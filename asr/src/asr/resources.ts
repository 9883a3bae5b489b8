/**
 * Counts of what recognition holds open, so tests (and a health page) can prove every stream
 * released its socket, timers, HTTP request and engine slot (ARCHITECTURE rule 6).
 */

/** What is open right now across the process. All zero when no stream is open. */
export interface AsrResources {
  streams: number;
  sockets: number;
  timers: number;
  requests: number;
  engines: number;
}

const counts: AsrResources = { streams: 0, sockets: 0, timers: 0, requests: 0, engines: 0 };

/** A snapshot of the open recognition resources. */
export function openAsrResources(): AsrResources {
  return { ...counts };
}

/** @internal Adjusts one count; only the recognition modules call this. */
export function trackAsr(kind: keyof AsrResources, delta: 1 | -1): void {
  counts[kind] += delta;
}
