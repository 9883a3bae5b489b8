/**
 * 首页统计: calls per Beijing day and per task over a date range — how many, how many answered,
 * and the grade distribution — for the console's dashboard charts. Counted by the database
 * (one grouped query per day and one for the tasks), never by reading call rows, so a day of
 * 100,000 calls costs the same as a day of ten. Read-only, managers only, through the caller's
 * scoped client (another enterprise's calls are never counted).
 *
 * Grades: an answered call carries its dialog's grade (A–D), a lead's last unanswered call F; an
 * unanswered call without a grade counts as E (未接通), as the lead list shows it.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '@waihu/db';
import { GRADES } from '@waihu/db';
import type { Services } from '../app.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf } from '../auth/plugin.js';
import { ApiError } from '../errors.js';
import { CHINA_OFFSET_MS, rangeEnd, rangeStart } from '../time.js';

const MAX_DAYS = 62;
const MAX_TASKS = 20;
const DAY_MS = 86_400_000;

export interface Tally { total: number; answered: number; grades: Record<string, number> }

const empty = (): Tally => ({ total: 0, answered: 0, grades: Object.fromEntries(GRADES.map((g) => [g, 0])) });

/** Adds one grouped row (grade, outcome, count) to a tally. */
export function addRow(t: Tally, grade: string | null, outcome: string | null, n: number): void {
  t.total += n;
  if (outcome === 'ANSWERED') t.answered += n;
  const g = grade ?? (outcome !== 'ANSWERED' ? 'E' : null);
  if (g !== null) t.grades[g] = (t.grades[g] ?? 0) + n;
}

/** Today in Beijing as YYYY-MM-DD. */
export const beijingDay = (ms: number): string => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** The Beijing days from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS) out.push(new Date(at).toISOString().slice(0, 10));
  return out;
}

async function dayTally(db: Db, day: string): Promise<Tally> {
  const rows = await db.callAttempt.groupBy({ by: ['grade', 'outcome'], where: { dialAt: { gte: rangeStart(day), lt: rangeEnd(day) } }, _count: { _all: true } });
  const t = empty();
  for (const r of rows) addRow(t, r.grade, r.outcome, r._count._all);
  return t;
}

const tallySchema = {
  total: { type: 'integer' }, answered: { type: 'integer' },
  grades: { type: 'object', description: 'calls by grade A–F (E: unanswered, not yet F)', properties: Object.fromEntries(GRADES.map((g) => [g, { type: 'integer' }])) },
} as const;

export async function callStatsRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get<{ Querystring: { from?: string; to?: string } }>('/calls/stats', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['calls'],
      summary: '首页统计 Calls per day and per task (total, answered, grades A–F) over Beijing days; default today',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { from: { type: 'string', format: 'date', description: 'first Beijing day (default today)' }, to: { type: 'string', format: 'date', description: `last Beijing day, inclusive (default: from); at most ${MAX_DAYS} days` } },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            from: { type: 'string' }, to: { type: 'string' },
            days: { type: 'array', items: { type: 'object', properties: { day: { type: 'string' }, ...tallySchema } } },
            tasks: { type: 'array', description: `the ${MAX_TASKS} tasks with most calls in the range`, items: { type: 'object', properties: { taskId: { type: 'integer' }, name: { type: 'string' }, ...tallySchema } } },
          },
        },
      },
    },
  }, async (request) => {
    const from = request.query.from ?? beijingDay(services.clock());
    const to = request.query.to ?? from;
    if (to < from) throw new ApiError(400, 'VALIDATION', 'to is before from', [{ path: '/to', message: 'must not be before from' }]);
    const days = daysBetween(from, to);
    if (days.length > MAX_DAYS) throw new ApiError(400, 'VALIDATION', `at most ${MAX_DAYS} days at once`, [{ path: '/to', message: `at most ${MAX_DAYS} days after from` }]);
    const db = dbOf(request);
    const [perDay, perTask] = await Promise.all([
      Promise.all(days.map(async (day) => ({ day, ...(await dayTally(db, day)) }))),
      db.callAttempt.groupBy({ by: ['taskId', 'grade', 'outcome'], where: { taskId: { not: null }, dialAt: { gte: rangeStart(from), lt: rangeEnd(to) } }, _count: { _all: true } }),
    ]);
    const byTask = new Map<number, Tally>();
    for (const r of perTask) {
      const t = byTask.get(r.taskId!) ?? empty();
      addRow(t, r.grade, r.outcome, r._count._all);
      byTask.set(r.taskId!, t);
    }
    const top = [...byTask.entries()].sort((a, b) => b[1].total - a[1].total || b[0] - a[0]).slice(0, MAX_TASKS);
    const names = new Map((await db.callTask.findMany({ where: { id: { in: top.map(([id]) => id) } }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
    return { from, to, days: perDay, tasks: top.map(([taskId, t]) => ({ taskId, name: names.get(taskId) ?? `#${taskId}`, ...t })) };
  });
}
