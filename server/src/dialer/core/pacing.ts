/**
 * Calls-per-second cap as a sliding one-second window, shared by every worker through the
 * database (the task's `recentDials`, see ../budget.ts): the instants of the dials granted in
 * the last second, as `[epochMs, count]` pairs. A dial may start at `now` only while fewer than
 * `perSecond` dials were granted in (now - 1000, now], so no window of one second ever holds more
 * than the cap — which a token bucket does not promise (a full bucket's burst plus a second of
 * refill is twice the cap inside one second). Pure: time is an argument.
 */

/** One second, the window's length. */
export const PACING_WINDOW_MS = 1_000;

/** The window's grants: `[epochMs, count]`, oldest first. */
export type DialWindow = readonly (readonly [number, number])[];

/** The stored window (JSON text) as of `nowMs`: older grants dropped, anything unreadable ignored. */
export function readWindow(json: string | null | undefined, nowMs: number): DialWindow {
  let v: unknown;
  try {
    v = JSON.parse(json ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const out: [number, number][] = [];
  for (const e of v) {
    if (!Array.isArray(e) || typeof e[0] !== 'number' || typeof e[1] !== 'number' || !Number.isFinite(e[0]) || !(e[1] > 0)) continue;
    // A grant stamped ahead of this clock (another machine's clock runs ahead) still counts: only the past expires.
    if (e[0] > nowMs - PACING_WINDOW_MS) out.push([e[0], Math.floor(e[1])]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Dials granted inside the window. */
export function windowCount(window: DialWindow): number {
  return window.reduce((n, [, c]) => n + c, 0);
}

/** How many dials may be granted now. */
export function windowRoom(window: DialWindow, perSecond: number): number {
  return Math.max(0, perSecond - windowCount(window));
}

/** The window with `n` more dials granted at `nowMs`. */
export function grantIn(window: DialWindow, n: number, nowMs: number): DialWindow {
  if (n <= 0) return window;
  const same = window.findIndex(([at]) => at === nowMs);
  if (same >= 0) return window.map((e, i) => (i === same ? [nowMs, e[1] + n] as const : e));
  return [...window, [nowMs, n] as const].sort((a, b) => a[0] - b[0]);
}

/** When the next dial may be granted (`nowMs` when there is room now). */
export function nextSlotAt(window: DialWindow, perSecond: number, nowMs: number): number {
  let excess = windowCount(window) - perSecond;
  if (excess < 0) return nowMs;
  // The oldest grants leave the window first; room opens once `excess + 1` dials have left it.
  for (const [at, c] of window) {
    excess -= c;
    if (excess < 0) return Math.max(nowMs, at + PACING_WINDOW_MS);
  }
  return nowMs;
}
