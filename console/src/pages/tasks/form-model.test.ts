import { describe, expect, it } from 'vitest';
import { draftOf, emptyDraft, fieldOfPath, leadsBody, parseBreaks, taskBody, validateDraft } from './form-model.js';
import type { TaskDraft } from './form-model.js';
import type { CallTask } from './types.js';

const valid = (): TaskDraft => ({ ...emptyDraft(), name: '双十一回访', templateId: '3', batchIds: [7] });

describe('the task form model', () => {
  it('finds nothing wrong with a filled-in new task and sends the server its own shapes', () => {
    const d = valid();
    d.hours.sat = { enabled: false, start: '10:00', end: '18:00', breaks: '' };
    d.hours.mon.breaks = '12:00-13:00，17:30-18:00';
    d.retries.NO_ANSWER = { count: '3', minutes: '45' };
    d.callerIds = [4, 5];
    d.callerRule = 'random';
    d.agentGroupId = '2';
    d.dialRatioPercent = '200';
    expect(validateDraft(d, { creating: true })).toEqual({});
    const body = taskBody(d, { includeScript: true });
    expect(body).toMatchObject({ name: '双十一回访', templateId: 3, trunkId: null, agentGroupId: 2, lines: 1, maxCallsPerSecond: 1, dialRatioPercent: 200, startAt: null, endAt: null });
    expect(body).not.toHaveProperty('templateVersion');
    expect(body.settings.hours.mon).toEqual({ enabled: true, start: '09:00', end: '20:00', breaks: [{ start: '12:00', end: '13:00' }, { start: '17:30', end: '18:00' }] });
    expect(body.settings.hours.sat).toEqual({ enabled: false, start: '10:00', end: '18:00', breaks: [] });
    expect(body.settings.retries.NO_ANSWER).toEqual({ count: 3, intervalMs: 45 * 60_000 });
    expect(body.settings.callerIds).toEqual({ ids: [4, 5], rule: 'random', maxDailyPerNumber: 0 });
    expect(body.settings.skip).toEqual({ calledToday: true, inCrm: false });
    expect(leadsBody(d)).toEqual({ batchIds: [7] });
    expect(taskBody(d, { includeScript: false })).not.toHaveProperty('templateId');
  });

  it('names each problem by its field: required fields, ranges, dates, hours, breaks, retries and leads', () => {
    const d = emptyDraft();
    d.lines = '0';
    d.maxCallsPerSecond = '2.5';
    d.dialRatioPercent = '5';
    d.startAt = '2026-11-22T10:00';
    d.endAt = '2026-11-22T09:00';
    d.hours.tue.end = '08:00';
    d.hours.wed.breaks = 'lunch';
    d.hours.thu.breaks = '19:30-21:00';
    d.hours.fri.start = '9点';
    d.retries.BUSY.count = '11';
    const p = validateDraft(d, { creating: true });
    expect(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.key]))).toEqual({
      name: 'taskForm.required', templateId: 'taskForm.required', lines: 'taskForm.range', maxCallsPerSecond: 'taskForm.range', dialRatioPercent: 'taskForm.range',
      endAt: 'taskForm.endAtBeforeStart', 'hours.tue': 'taskForm.endBeforeStart', 'hours.wed.breaks': 'taskForm.badBreaks', 'hours.thu.breaks': 'taskForm.breakOutside',
      'hours.fri': 'taskForm.badClock', 'retries.BUSY.count': 'taskForm.range', leads: 'taskForm.chooseBatch',
    });
    expect(p['dialRatioPercent']!.vars).toEqual({ min: 10, max: 1000 });
    expect(p['hours.thu.breaks']!.vars).toEqual({ window: '19:30-21:00' });
  });

  it('needs a day to dial on, breaks in order, and leads for a new task but not for an edit', () => {
    const d = valid();
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const) d.hours[day].enabled = false;
    d.hours.mon.breaks = '15:00-16:00, 12:00-13:00';
    d.leadSource = 'none';
    const p = validateDraft(d, { creating: true });
    expect(p['hours']?.key).toBe('taskForm.noDay');
    expect(p['hours.mon.breaks']?.key).toBe('taskForm.breakOutside');
    expect(p['leads']?.key).toBe('taskForm.chooseLeads');
    expect(validateDraft(d, { creating: false })['leads']).toBeUndefined();
  });

  it('sends a lead search with Beijing days, the end day included, and refuses an empty one', () => {
    const d = valid();
    d.leadSource = 'filter';
    expect(validateDraft(d, { creating: true })['leads']?.key).toBe('taskForm.emptyFilter');
    d.filter = { name: ' 张 ', phone: '139', batch: '', grades: ['A', 'B'], statuses: ['NEW'], createdFrom: '2026-11-01', createdTo: '2026-11-21' };
    expect(validateDraft(d, { creating: true })).toEqual({});
    expect(leadsBody(d)).toEqual({ filter: { name: '张', phone: '139', grade: ['A', 'B'], status: ['NEW'], createdFrom: '2026-10-31T16:00:00.000Z', createdTo: '2026-11-21T16:00:00.000Z' } });
    d.filter.phone = '13x';
    expect(validateDraft(d, { creating: true })['filter.phone']?.key).toBe('taskForm.digits');
  });

  it('reads breaks in the ways people type them', () => {
    expect(parseBreaks('')).toEqual([]);
    expect(parseBreaks('9:00-9:30；12:00~13:00 17:00至17:30')).toEqual([{ start: '09:00', end: '09:30' }, { start: '12:00', end: '13:00' }, { start: '17:00', end: '17:30' }]);
    expect(parseBreaks('12:00')).toBeNull();
    expect(parseBreaks('25:00-26:00')).toBeNull();
  });

  it('fills the form from a task and maps the server\'s located details to fields', () => {
    const task = {
      id: 9, name: '回访', templateId: 3, templateVersionId: 11, trunkId: 2, agentGroupId: null, state: 'PAUSED', stateReason: null,
      startAt: null, endAt: null, lines: 4, maxCallsPerSecond: 2, dialRatioPercent: 150, startedAt: null, finishedAt: null, createdAt: '2026-11-21T00:00:00Z',
      settings: {
        hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((x) => [x, { enabled: x !== 'sun', start: '08:30', end: '21:00', breaks: [{ start: '12:00', end: '13:30' }] }])),
        retries: { NO_ANSWER: { count: 1, intervalMs: 600_000 }, BUSY: { count: 0, intervalMs: 0 }, POWERED_OFF: { count: 0, intervalMs: 0 }, SUSPENDED: { count: 0, intervalMs: 0 }, NETWORK_ERROR: { count: 0, intervalMs: 0 }, CANCELED: { count: 0, intervalMs: 0 } },
        callerIds: { ids: [5], rule: 'least-used', maxDailyPerNumber: 300 }, skip: { calledToday: false, inCrm: true },
      },
    } as unknown as CallTask;
    const d = draftOf(task, null);
    expect(d).toMatchObject({ name: '回访', templateId: '3', trunkId: '2', agentGroupId: '', lines: '4', dialRatioPercent: '150', callerIds: [5], callerRule: 'least-used', maxDailyPerNumber: '300', skipCalledToday: false, skipInCrm: true, leadSource: 'none' });
    expect(d.hours.mon).toEqual({ enabled: true, start: '08:30', end: '21:00', breaks: '12:00-13:30' });
    expect(d.retries.NO_ANSWER).toEqual({ count: '1', minutes: '10' });
    expect(validateDraft(d, { creating: false })).toEqual({});
    expect(taskBody(d, { includeScript: false }).settings).toEqual(task.settings);
    expect(fieldOfPath('/settings/hours/mon/breaks/0')).toBe('hours.mon.breaks');
    expect(fieldOfPath('/settings/hours/tue')).toBe('hours.tue');
    expect(fieldOfPath('/settings/retries/BUSY/intervalMs')).toBe('retries.BUSY.minutes');
    expect(fieldOfPath('/settings/callerIds/ids/0')).toBe('callerIds');
    expect(fieldOfPath('/endAt')).toBe('endAt');
  });
});
