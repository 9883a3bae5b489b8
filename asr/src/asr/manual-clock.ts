/**
 * The one simulated clock for tests of recognition and of the media layer (whose `MediaClock` is
 * the same shape): time moves only when the test says so, and timers fire in due order as it
 * passes them. An optional lateness function models a busy event loop.
 */
import type { AsrClock as Clock, AsrTimer as Timer } from './clock.js';

interface PendingTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

/** Simulated time; `advance(ms)` runs every timer that falls due on the way, in order. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];
  /** Extra milliseconds each timer fires after its due time (default none), to simulate load. */
  lateness: (dueMs: number) => number = () => 0;

  constructor(startMs = 1000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): Timer {
    const timer: PendingTimer = { id: this.nextId++, dueMs: this.current + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(timer: Timer): void {
    this.timers = this.timers.filter((t) => t.id !== timer);
  }

  /** How many timers are waiting; a closed component must leave none. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers (each at its due time plus any lateness). */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const t of this.timers) if (!next || t.dueMs < next.dueMs || (t.dueMs === next.dueMs && t.id < next.id)) next = t;
      if (!next) break;
      const fireAt = next.dueMs + this.lateness(next.dueMs);
      if (fireAt > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, fireAt);
      next.callback();
    }
    this.current = end;
  }
}
