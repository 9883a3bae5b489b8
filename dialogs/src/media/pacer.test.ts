import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';
import { Pacer } from './pacer.js';
import { openResources } from './resources.js';

function record(pacer: Pacer, clock: ManualClock): { ticks: number[]; times: number[]; stop: () => void } {
  const ticks: number[] = [];
  const times: number[] = [];
  const stop = pacer.subscribe((index) => { ticks.push(index); times.push(clock.now()); });
  return { ticks, times, stop };
}

describe('Pacer', () => {
  it('ticks on the 20 ms grid from its start and stops with its last subscriber', () => {
    const clock = new ManualClock(1000);
    const pacer = new Pacer({ clock });
    expect(pacer.running).toBe(false);
    const a = record(pacer, clock);
    expect(pacer.running).toBe(true);
    expect(openResources().timers).toBe(1);
    clock.advance(100);
    expect(a.ticks).toEqual([1, 2, 3, 4, 5]);
    expect(a.times).toEqual([1020, 1040, 1060, 1080, 1100]);
    a.stop();
    a.stop(); // twice is harmless
    expect(pacer.running).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
    expect(openResources().timers).toBe(0);
    clock.advance(100);
    expect(a.ticks).toHaveLength(5);
  });

  it('does not drift when every wake-up is late: the schedule comes from the start time', () => {
    const clock = new ManualClock(0);
    clock.lateness = () => 3; // every timer fires 3 ms late
    const pacer = new Pacer({ clock });
    const a = record(pacer, clock);
    clock.advance(20 * 1000 + 5);
    expect(a.ticks).toHaveLength(1000);
    // Tick 1000 still runs 3 ms after its grid time, not 3 s after.
    expect(a.times[999]).toBe(20_000 + 3);
    const stats = pacer.stats().tickStart;
    expect(stats.meanMs).toBeCloseTo(3, 5);
    expect(stats.p99Ms).toBeCloseTo(3, 5);
    a.stop();
  });

  it('after a stall runs at most three overdue ticks back to back and skips the rest', () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer({ clock });
    const a = record(pacer, clock);
    clock.advance(40);
    clock.lateness = (due) => (due === 60 ? 100 : 0); // the process froze for 100 ms
    clock.advance(200);
    const stats = pacer.stats();
    expect(stats.skippedTicks).toBeGreaterThan(0);
    // Back on the grid afterwards, and the indices show the skipped slots.
    expect(a.times.slice(-1)[0]! % 20).toBe(0);
    expect(a.ticks).toContain(3);
    expect(a.ticks.length + stats.skippedTicks).toBe(12);
    expect(stats.tickStart.maxMs).toBeGreaterThanOrEqual(100);
    a.stop();
  });

  it('serves many subscribers from one timer; one throwing does not stop the others', () => {
    const clock = new ManualClock(0);
    const errors: unknown[] = [];
    const pacer = new Pacer({ clock, onSubscriberError: (e) => errors.push(e) });
    const a = record(pacer, clock);
    const stopBad = pacer.subscribe(() => { throw new Error('bug'); });
    const b = record(pacer, clock);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(60);
    expect(a.ticks).toEqual([1, 2, 3]);
    expect(b.ticks).toEqual([1, 2, 3]);
    expect(pacer.stats().subscriberErrors).toBe(3);
    expect(errors).toHaveLength(3);
    stopBad(); a.stop(); b.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('survives its last subscriber leaving during a tick, and restarts cleanly', () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer({ clock });
    let count = 0;
    const stop = pacer.subscribe(() => { count += 1; if (count === 2) stop(); });
    clock.advance(100);
    expect(count).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
    const again = record(pacer, clock);
    clock.advance(40);
    expect(again.ticks).toEqual([1, 2]);
    expect(clock.pendingTimers()).toBe(1);
    again.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
