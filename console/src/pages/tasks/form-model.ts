/**
 * The task form's state, its checks and the body it sends, apart from the page so they are
 * tested without a browser. The checks mirror what the server refuses (server/src/dialer/core/
 * settings.ts and tasks.ts) and name the field they are about, so the form shows each problem
 * beside its control before anything is sent; the server still has the last word.
 */
import type { DayHours, Grade, Weekday } from '../../api/types.js';
import type { MessageKey } from '../../i18n/index.js';
import { RETRY_OUTCOMES } from './types.js';
import type { CallTask, CallerIdRule, RetryOutcome, TaskSettings } from './types.js';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const LEAD_STATUSES = ['NEW', 'QUEUED', 'CALLING', 'CALLED', 'FAILED', 'MOVED'] as const;

export interface DayDraft { enabled: boolean; start: string; end: string; /** "12:00-13:00, 17:30-18:00" */ breaks: string }
export interface LeadFilterDraft { name: string; phone: string; batch: string; grades: Grade[]; statuses: string[]; createdFrom: string; createdTo: string }
export type LeadSource = 'batches' | 'filter' | 'none';

export interface TaskDraft {
  name: string;
  templateId: string;
  /** A version number; empty: the script's current version. */
  templateVersion: string;
  trunkId: string;
  callerIds: number[];
  callerRule: CallerIdRule;
  maxDailyPerNumber: string;
  /** datetime-local values; empty: now / no end. */
  startAt: string;
  endAt: string;
  lines: string;
  maxCallsPerSecond: string;
  dialRatioPercent: string;
  agentGroupId: string;
  hours: Record<Weekday, DayDraft>;
  retries: Record<RetryOutcome, { count: string; minutes: string }>;
  skipCalledToday: boolean;
  skipInCrm: boolean;
  leadSource: LeadSource;
  batchIds: number[];
  filter: LeadFilterDraft;
}

/** A problem, as a message key (and its values) to show beside the field it names. */
export interface Problem { readonly key: MessageKey; readonly vars?: Record<string, string | number> }
export type Problems = Record<string, Problem>;

const workday = (): DayDraft => ({ enabled: true, start: '09:00', end: '20:00', breaks: '12:00-13:00' });
const DEFAULT_RETRIES: Record<RetryOutcome, { count: number; minutes: number }> = {
  NO_ANSWER: { count: 2, minutes: 30 }, BUSY: { count: 2, minutes: 10 }, POWERED_OFF: { count: 1, minutes: 120 },
  SUSPENDED: { count: 0, minutes: 0 }, NETWORK_ERROR: { count: 2, minutes: 5 }, CANCELED: { count: 3, minutes: 1 },
};

/** A new task's form: the server's defaults (09:00–20:00 with a lunch break, retries, skip numbers called today). */
export function emptyDraft(): TaskDraft {
  return {
    name: '', templateId: '', templateVersion: '', trunkId: '', callerIds: [], callerRule: 'round-robin', maxDailyPerNumber: '0',
    startAt: '', endAt: '', lines: '1', maxCallsPerSecond: '1', dialRatioPercent: '100', agentGroupId: '',
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, workday()])) as Record<Weekday, DayDraft>,
    retries: Object.fromEntries(RETRY_OUTCOMES.map((o) => [o, { count: String(DEFAULT_RETRIES[o].count), minutes: String(DEFAULT_RETRIES[o].minutes) }])) as TaskDraft['retries'],
    skipCalledToday: true, skipInCrm: false, leadSource: 'batches', batchIds: [],
    filter: { name: '', phone: '', batch: '', grades: [], statuses: [], createdFrom: '', createdTo: '' },
  };
}

/** An ISO instant as a datetime-local value in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The form for an existing task (leads are added, not replaced: the source starts empty). */
export function draftOf(task: CallTask, templateVersion: number | null): TaskDraft {
  const s = task.settings;
  return {
    ...emptyDraft(),
    name: task.name, templateId: String(task.templateId), templateVersion: templateVersion === null ? '' : String(templateVersion),
    trunkId: task.trunkId === null ? '' : String(task.trunkId), callerIds: [...s.callerIds.ids], callerRule: s.callerIds.rule,
    maxDailyPerNumber: String(s.callerIds.maxDailyPerNumber), startAt: toLocalInput(task.startAt), endAt: toLocalInput(task.endAt),
    lines: String(task.lines), maxCallsPerSecond: String(task.maxCallsPerSecond), dialRatioPercent: String(task.dialRatioPercent),
    agentGroupId: task.agentGroupId === null ? '' : String(task.agentGroupId),
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, { enabled: s.hours[d].enabled, start: s.hours[d].start, end: s.hours[d].end, breaks: s.hours[d].breaks.map((b) => `${b.start}-${b.end}`).join(', ') }])) as Record<Weekday, DayDraft>,
    retries: Object.fromEntries(RETRY_OUTCOMES.map((o) => [o, { count: String(s.retries[o].count), minutes: String(Math.round(s.retries[o].intervalMs / 60_000)) }])) as TaskDraft['retries'],
    skipCalledToday: s.skip.calledToday, skipInCrm: s.skip.inCrm, leadSource: 'none',
  };
}

