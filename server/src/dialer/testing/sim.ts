/**
 * Simulated time for whole campaigns: a clock whose sleeps resolve only when the test moves
 * time, and a driver that alternates the dialer's ticks with jumps to the next thing that can
 * happen (a call ending, a retry coming due, the calling window opening). Only the fake
 * trunk's calls sleep on this clock, so "every call in progress is parked on a sleep" is how
 * the driver knows the system has settled before it moves time.
 */
import type { Dialer } from '../dialer.js';

export class SimClock {
  private sleeps: { at: number; resolve: () => void }[] = [];

  constructor(public now: number) {}

  readonly read = (): number => this.now;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.sleeps.push({ at: this.now + Math.max(0, ms), resolve });
    });

  get pending(): number {
    return this.sleeps.length;
  }

  nextAt(): number | null {
    return this.sleeps.reduce<number | null>((m, s) => (m === null || s.at < m ? s.at : m), null);
  }

  /** Moves to `at` and wakes the sleeps due by then. */
  advanceTo(at: number): void {
    this.now = Math.max(this.now, at);
    const due = this.sleeps.filter((s) => s.at <= this.now);
    this.sleeps = this.sleeps.filter((s) => s.at > this.now);
    for (const s of due) s.resolve();
  }
}

/** Waits (in real time) until every call of the dialers is parked on the clock. */
export async function settle(clock: SimClock, dialers: readonly Dialer[], realTimeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + realTimeoutMs;
  for (let spins = 0; dialers.reduce((s, d) => s + d.active, 0) !== clock.pending; spins++) {
    if (performance.now() > deadline) throw new Error(`simulation did not settle: ${dialers.map((d) => d.active).join('+')} calls, ${clock.pending} sleeping`);
    await new Promise((r) => (spins < 50 ? setImmediate(r) : setTimeout(r, 1)));
  }
}

export interface RunOptions {
  /** Stop when this holds (checked after each round). */
  readonly until: () => Promise<boolean>;
  /** Simulated time limit. */
  readonly maxSimMs: number;
  /** Called after each round, e.g. to pause the task at a chosen moment. */
  readonly onRound?: (now: number) => Promise<void>;
}

/** Drives the dialers in simulated time; returns the number of rounds. */
export async function runSimulated(clock: SimClock, dialers: readonly Dialer[], opts: RunOptions): Promise<number> {
  const end = clock.now + opts.maxSimMs;
  let rounds = 0;
  for (;;) {
    rounds++;
    // The schedulers tick at once, as separate processes would: they race for rows, lines and calls-per-second slots.
    const ticks = await Promise.all(dialers.map((d) => d.tick()));
    const wake = Math.min(Number.POSITIVE_INFINITY, ...ticks.map((t) => t.wakeAt));
    await settle(clock, dialers);
    await opts.onRound?.(clock.now);
    if (await opts.until()) return rounds;
    if (clock.now >= end) throw new Error(`campaign not finished after ${opts.maxSimMs} ms of simulated time`);
    const next = Math.min(wake, clock.nextAt() ?? Number.POSITIVE_INFINITY, end);
    clock.advanceTo(next);
    await settle(clock, dialers);
  }
}
