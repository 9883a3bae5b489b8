/**
 * A call task's settings (CallTask.settings JSON): its calling hours (发送阶段), retries by
 * outcome, caller-ID pool, skip rules and where its leads came from. Parsed once at the edge
 * (the API's JSON schema, then {@link parseTaskSettings} for what a schema cannot say); inside,
 * the dialer trusts the type. Missing parts take the defaults, so old rows stay readable.
 */
import type { WorkingHours } from '../../crm/settings.js';

export type { WorkingHours };
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Outcomes a retry can help with; REJECTED and INVALID_NUMBER are never retried. */
export const RETRYABLE_OUTCOMES = ['NO_ANSWER', 'BUSY', 'POWERED_OFF', 'SUSPENDED', 'NETWORK_ERROR', 'CANCELED'] as const;
export type RetryableOutcome = (typeof RETRYABLE_OUTCOMES)[number];

export interface RetryRule {
  /** 重呼次数: redials after the first dial for this outcome. */
  readonly count: number;
  /** 重呼间隔: wait before the redial. */
  readonly intervalMs: number;
}

export type CallerIdRule = 'fixed' | 'round-robin' | 'random' | 'least-used';

export interface TaskSettings {
  /** 发送阶段: when this task may dial, per weekday with breaks (Beijing time). */
  readonly hours: WorkingHours;
  readonly retries: Readonly<Record<RetryableOutcome, RetryRule>>;
  /** Approved CallerId ids to show, and how to rotate them; empty: the trunk's default. */
  readonly callerIds: { readonly ids: readonly number[]; readonly rule: CallerIdRule; readonly maxDailyPerNumber: number };
  /** Skip rules checked immediately before the first dial (the blacklist is always checked). */
  readonly skip: { readonly calledToday: boolean; readonly inCrm: boolean };
}

const allDay = { enabled: true, start: '09:00', end: '20:00', breaks: [{ start: '12:00', end: '13:00' }] };

export const DEFAULT_TASK_SETTINGS: TaskSettings = {
  hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  retries: {
    NO_ANSWER: { count: 2, intervalMs: 30 * 60_000 },
    BUSY: { count: 2, intervalMs: 10 * 60_000 },
    POWERED_OFF: { count: 1, intervalMs: 2 * 3_600_000 },
    SUSPENDED: { count: 0, intervalMs: 0 },
    NETWORK_ERROR: { count: 2, intervalMs: 5 * 60_000 },
    CANCELED: { count: 3, intervalMs: 60_000 },
  },
  callerIds: { ids: [], rule: 'round-robin', maxDailyPerNumber: 0 },
  skip: { calledToday: true, inCrm: false },
};

const clock = { type: 'string', pattern: '^(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)$' } as const;
const window = { type: 'object', additionalProperties: false, required: ['start', 'end'], properties: { start: clock, end: clock } } as const;
const day = {
  type: 'object', additionalProperties: false, required: ['enabled', 'start', 'end', 'breaks'],
  properties: { enabled: { type: 'boolean' }, start: clock, end: clock, breaks: { type: 'array', maxItems: 10, items: window } },
} as const;
const retryRule = {
  type: 'object', additionalProperties: false, required: ['count', 'intervalMs'],
  properties: { count: { type: 'integer', minimum: 0, maximum: 10 }, intervalMs: { type: 'integer', minimum: 0, maximum: 7 * 86_400_000 } },
} as const;

/** JSON schema of the settings in API bodies (every part optional: defaults fill in). */
export const taskSettingsSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    hours: { type: 'object', additionalProperties: false, required: [...WEEKDAYS], properties: Object.fromEntries(WEEKDAYS.map((d) => [d, day])) },
    retries: { type: 'object', additionalProperties: false, properties: Object.fromEntries(RETRYABLE_OUTCOMES.map((o) => [o, retryRule])) },
    callerIds: {
      type: 'object', additionalProperties: false,
      properties: {
        ids: { type: 'array', maxItems: 200, items: { type: 'integer', minimum: 1 } },
        rule: { type: 'string', enum: ['fixed', 'round-robin', 'random', 'least-used'] },
        maxDailyPerNumber: { type: 'integer', minimum: 0, maximum: 100_000 },
      },
    },
    skip: { type: 'object', additionalProperties: false, properties: { calledToday: { type: 'boolean' }, inCrm: { type: 'boolean' } } },
  },
} as const;

/** Input as the schema lets it through: every part optional. */
export interface TaskSettingsInput {
  readonly hours?: WorkingHours;
  readonly retries?: Partial<Record<RetryableOutcome, RetryRule>>;
  readonly callerIds?: Partial<TaskSettings['callerIds']>;
  readonly skip?: Partial<TaskSettings['skip']>;
}

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Problems a schema cannot see, located by JSON path: a window that ends before it starts, breaks outside the day. */
export function hoursProblems(h: WorkingHours, base: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const d of WEEKDAYS) {
    const { start, end, breaks } = h[d];
    if (minutesOf(start) >= minutesOf(end)) problems.push({ path: `${base}/${d}`, message: `starts at ${start}, not before it ends at ${end}` });
    let previousEnd = minutesOf(start);
    breaks.forEach((b, i) => {
      if (minutesOf(b.start) >= minutesOf(b.end) || minutesOf(b.start) < previousEnd || minutesOf(b.end) > minutesOf(end)) {
        problems.push({ path: `${base}/${d}/breaks/${i}`, message: 'breaks must lie inside the day, in order, each starting before it ends' });
      }
      previousEnd = Math.max(previousEnd, minutesOf(b.end));
    });
  }
  return problems;
}

/** Merges input over a base (the defaults, or the task's current settings). */
export function mergeTaskSettings(base: TaskSettings, input: TaskSettingsInput): TaskSettings {
  return {
    hours: input.hours ?? base.hours,
    retries: { ...base.retries, ...input.retries },
    callerIds: { ...base.callerIds, ...input.callerIds },
    skip: { ...base.skip, ...input.skip },
  };
}

/** Reads a stored settings document; anything unreadable falls back to the defaults (it was written by this module). */
export function readTaskSettings(json: string): TaskSettings {
  try {
    return mergeTaskSettings(DEFAULT_TASK_SETTINGS, JSON.parse(json) as TaskSettingsInput);
  } catch {
    return DEFAULT_TASK_SETTINGS;
  }
}