const CLOCK = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** "12:00-13:00, 17:30-18:00" as windows; null when a part is not two clock times. */
export function parseBreaks(text: string): { start: string; end: string }[] | null {
  const parts = text.split(/[,，;；\s]+/).map((x) => x.trim()).filter(Boolean);
  const out: { start: string; end: string }[] = [];
  for (const part of parts) {
    // A dash, a tilde or 至 (\u81f3) between the two times.
    const m = /^(\d{1,2}:\d{2})\s*[-–~～\u81f3]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!m) return null;
    const [start, end] = [m[1]!.padStart(5, '0'), m[2]!.padStart(5, '0')];
    if (!CLOCK.test(start) || !CLOCK.test(end)) return null;
    out.push({ start, end });
  }
  return out;
}

function intIn(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

function hoursProblems(hours: Record<Weekday, DayDraft>, out: Problems): void {
  let anyDay = false;
  for (const d of WEEKDAYS) {
    const h = hours[d];
    anyDay ||= h.enabled;
    if (!CLOCK.test(h.start) || !CLOCK.test(h.end)) { out[`hours.${d}`] = { key: 'taskForm.badClock' }; continue; }
    if (minutes(h.start) >= minutes(h.end)) { out[`hours.${d}`] = { key: 'taskForm.endBeforeStart', vars: { start: h.start, end: h.end } }; continue; }
    const breaks = parseBreaks(h.breaks);
    if (!breaks) { out[`hours.${d}.breaks`] = { key: 'taskForm.badBreaks' }; continue; }
    if (breaks.length > 10) { out[`hours.${d}.breaks`] = { key: 'taskForm.tooManyBreaks' }; continue; }
    let previousEnd = minutes(h.start);
    for (const b of breaks) {
      if (minutes(b.start) >= minutes(b.end) || minutes(b.start) < previousEnd || minutes(b.end) > minutes(h.end)) {
        out[`hours.${d}.breaks`] = { key: 'taskForm.breakOutside', vars: { window: `${b.start}-${b.end}` } };
        break;
      }
      previousEnd = minutes(b.end);
    }
  }
  if (!anyDay) out['hours'] = { key: 'taskForm.noDay' };
}

/**
 * What is wrong with the form, by field. `creating`: a new task must say where its leads come
 * from (an edited one may add more, or none).
 */
export function validateDraft(d: TaskDraft, opts: { creating: boolean }): Problems {
  const out: Problems = {};
  if (!d.name.trim()) out['name'] = { key: 'taskForm.required' };
  else if (d.name.trim().length > 100) out['name'] = { key: 'taskForm.tooLong', vars: { max: 100 } };
  if (!d.templateId) out['templateId'] = { key: 'taskForm.required' };
  if (intIn(d.lines, 1, 1000) === null) out['lines'] = { key: 'taskForm.range', vars: { min: 1, max: 1000 } };
  if (intIn(d.maxCallsPerSecond, 1, 1000) === null) out['maxCallsPerSecond'] = { key: 'taskForm.range', vars: { min: 1, max: 1000 } };
  if (intIn(d.dialRatioPercent, 10, 1000) === null) out['dialRatioPercent'] = { key: 'taskForm.range', vars: { min: 10, max: 1000 } };
  if (intIn(d.maxDailyPerNumber, 0, 100_000) === null) out['maxDailyPerNumber'] = { key: 'taskForm.range', vars: { min: 0, max: 100_000 } };
  if (d.startAt && d.endAt && Date.parse(d.startAt) >= Date.parse(d.endAt)) out['endAt'] = { key: 'taskForm.endAtBeforeStart' };
  hoursProblems(d.hours, out);
  for (const o of RETRY_OUTCOMES) {
    const r = d.retries[o];
    if (intIn(r.count, 0, 10) === null) out[`retries.${o}.count`] = { key: 'taskForm.range', vars: { min: 0, max: 10 } };
    if (intIn(r.minutes, 0, 7 * 24 * 60) === null) out[`retries.${o}.minutes`] = { key: 'taskForm.range', vars: { min: 0, max: 7 * 24 * 60 } };
  }
  if (d.leadSource === 'batches' && d.batchIds.length === 0) out['leads'] = { key: 'taskForm.chooseBatch' };
  if (d.leadSource === 'filter') {
    const f = d.filter;
    const any = f.name.trim() || f.phone.trim() || f.batch.trim() || f.grades.length || f.statuses.length || f.createdFrom || f.createdTo;
    if (!any) out['leads'] = { key: 'taskForm.emptyFilter' };
    if (f.phone.trim() && !/^\d{1,20}$/.test(f.phone.trim())) out['filter.phone'] = { key: 'taskForm.digits' };
    if (f.createdFrom && f.createdTo && f.createdFrom > f.createdTo) out['filter.createdTo'] = { key: 'taskForm.endAtBeforeStart' };
  }
  if (opts.creating && d.leadSource === 'none') out['leads'] = { key: 'taskForm.chooseLeads' };
  return out;
}

/** A Beijing calendar day's first instant (the lead list's dates are Beijing days). */
const beijingDayStart = (day: string): number => Date.parse(`${day}T00:00:00+08:00`);

export interface LeadsBody {
  leadIds?: number[];
  batchIds?: number[];
  filter?: { name?: string; phone?: string; batch?: string; grade?: string[]; status?: string[]; createdFrom?: string; createdTo?: string };
}

/** Where the leads come from, as the API's `leads` body; null when none are added. */
export function leadsBody(d: TaskDraft): LeadsBody | null {
  if (d.leadSource === 'batches') return d.batchIds.length ? { batchIds: [...d.batchIds] } : null;
  if (d.leadSource !== 'filter') return null;
  const f = d.filter;
  const filter: NonNullable<LeadsBody['filter']> = {};
  if (f.name.trim()) filter.name = f.name.trim();
  if (f.phone.trim()) filter.phone = f.phone.trim();
  if (f.batch.trim()) filter.batch = f.batch.trim();
  if (f.grades.length) filter.grade = [...f.grades];
  if (f.statuses.length) filter.status = [...f.statuses];
  if (f.createdFrom) filter.createdFrom = new Date(beijingDayStart(f.createdFrom)).toISOString();
  // The filter's end is exclusive; the form's "to" day is included.
  if (f.createdTo) filter.createdTo = new Date(beijingDayStart(f.createdTo) + 86_400_000).toISOString();
  return { filter };
}

export interface TaskBody {
  name: string;
  templateId?: number;
  templateVersion?: number;
  trunkId: number | null;
  agentGroupId: number | null;
  startAt: string | null;
  endAt: string | null;
  lines: number;
  maxCallsPerSecond: number;
  dialRatioPercent: number;
  settings: Omit<TaskSettings, 'hours'> & { hours: Record<Weekday, DayHours> };
}

/** The task as the API takes it (call only when {@link validateDraft} found nothing). */
export function taskBody(d: TaskDraft, opts: { includeScript: boolean }): TaskBody {
  const num = (s: string): number | null => (s === '' ? null : Number(s));
  return {
    name: d.name.trim(),
    ...(opts.includeScript ? { templateId: Number(d.templateId), ...(d.templateVersion ? { templateVersion: Number(d.templateVersion) } : {}) } : {}),
    trunkId: num(d.trunkId), agentGroupId: num(d.agentGroupId),
    startAt: d.startAt ? new Date(d.startAt).toISOString() : null,
    endAt: d.endAt ? new Date(d.endAt).toISOString() : null,
    lines: Number(d.lines), maxCallsPerSecond: Number(d.maxCallsPerSecond), dialRatioPercent: Number(d.dialRatioPercent),
    settings: {
      hours: Object.fromEntries(WEEKDAYS.map((day) => {
        const h = d.hours[day];
        return [day, { enabled: h.enabled, start: h.start, end: h.end, breaks: parseBreaks(h.breaks) ?? [] }];
      })) as Record<Weekday, DayHours>,
      retries: Object.fromEntries(RETRY_OUTCOMES.map((o) => [o, { count: Number(d.retries[o].count), intervalMs: Number(d.retries[o].minutes) * 60_000 }])) as TaskSettings['retries'],
      callerIds: { ids: [...d.callerIds], rule: d.callerRule, maxDailyPerNumber: Number(d.maxDailyPerNumber) },
      skip: { calledToday: d.skipCalledToday, inCrm: d.skipInCrm },
    },
  };
}

/** The server's located details (`/settings/hours/mon/breaks/0`, `/endAt`) as the form's field names. */
export function fieldOfPath(path: string): string {
  const p = path.replace(/^\//, '').split('/');
  if (p[0] === 'settings' && p[1] === 'hours' && p[2]) return p[3] === 'breaks' ? `hours.${p[2]}.breaks` : `hours.${p[2]}`;
  if (p[0] === 'settings' && p[1] === 'retries' && p[2]) return `retries.${p[2]}.${p[3] === 'intervalMs' ? 'minutes' : 'count'}`;
  if (p[0] === 'settings' && p[1] === 'callerIds') return p[2] === 'maxDailyPerNumber' ? 'maxDailyPerNumber' : 'callerIds';
  if (p[0] === 'leads' || p[0] === 'filter') return 'leads';
  return p[0] ?? '';
}
