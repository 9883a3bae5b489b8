/**
 * The demo campaign `npm start` offers: on the demo enterprise, a test trunk (测试外线, host
 * `test`: simulated calls, nothing is dialed), an approved demo caller number, and a draft task
 * over the demo leads. A marketer presses start and watches progress. Seeded once.
 */
import type { Db } from '@waihu/db';
import { tenantClients } from '../tenancy.js';
import { readSettings, writeSettings } from '../crm/settings.js';
import { createTask, submitLeads } from './tasks.js';
import { TEST_TRUNK_HOST } from './production-dial.js';

export const DEMO_TASK_NAME = '演示外呼任务（测试外线，模拟通话）';

/** Seeds the demo campaign when the demo enterprise exists and has no task yet; returns the task id, or null. */
export async function seedDemoCampaign(db: Db, nowMs: number): Promise<number | null> {
  const e = await db.enterprise.findUnique({ where: { account: 'demo' } });
  if (!e) return null;
  const scoped = tenantClients(db)(e.id);
  if ((await scoped.callTask.count()) > 0) return null;
  const admin = await scoped.user.findFirst({ where: { role: 'ENTERPRISE_ADMIN' } });
  const template = await scoped.template.findFirst({ where: { archivedAt: null }, orderBy: { id: 'asc' } });
  if (!admin || !template) return null;
  const trunk = await scoped.trunk.findFirst({ where: { host: TEST_TRUNK_HOST } })
    ?? await db.trunk.create({ data: { enterpriseId: e.id, name: '测试外线（模拟，不拨打真实电话）', host: TEST_TRUNK_HOST, mode: 'peer', lines: 10, campaignLines: 10 } });
  const caller = await scoped.callerId.findFirst({ where: { number: '02000000000' } })
    ?? await db.callerId.create({ data: { enterpriseId: e.id, number: '02000000000', trunkId: trunk.id, approved: true, approvedAt: new Date(nowMs), note: '测试外线的演示号码（非真实号码）' } });
  // The demo should run whenever someone tries it: the demo enterprise's robot works all day unless its admin saved hours.
  const allDay = { enabled: true, start: '00:00', end: '24:00', breaks: [] };
  const always = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
  if ((await readSettings(scoped)).updatedAt === null) await writeSettings(scoped, admin.id, { workingHours: always }, nowMs);
  const task = await createTask(scoped, admin.id, {
    name: DEMO_TASK_NAME, templateId: template.id, trunkId: trunk.id, lines: 5, maxCallsPerSecond: 2,
    settings: { hours: always, callerIds: { ids: [caller.id], rule: 'round-robin' }, skip: { calledToday: false, inCrm: false }, retries: { NO_ANSWER: { count: 1, intervalMs: 60_000 }, BUSY: { count: 1, intervalMs: 30_000 } } },
  }, nowMs);
  const batch = await scoped.leadBatch.findFirst({ orderBy: { id: 'asc' } });
  if (batch) await submitLeads(scoped, task.id, { batchIds: [batch.id] }, nowMs);
  return task.id;
}
