/**
 * One 20 ms pacer per process drives every call's media: each tick, every subscribed session
 * sends one frame and plays out one received frame. One timer for all calls (instead of one per
 * call) keeps the event loop's timer list short and the frames of all calls on one grid.
 *
 * The schedule is drift-free: tick n is due at `start + n * frameMs`, computed from the start
 * time, never from when the previous callback ran, so lateness never accumulates.
 */
import { systemMediaClock } from './clock.js';
import type { MediaClock, MediaTimer } from './clock.js';
import { DeviationHistogram } from './deviation.js';
import type { DeviationSummary } from './deviation.js';
import { trackResource } from './resources.js';

/** Called once per tick with the tick's grid index (counting from the pacer's start) and due time. */
export type PacerSubscriber = (tickIndex: number, dueMs: number) => void;

/** Tuning for a pacer; the defaults suit G.711 at 20 ms packets. */
export interface PacerOptions {
  clock?: MediaClock;
  /** The grid step (default 20). */
  frameMs?: number;
  /** Run a tick this much before it is due rather than sleep again (default 0.5). */
  toleranceMs?: number;
  /** After a stall, run at most this many overdue ticks back to back; skip the rest (default 3). */
  maxCatchUp?: number;
  /** Called when a subscriber throws; the pacer carries on with the others. */
  onSubscriberError?: (error: unknown) => void;
}

/** Figures the pacer keeps about itself. */
export interface PacerStats {
  ticks: number;
  /** Ticks not run because the process stalled past `maxCatchUp` frames. */
  skippedTicks: number;
  subscriberErrors: number;
  /** How far from the grid each tick started. */
  tickStart: DeviationSummary;
  /** How far from the grid each tick finished (the last subscriber's frame left this late). */
  tickEnd: DeviationSummary;
}

/** A shared frame clock: starts with its first subscriber, stops (no timer left) with its last. */
export class Pacer {
  private readonly clock: MediaClock;
  private readonly frameMs: number;
  private readonly toleranceMs: number;
  private readonly maxCatchUp: number;
  private readonly onSubscriberError: ((error: unknown) => void) | undefined;
  private readonly subscribers = new Set<PacerSubscriber>();
  private timer: MediaTimer | undefined;
  private startMs = 0;
  private nextIndex = 0;
  private ticks = 0;
  private skippedTicks = 0;
  private subscriberErrors = 0;
  private readonly startDeviation = new DeviationHistogram();
  private readonly endDeviation = new DeviationHistogram();
  private readonly onTimer = (): void => this.wake();

  constructor(options: PacerOptions = {}) {
    this.clock = options.clock ?? systemMediaClock;
    this.frameMs = options.frameMs ?? 20;
    this.toleranceMs = options.toleranceMs ?? 0.5;
    this.maxCatchUp = options.maxCatchUp ?? 3;
    this.onSubscriberError = options.onSubscriberError;
  }

  /** Adds a subscriber; returns the function that removes it (safe to call twice). */
  subscribe(subscriber: PacerSubscriber): () => void {
    this.subscribers.add(subscriber);
    if (this.timer === undefined) this.start();
    return () => this.unsubscribe(subscriber);
  }

  /** How many subscribers the pacer serves. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Whether a timer is armed. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /** The clock the pacer runs on; sessions read time from the same source. */
  get time(): MediaClock {
    return this.clock;
  }

  stats(): PacerStats {
    return {
      ticks: this.ticks, skippedTicks: this.skippedTicks, subscriberErrors: this.subscriberErrors,
      tickStart: this.startDeviation.summary(), tickEnd: this.endDeviation.summary(),
    };
  }

  /** Starts a fresh measurement window (e.g. after a benchmark's warm-up). */
  resetStats(): void {
    this.ticks = 0;
    this.skippedTicks = 0;
    this.subscriberErrors = 0;
    this.startDeviation.reset();
    this.endDeviation.reset();
  }

  private unsubscribe(subscriber: PacerSubscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size === 0) this.stop();
  }

  private start(): void {
    this.startMs = this.clock.now();
    this.nextIndex = 1;
    trackResource('timers', 1);
    this.arm();
  }

  private stop(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
    trackResource('timers', -1);
  }

  private arm(): void {
    const wait = this.startMs + this.nextIndex * this.frameMs - this.clock.now();
    // Whole milliseconds, rounded down: a timer fires at or after its delay, so rounding down
    // keeps us from waking more than a millisecond late; the tolerance covers waking early.
    this.timer = this.clock.setTimer(this.onTimer, wait > 0 ? Math.floor(wait) : 0);
  }

  private wake(): void {
    const fired = this.timer;
    let now = this.clock.now();
    let ran = 0;
    while (this.subscribers.size > 0 && this.startMs + this.nextIndex * this.frameMs <= now + this.toleranceMs) {
      const dueMs = this.startMs + this.nextIndex * this.frameMs;
      if (ran >= this.maxCatchUp) {
        // A long stall: sending every missed frame at once would burst; skip to the grid.
        this.skippedTicks += 1;
        this.nextIndex += 1;
        continue;
      }
      this.runTick(this.nextIndex, dueMs, now);
      this.nextIndex += 1;
      ran += 1;
      now = this.clock.now();
    }
    // During the tick a subscriber may have stopped us (last one left), or stopped and
    // restarted us (a new timer is armed already): only re-arm the timer that just fired.
    if (this.timer === fired && this.subscribers.size > 0) this.arm();
  }

  private runTick(index: number, dueMs: number, startedMs: number): void {
    this.startDeviation.record(startedMs - dueMs);
    for (const subscriber of this.subscribers) {
      try {
        subscriber(index, dueMs);
      } catch (error) {
        this.subscriberErrors += 1;
        this.onSubscriberError?.(error);
      }
    }
    this.endDeviation.record(this.clock.now() - dueMs);
    this.ticks += 1;
  }
}

let shared: Pacer | undefined;

/** The process's one pacer on the system clock; created on first use. */
export function sharedPacer(): Pacer {
  shared ??= new Pacer();
  return shared;
}
