/**
 * Time for the media layer as an input (ARCHITECTURE rule 3): a monotonic `now()` and one-shot
 * timers. Production uses `systemMediaClock`; tests pass a `ManualClock` and run in simulated
 * time.
 */

import { systemAsrClock, type AsrClock, type AsrTimer } from '@waihu/asr';

/**
 * The speech layer's clock: one shape, so one clock drives a call's media and its recognizer.
 * `now()` is monotonic milliseconds (fractional allowed); timers are one-shot, never early.
 */
export type MediaClock = AsrClock;
/** An opaque timer handle from `MediaClock.setTimer`. */
export type MediaTimer = AsrTimer;

/**
 * The process's clock: `performance.now()` (monotonic, unaffected by wall-clock changes) and
 * Node's timers, which fire at whole milliseconds and never early.
 */
export const systemMediaClock: MediaClock = systemAsrClock;
