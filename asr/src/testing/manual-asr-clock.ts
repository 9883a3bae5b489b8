/**
 * A simulated {@link AsrClock}: time moves only when the test says so, and due timers fire in
 * order. Same shape as the media layer's ManualClock, so either can drive recognition.
 */
import type { AsrClock, AsrTimer } from '../asr/clock.js';

/** Simulated time; `advance(ms)` runs every timer that falls due on the way. */
export class ManualAsrClock implements AsrClock {
  private current: number;
  private nextId = 1;
  private timers: { id: number; dueMs: number; callback: () => void }[] = [];

  constructor(startMs = 1000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): AsrTimer {
    const timer = { id: this.nextId++, dueMs: this.current + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(timer: AsrTimer): void {
    this.timers = this.timers.filter((t) => t.id !== timer);
  }

  /** Timers waiting; a settled stream leaves none. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.dueMs <= end).sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.dueMs);
      next.callback();
    }
    this.current = end;
  }
}
