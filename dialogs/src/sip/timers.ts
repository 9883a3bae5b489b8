/**
 * RFC 3261 §17 timer values and a small owner of one-shot timers on an injected clock, so the
 * transaction tables run in simulated time in tests (ARCHITECTURE rule 3) and a finished
 * transaction can prove it left no timer behind.
 */
import type { MediaClock, MediaTimer } from '../media/clock.js';
import { trackSip } from './ua-resources.js';

/** The clock the user agent runs on: the media layer's interface, so one ManualClock drives both. */
export type SipClock = MediaClock;

/** T1 (RTT estimate), T2 (max non-INVITE retransmit interval), T4 (max network lifetime). */
export interface SipTimerValues {
  readonly t1Ms: number;
  readonly t2Ms: number;
  readonly t4Ms: number;
  /** How long an INVITE server waits for the TU's provisional before sending 100 itself (0: at once). */
  readonly tryingDelayMs: number;
  /** Timer D: how long an INVITE client absorbs retransmitted non-2xx finals (≥ 32 s on UDP). */
  readonly timerDMs: number;
}

/** RFC 3261 Table 4 defaults. */
export const DEFAULT_SIP_TIMERS: SipTimerValues = { t1Ms: 500, t2Ms: 4000, t4Ms: 5000, tryingDelayMs: 200, timerDMs: 32_000 };

/**
 * Named one-shot timers owned by one object (a transaction, a dialog, a call): starting a name
 * again replaces the old timer, and `clearAll()` on termination releases every one.
 */
export class TimerSet {
  private readonly timers = new Map<string, MediaTimer>();

  constructor(private readonly clock: SipClock) {}

  /** Starts (or restarts) the timer `name`. */
  start(name: string, delayMs: number, fire: () => void): void {
    this.clear(name);
    const handle = this.clock.setTimer(() => {
      if (this.timers.get(name) !== handle) return;
      this.timers.delete(name);
      trackSip('timers', -1);
      fire();
    }, delayMs);
    this.timers.set(name, handle);
    trackSip('timers', 1);
  }

  /** Stops the timer `name` if it is running. */
  clear(name: string): void {
    const handle = this.timers.get(name);
    if (handle === undefined) return;
    this.timers.delete(name);
    this.clock.clearTimer(handle);
    trackSip('timers', -1);
  }

  has(name: string): boolean {
    return this.timers.has(name);
  }

  /** Stops every timer. */
  clearAll(): void {
    for (const name of [...this.timers.keys()]) this.clear(name);
  }

  get size(): number {
    return this.timers.size;
  }
}
