/**
 * When a task may dial: its 发送阶段 (hours per weekday with breaks), the robot's working hours
 * from the enterprise's settings, and the task's start and end instants, all at once. Beijing
 * wall-clock time (UTC+8, no daylight saving). Pure: the instant is an argument.
 */
import { minutesOf, WEEKDAYS } from './settings.js';
import type { WorkingHours } from './settings.js';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface CallingWindow {
  /** The task's 发送阶段. */
  readonly task: WorkingHours;
  /** 机器人工作时间 (the enterprise's setting). */
  readonly robot: WorkingHours;
  /** Epoch ms; null: at once. */
  readonly startAt: number | null;
  /** Epoch ms; null: open-ended. */
  readonly endAt: number | null;
}

function openIn(h: WorkingHours, ms: number): boolean {
  const local = new Date(ms + CHINA_OFFSET_MS);
  const day = h[WEEKDAYS[(local.getUTCDay() + 6) % 7]!];
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inside = (w: { start: string; end: string }): boolean => minutesOf(w.start) <= m && m < minutesOf(w.end);
  return day.enabled && inside(day) && !day.breaks.some(inside);
}

/** Whether a dial may start at this instant. */
export function isOpen(w: CallingWindow, ms: number): boolean {
  if (w.startAt !== null && ms < w.startAt) return false;
  if (w.endAt !== null && ms >= w.endAt) return false;
  return openIn(w.task, ms) && openIn(w.robot, ms);
}

/** Midnight (Beijing) of the day holding `ms`, as epoch ms. */
export function chinaDayStart(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
}

/** `2026-11-21`: the Beijing calendar day of an instant (caller-ID daily caps, "called today"). */
export function chinaDay(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The first instant at or after `ms` when a dial may start, or null when none comes in the next
 * eight days or the end has passed. Openness only changes at a window's edge, so only `ms`,
 * `startAt` and the edges of both schedules are candidates.
 */
export function nextOpen(w: CallingWindow, ms: number): number | null {
  if (isOpen(w, ms)) return ms;
  const candidates: number[] = [];
  if (w.startAt !== null && w.startAt > ms) candidates.push(w.startAt);
  const first = chinaDayStart(ms);
  for (let d = 0; d <= 8; d++) {
    const dayStart = first + d * DAY_MS;
    const weekday = WEEKDAYS[(new Date(dayStart + CHINA_OFFSET_MS).getUTCDay() + 6) % 7]!;
    for (const h of [w.task, w.robot]) {
      const day = h[weekday];
      for (const edge of [day.start, day.end, ...day.breaks.flatMap((b) => [b.start, b.end])]) {
        const at = dayStart + minutesOf(edge) * MINUTE_MS;
        if (at > ms) candidates.push(at);
      }
    }
  }
  candidates.sort((a, b) => a - b);
  for (const at of candidates) {
    if (w.endAt !== null && at >= w.endAt) return null;
    if (isOpen(w, at)) return at;
  }
  return null;
}
