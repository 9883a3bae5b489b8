/**
 * Time for recognition as an input (ARCHITECTURE rule 3): a monotonic `now()` and one-shot
 * timers. The shape matches the media layer's clock, so one simulated clock can drive a call's
 * media and its recognizer in tests.
 */

/** An opaque timer handle from `AsrClock.setTimer`. */
export type AsrTimer = unknown;

/** A monotonic clock in milliseconds with setTimeout-like timers. */
export interface AsrClock {
  /** Monotonic milliseconds since an arbitrary origin. */
  now(): number;
  /** Runs `callback` once, no earlier than `delayMs` from now. */
  setTimer(callback: () => void, delayMs: number): AsrTimer;
  /** Cancels a timer that has not fired; harmless after it fired. */
  clearTimer(timer: AsrTimer): void;
}

/** The process clock: `performance.now()` and Node's timers. */
export const systemAsrClock: AsrClock = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};
