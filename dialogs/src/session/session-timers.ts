/**
 * Small machinery of a session: its timers (all cleared when the call ends, and counted so a
 * test can prove none is left) and the "effects replaced" signal that wakes whatever effect is
 * running when the engine answers with new ones.
 */
import type { MediaClock, MediaTimer } from '../media/clock.js';

/** A call's timers on the injected clock. */
export class SessionTimers {
  private readonly live = new Set<MediaTimer>();
  constructor(private readonly clock: MediaClock) {}

  get size(): number { return this.live.size; }

  set(fn: () => void, ms: number): MediaTimer {
    const t: MediaTimer = this.clock.setTimer(() => { this.live.delete(t); fn(); }, ms);
    this.live.add(t);
    return t;
  }

  clear(t: MediaTimer): void {
    this.clock.clearTimer(t);
    this.live.delete(t);
  }

  clearAll(): void {
    for (const t of this.live) this.clock.clearTimer(t);
    this.live.clear();
  }
}

/**
 * A generation counter with a promise per generation: `changed` resolves when `bump()` starts
 * the next one (the engine replaced the pending effects, or the session is ending).
 */
export class Generation {
  value = 0;
  changed!: Promise<void>;
  private wake!: () => void;
  constructor() { this.renew(); }

  bump(): void {
    this.value++;
    const wake = this.wake;
    this.renew();
    wake();
  }

  private renew(): void {
    this.changed = new Promise((resolve) => { this.wake = resolve; });
  }
}
