/**
 * 系统配置: an enterprise's settings, stored as Setting rows (key → JSON value), one row per
 * section so later sections (the dialer's, SMS templates') add rows without touching these.
 * Sections here: the robot's working hours per weekday with breaks, and the SMS switch.
 * Times are wall-clock `HH:MM` in Beijing time; `24:00` ends a day.
 */
import type { Db } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import { ApiError } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { CHINA_OFFSET_MS } from '../time.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}
export interface DayHours extends TimeWindow {
  readonly enabled: boolean;
  /** Pauses inside the day (lunch…), in order, not overlapping. */
  readonly breaks: readonly TimeWindow[];
}
export type WorkingHours = Readonly<Record<Weekday, DayHours>>;

export interface EnterpriseSettings {
  /** 机器人工作时间: when robots may dial. */
  readonly workingHours: WorkingHours;
  /** 短信通知: send the grade's SMS after a call. */
  readonly sms: { readonly enabled: boolean };
}
export type SectionName = keyof EnterpriseSettings;
export const SECTIONS: readonly SectionName[] = ['workingHours', 'sms'];

const workday: DayHours = { enabled: true, start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:30' }] };
const weekend: DayHours = { enabled: false, start: '09:00', end: '18:00', breaks: [] };

/** What an enterprise has before its admin saves anything. */
export const DEFAULT_SETTINGS: EnterpriseSettings = {
  workingHours: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: weekend, sun: weekend },
  sms: { enabled: false },
};

const clock = { type: 'string', pattern: '^(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)$' } as const;
const window = { type: 'object', additionalProperties: false, required: ['start', 'end'], properties: { start: clock, end: clock } } as const;
const day = {
  type: 'object', additionalProperties: false, required: ['enabled', 'start', 'end', 'breaks'],
  properties: { enabled: { type: 'boolean' }, start: clock, end: clock, breaks: { type: 'array', maxItems: 10, items: window } },
} as const;

/** JSON schemas of the sections, for requests and answers. */
export const sectionSchemas = {
  workingHours: { type: 'object', additionalProperties: false, required: [...WEEKDAYS], properties: Object.fromEntries(WEEKDAYS.map((d) => [d, day])) },
  sms: { type: 'object', additionalProperties: false, required: ['enabled'], properties: { enabled: { type: 'boolean' } } },
} as const;

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What the schema cannot say: each window starts before it ends; breaks sit inside the day, in order. */
export function workingHoursProblems(h: WorkingHours, base = '/workingHours'): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const d of WEEKDAYS) {
    const { start, end, breaks } = h[d];
    if (minutes(start) >= minutes(end)) problems.push({ path: `${base}/${d}`, message: `starts at ${start}, not before it ends at ${end}` });
    let previousEnd = minutes(start);
    breaks.forEach((b, i) => {
      const path = `${base}/${d}/breaks/${i}`;
      if (minutes(b.start) >= minutes(b.end)) problems.push({ path, message: `break starts at ${b.start}, not before it ends at ${b.end}` });
      else if (minutes(b.start) < previousEnd || minutes(b.end) > minutes(end)) problems.push({ path, message: 'breaks must lie inside the day, in order, without overlapping' });
      previousEnd = Math.max(previousEnd, minutes(b.end));
    });
  }
  return problems;
}

/** Whether robots may dial at this instant (Beijing wall-clock time): for the dialer. */
export function withinWorkingHours(h: WorkingHours, instantMs: number): boolean {
  const local = new Date(instantMs + CHINA_OFFSET_MS);
  const today = h[WEEKDAYS[(local.getUTCDay() + 6) % 7]!];
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inside = (w: TimeWindow): boolean => minutes(w.start) <= m && m < minutes(w.end);
  return today.enabled && inside(today) && !today.breaks.some(inside);
}

/** The enterprise's settings, defaults where nothing was saved, and when they last changed. */
export async function readSettings(db: Db): Promise<{ settings: EnterpriseSettings; updatedAt: string | null }> {
  const rows = await db.setting.findMany({ where: { key: { in: [...SECTIONS] } } });
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  let updatedAt: Date | null = null;
  for (const r of rows) {
    try {
      settings[r.key] = JSON.parse(r.value);
    } catch {
      // Written only by writeSettings as JSON; an unreadable row falls back to the default.
    }
    if (!updatedAt || r.updatedAt > updatedAt) updatedAt = r.updatedAt;
  }
  return { settings: settings as unknown as EnterpriseSettings, updatedAt: updatedAt?.toISOString() ?? null };
}

const settingsConflict = (): ApiError =>
  new ApiError(409, 'SETTINGS_CONFLICT', 'the settings were saved by someone else at the same moment; save again', undefined, true);

/**
 * Writes one setting of the client's enterprise. No upsert: its unique key would have to name
 * the enterprise, which only the scoped client may do — so update, and create when there was none.
 * Inside a transaction (`db` is then the transaction's client) a race surfaces as the unique violation.
 */
export async function putSetting(db: Pick<Db, 'setting'>, key: string, value: string, userId: number | null, updatedAt: Date): Promise<void> {
  const n = await db.setting.updateMany({ where: { key }, data: { value, updatedById: userId, updatedAt } });
  if (n.count === 0) await db.setting.create({ data: tenantOwned({ key, value, updatedById: userId, updatedAt }) });
}

/** {@link putSetting} on its own: two saves racing to create the same setting are a retryable 409. */
export async function saveSetting(db: Pick<Db, 'setting'>, key: string, value: string, userId: number | null, updatedAt: Date): Promise<void> {
  try {
    await putSetting(db, key, value, userId, updatedAt);
  } catch (e) {
    if (isUniqueViolation(e)) throw settingsConflict();
    throw e;
  }
}

/** Replaces the sections given, each whole; the others stay as they are. */
export async function writeSettings(db: Db, userId: number, changes: Partial<EnterpriseSettings>, nowMs: number): Promise<void> {
  if (changes.workingHours) {
    const problems = workingHoursProblems(changes.workingHours);
    if (problems.length > 0) throw new ApiError(400, 'VALIDATION', `invalid working hours: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  }
  const updatedAt = new Date(nowMs);
  try {
    await db.$transaction(async (tx) => {
      for (const key of SECTIONS) {
        const section = changes[key];
        if (section === undefined) continue;
        await putSetting(tx, key, JSON.stringify(section), userId, updatedAt);
      }
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw settingsConflict();
    throw e;
  }
}
