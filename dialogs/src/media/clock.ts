/**
 * Time for the media layer as an input (ARCHITECTURE rule 3): a monotonic `now()` and one-shot
 * timers. Production uses `systemMediaClock`; tests pass a `ManualClock` and run in simulated
 * time.
 */

/** An opaque timer handle from `MediaClock.setTimer`. */
export type MediaTimer = unknown;

/** A monotonic clock in milliseconds (fractional allowed) with setTimeout-like timers. */
export interface MediaClock {
  /** Monotonic milliseconds since an arbitrary origin; never goes backwards. */
  now(): number;
  /** Runs `callback` once, no earlier than `delayMs` from now. */
  setTimer(callback: () => void, delayMs: number): MediaTimer;
  /** Cancels a timer that has not fired; harmless after it fired. */
  clearTimer(timer: MediaTimer): void;
}

/**
 * The process's clock: `performance.now()` (monotonic, unaffected by wall-clock changes) and
 * Node's timers, which fire at whole milliseconds and never early.
 */
export const systemMediaClock: MediaClock = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};
