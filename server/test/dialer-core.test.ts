/** The dialer's pure core: calling windows in Beijing time, retry rules, pacing, opt-out words, the test trunk's script. */
import { describe, expect, it } from 'vitest';
import { afterCall, DEFAULT_TASK_SETTINGS, findOptOut, grantIn, isOpen, nextOpen, nextSlotAt, readWindow, windowRoom, chinaDay } from '../src/dialer/core/index.js';
import type { WorkingHours } from '../src/dialer/core/index.js';
import { testTrunkScript } from '../src/dialer/production-dial.js';

const bj = (s: string): number => Date.parse(`${s}+08:00`);
const day = { enabled: true, start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };
const off = { ...day, enabled: false };
const WEEKDAYS: WorkingHours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: off, sun: off };
const allDay = { enabled: true, start: '00:00', end: '24:00', breaks: [] };
const ALWAYS: WorkingHours = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };

describe('calling window', () => {
  const w = { task: WEEKDAYS, robot: { ...ALWAYS, fri: { enabled: true, start: '10:00', end: '17:00', breaks: [] } }, startAt: null, endAt: null };
  it('is open inside the hours and closed in breaks, at night and on days off, in Beijing time', () => {
    expect(isOpen(w, bj('2026-11-23T09:00:00'))).toBe(true); // Monday
    expect(isOpen(w, bj('2026-11-23T08:59:59'))).toBe(false);
    expect(isOpen(w, bj('2026-11-23T12:30:00'))).toBe(false);
    expect(isOpen(w, bj('2026-11-23T13:00:00'))).toBe(true);
    expect(isOpen(w, bj('2026-11-23T18:00:00'))).toBe(false);
    expect(isOpen(w, bj('2026-11-28T10:00:00'))).toBe(false); // Saturday
    expect(isOpen(w, bj('2026-11-27T09:30:00'))).toBe(false); // Friday: the robot starts at 10
  });
  it('finds the next opening: after a break, overnight, over the weekend, at the start date; none after the end', () => {
    expect(nextOpen(w, bj('2026-11-23T12:10:00'))).toBe(bj('2026-11-23T13:00:00'));
    expect(nextOpen(w, bj('2026-11-23T19:00:00'))).toBe(bj('2026-11-24T09:00:00'));
    expect(nextOpen(w, bj('2026-11-27T17:30:00'))).toBe(bj('2026-11-30T09:00:00'));
    expect(nextOpen(w, bj('2026-11-27T08:00:00'))).toBe(bj('2026-11-27T10:00:00'));
    expect(nextOpen({ ...w, startAt: bj('2026-11-24T10:15:00') }, bj('2026-11-23T10:00:00'))).toBe(bj('2026-11-24T10:15:00'));
    expect(nextOpen({ ...w, endAt: bj('2026-11-23T18:30:00') }, bj('2026-11-23T18:10:00'))).toBeNull();
    expect(nextOpen({ ...w, task: { ...WEEKDAYS, mon: off, tue: off, wed: off, thu: off, fri: off } }, bj('2026-11-23T10:00:00'))).toBeNull();
    expect(chinaDay(bj('2026-11-23T23:59:00'))).toBe('2026-11-23');
  });
});

describe('after a call', () => {
  const retries = { ...DEFAULT_TASK_SETTINGS.retries, NO_ANSWER: { count: 2, intervalMs: 1_800_000 } };
  it('retries by outcome, then E (dialed once) or F (dialed more than once); never after rejected or invalid', () => {
    expect(afterCall({ outcome: 'NO_ANSWER', grade: null, attempts: 1, endedAt: 0, retries })).toEqual({ state: 'RETRY', grade: 'E', nextAttemptAt: 1_800_000 });
    expect(afterCall({ outcome: 'NO_ANSWER', grade: null, attempts: 3, endedAt: 0, retries })).toEqual({ state: 'FAILED', grade: 'F', nextAttemptAt: null });
    expect(afterCall({ outcome: 'SUSPENDED', grade: null, attempts: 1, endedAt: 0, retries })).toMatchObject({ state: 'FAILED', grade: 'E' });
    expect(afterCall({ outcome: 'REJECTED', grade: null, attempts: 1, endedAt: 0, retries: { ...retries } })).toMatchObject({ state: 'FAILED', grade: 'E' });
    expect(afterCall({ outcome: 'INVALID_NUMBER', grade: null, attempts: 2, endedAt: 0, retries })).toMatchObject({ state: 'FAILED', grade: 'F' });
    expect(afterCall({ outcome: 'ANSWERED', grade: 'A', attempts: 2, endedAt: 0, retries })).toEqual({ state: 'DONE', grade: 'A', nextAttemptAt: null });
    expect(afterCall({ outcome: 'ANSWERED', grade: null, attempts: 1, endedAt: 0, retries }).grade).toBe('D');
  });
  it('hears an opt-out through punctuation and spaces', () => {
    expect(findOptOut(['喂？', '你们 别给我打电话了！'])).toBe('别给我打电话');
    expect(findOptOut(['不要再打了。'])).toBe('不要再打了');
    expect(findOptOut(['好的，你说', '再打给我吧'])).toBeNull();
  });
});

describe('pacing', () => {
  it('never grants more than the cap inside any one second, and says when the next slot opens', () => {
    let w = readWindow('[]', 0);
    expect(windowRoom(w, 3)).toBe(3);
    w = grantIn(w, 2, 0);
    w = grantIn(w, 1, 400);
    expect(w).toEqual([[0, 2], [400, 1]]);
    expect(windowRoom(w, 3)).toBe(0);
    // Two leave at 1000 (the window is (now - 1000, now]), the third at 1400.
    expect(nextSlotAt(w, 3, 10)).toBe(1_000);
    expect(nextSlotAt(w, 2, 10)).toBe(1_000);
    expect(nextSlotAt(w, 1, 10)).toBe(1_400);
    const stored = JSON.stringify(w);
    expect(windowRoom(readWindow(stored, 999), 3)).toBe(0);
    expect(windowRoom(readWindow(stored, 1_000), 3)).toBe(2);
    expect(readWindow(stored, 1_400)).toEqual([]);
    // A lowered cap waits for the window to drain; a grant stamped ahead (a clock running fast) still counts.
    expect(nextSlotAt(grantIn([], 5, 0), 2, 0)).toBe(1_000);
    expect(windowCountOf(readWindow('[[2000,1]]', 500))).toBe(1);
    // Anything unreadable is ignored rather than trusted.
    expect(readWindow('{"x":1}', 0)).toEqual([]);
    expect(readWindow('[[1,"a"],[2,-1],"x",[3,1]]', 0)).toEqual([[3, 1]]);
    expect(readWindow('not json', 0)).toEqual([]);
  });
});

const windowCountOf = (w: readonly (readonly [number, number])[]): number => w.reduce((n, [, c]) => n + c, 0);

describe('the test trunk', () => {
  it('scripts every outcome the demo shows, by the last digit', () => {
    expect(new Set(Array.from({ length: 10 }, (_, d) => testTrunkScript(`1700000100${d}`).outcome))).toEqual(new Set(['ANSWERED', 'NO_ANSWER', 'BUSY', 'INVALID_NUMBER', 'POWERED_OFF']));
  });
});
