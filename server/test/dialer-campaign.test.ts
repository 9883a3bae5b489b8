/**
 * Whole campaigns in simulated time against a fake trunk with scripted outcomes, in both queue
 * modes (the embedded queue on the database, and BullMQ on Redis): calling hours with breaks,
 * retries by outcome with E→F, pacing (lines and calls per second), skip rules, the blacklist
 * and a spoken opt-out checked before each dial, pause / resume / stop, two workers sharing a
 * campaign and two tasks sharing numbers — never the same number twice at once — and the shared
 * budget: two and three schedulers ticking at once never exceed a task's lines or calls per
 * second, nor a trunk's campaign lines across its tasks. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support.js';
import { tenantClients } from '../src/tenancy.js';
import { writeSettings } from '../src/crm/settings.js';
import { fakeTrunk } from '../src/dialer/fake-trunk.js';
import type { ScriptedCall } from '../src/dialer/fake-trunk.js';
import { isOpen, readTaskSettings, DEFAULT_TASK_SETTINGS } from '../src/dialer/core/index.js';
import type { WorkingHours } from '../src/dialer/core/index.js';
import { writeDialerSettings } from '../src/dialer/enterprise-settings.js';
import { progress } from '../src/dialer/tasks.js';
import { SimClock, runSimulated } from '../src/dialer/testing/sim.js';
import { attemptStore, campaignWorld, cleanRedis, indexOfPhone, makeDialer, makeLeads, redisAvailable, startedTask } from '../src/dialer/testing/fixture.js';
import type { CampaignWorld } from '../src/dialer/testing/fixture.js';
import { mostAtOnce, mostInWindow } from '../src/dialer/testing/processes.js';
import type { QueueMode } from '../src/dialer/testing/fixture.js';
import type { Dialer } from '../src/dialer/dialer.js';

const MIN = 60_000;
/** Monday 2026-11-23 11:30 in Beijing. */
const MONDAY_1130 = Date.parse('2026-11-23T11:30:00+08:00');
const day = { enabled: true, start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };
const off = { ...day, enabled: false };
const TASK_HOURS: WorkingHours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: off, sun: off };
/** The robot's own hours end the lunch break later (13:30): both must hold. */
const robotDay = { enabled: true, start: '08:30', end: '17:30', breaks: [{ start: '12:00', end: '13:30' }] };
const ROBOT_HOURS: WorkingHours = { mon: robotDay, tue: robotDay, wed: robotDay, thu: robotDay, fri: robotDay, sat: robotDay, sun: robotDay };

/** What happens to lead i (by its number) on each dial. */
function script(i: number, attemptNo: number): ScriptedCall {
  switch (i % 10) {
    case 0: case 1: case 2: case 3: return { outcome: 'ANSWERED', grade: (['A', 'B', 'C', 'D'] as const)[i % 4], talkMs: 60_000, ringMs: 8_000 };
    case 4: return { outcome: 'NO_ANSWER', ringMs: 45_000 };
    case 5: return attemptNo === 1 ? { outcome: 'BUSY', ringMs: 3_000 } : { outcome: 'ANSWERED', grade: 'B', talkMs: 40_000 };
    case 6: return { outcome: 'INVALID_NUMBER', ringMs: 4_000 };
    case 7: return { outcome: 'REJECTED', ringMs: 6_000 };
    case 8: return { outcome: 'ANSWERED', grade: 'D', talkMs: 20_000, calleeSays: ['喂', '不要再打了！'] };
    default: return { outcome: 'ANSWERED', grade: 'C', talkMs: 30_000 };
  }
}

const redisOk = await redisAvailable();
if (!redisOk) console.warn('SKIPPED the Redis (BullMQ) runs of the dialer tests: no Redis at 127.0.0.1:6379');
const modes: QueueMode[] = redisOk ? ['embedded', 'redis'] : ['embedded'];
const kinds = await databases();
// Every queue mode on every database (the claim, the guard and the shared budget are the database's).
const runs: [string, QueueMode][] = kinds.flatMap((k) => modes.map((m) => [k, m] as [string, QueueMode]));

describe.each(runs)('dialer campaigns on %s with the %s queue', { timeout: 120_000 }, (kind, mode) => {
  // A database copied from a migrated template, with an enterprise, its admin and an agent: no API is needed here.
  let api: CampaignWorld;
  const prefix = `waihu-test-${process.pid}-${Date.now()}-${kind}-${mode}`;
  const dialers: Dialer[] = [];
  beforeAll(async () => {
    api = await campaignWorld(kind as 'sqlite' | 'postgres');
    const scoped = tenantClients(api.db)(api.a.id);
    await writeSettings(scoped, api.a.adminId, { workingHours: ROBOT_HOURS, sms: { enabled: true } }, MONDAY_1130);
  });
  afterAll(async () => {
    for (const d of dialers) await d.close();
    await api?.close();
    if (mode === 'redis') await cleanRedis(prefix);
  });

  function dialerFor(clock: SimClock, trunk: ReturnType<typeof fakeTrunk>, workerId = 'w1', onDial?: () => void): Dialer {
    const d = makeDialer({ db: api.db, dial: trunk.dial, attempts: attemptStore(api.db, api.secrets), clock: clock.read, secrets: api.secrets, workerId, mode, prefix, random: () => 0.5, reclaimEveryMs: 10 * MIN, ...(onDial ? { onDial } : {}) });
    dialers.push(d);
    return d;
  }

  it('runs a campaign across the lunch break with retries, pacing, skips, opt-outs, SMS, webhooks and callbacks', async () => {
    const { db, a } = api;
    const scoped = tenantClients(db)(a.id);
    const clock = new SimClock(MONDAY_1130);
    const trunk = fakeTrunk({ script: (lead, n) => script(indexOfPhone(lead.phone), n), sleep: clock.sleep, now: clock.read });
    const leadIds = await makeLeads(db, a.id, 100, 0);
    // Five numbers are blacklisted after import, one is already a CRM customer, one was called today by another task.
    for (const i of [9, 19, 29, 39, 49]) await db.blacklist.create({ data: { enterpriseId: a.id, phone: `139${String(i).padStart(8, '0')}` } });
    await db.customer.create({ data: { enterpriseId: a.id, phone: '13900000059', name: '老客户' } });
    await db.callAttempt.create({ data: { enterpriseId: a.id, calleeNumber: '13900000069', callerNumber: '1', dialAt: new Date(MONDAY_1130 - 3_600_000), outcome: 'ANSWERED' } });
    const agent = await db.user.findFirstOrThrow({ where: { enterpriseId: a.id, role: 'AGENT' } });
    const group = await db.agentGroup.create({ data: { enterpriseId: a.id, name: '回访组' } });
    await db.agentGroupMember.create({ data: { enterpriseId: a.id, groupId: group.id, userId: agent.id } });
    await writeDialerSettings(scoped, api.secrets, a.adminId, { optOutBlacklist: true, callback: { enabled: true, grades: ['A', 'B'], agentGroupId: group.id }, webhook: { enabled: true, url: 'http://127.0.0.1:9/hook', secret: 'webhook-secret-1' } }, MONDAY_1130);
    const tpl = await db.smsTemplate.create({ data: { enterpriseId: a.id, grade: 'A', text: '【演示】感谢您的关注', approved: true } });
    await db.smsTemplate.create({ data: { enterpriseId: a.id, grade: 'B', text: '未审核的短信', approved: false } });
    const c1 = await db.callerId.create({ data: { enterpriseId: a.id, number: '02100000001', approved: true } });
    const c2 = await db.callerId.create({ data: { enterpriseId: a.id, number: '02100000002', approved: true } });

    const taskId = await startedTask(db, a.id, a.adminId, leadIds, {
      lines: 5, maxCallsPerSecond: 1,
      settings: {
        hours: TASK_HOURS, skip: { calledToday: true, inCrm: true }, callerIds: { ids: [c1.id, c2.id], rule: 'round-robin' },
        retries: { NO_ANSWER: { count: 2, intervalMs: 30 * MIN }, BUSY: { count: 1, intervalMs: 10 * MIN } },
      },
    }, MONDAY_1130);
    const dialer = dialerFor(clock, trunk);
    const task = () => db.callTask.findUniqueOrThrow({ where: { id: taskId } });
    const t0 = performance.now();
    const rounds = await runSimulated(clock, [dialer], { until: async () => (await task()).state === 'COMPLETED', maxSimMs: 2 * 86_400_000 });
    console.log(`${kind}/${mode}: ${trunk.log.length} dials over ${((clock.now - MONDAY_1130) / 3_600_000).toFixed(1)} simulated hours in ${rounds} rounds, ${(performance.now() - t0).toFixed(0)} ms`);

    // Every lead ended graded (DONE/FAILED) or skipped with a reason; none is left in the queue or mid-dial.
    const rows = await db.callTaskLead.findMany({ where: { taskId }, include: { lead: true } });
    expect(rows.filter((r) => !['DONE', 'FAILED', 'SKIPPED'].includes(r.state))).toEqual([]);
    expect(rows.filter((r) => r.state !== 'SKIPPED' && r.grade === null)).toEqual([]);
    expect((await task()).stateReason).toBe('no-leads-left');
    expect(await db.activeDial.count()).toBe(0);

    // Hours: every dial started inside both the task's hours and the robot's.
    const window = { task: TASK_HOURS, robot: ROBOT_HOURS, startAt: null, endAt: null };
    expect(trunk.log.filter((d) => !isOpen(window, d.startAt)).map((d) => new Date(d.startAt).toISOString())).toEqual([]);
    expect(trunk.log.some((d) => d.startAt >= Date.parse('2026-11-23T13:30:00+08:00'))).toBe(true);
    // Pacing: never more than 5 lines; at most one new dial per second on average over any 10 s.
    expect(trunk.maxConcurrent()).toBeLessThanOrEqual(5);
    expect(trunk.maxConcurrent()).toBe(5);
    const starts = trunk.log.map((d) => d.startAt).sort((x, y) => x - y);
    for (let k = 0; k + 11 < starts.length; k++) expect(starts[k + 11]! - starts[k]!).toBeGreaterThanOrEqual(10_000);
    expect(trunk.doubleDials).toEqual([]);
    // Caller IDs rotate.
    expect(new Set(trunk.log.map((d) => d.callerNumber))).toEqual(new Set(['02100000001', '02100000002']));

    const byIndex = (i: number) => rows.find((r) => indexOfPhone(r.lead.phone) === i)!;
    const dialsOf = (i: number) => trunk.log.filter((d) => indexOfPhone(d.phone) === i);
    // Retries: no answer three times, 30 minutes apart or more, then F; busy then answered; never after rejected or invalid.
    expect(byIndex(4)).toMatchObject({ state: 'FAILED', attempts: 3, grade: 'F', lastOutcome: 'NO_ANSWER' });
    const na = dialsOf(4);
    expect(na).toHaveLength(3);
    expect(na[1]!.startAt - na[0]!.endAt!).toBeGreaterThanOrEqual(30 * MIN);
    expect((await db.lead.findUniqueOrThrow({ where: { id: byIndex(4).leadId } })).grade).toBe('F');
    expect(byIndex(5)).toMatchObject({ state: 'DONE', attempts: 2, grade: 'B' });
    expect(dialsOf(5)[1]!.startAt - dialsOf(5)[0]!.endAt!).toBeGreaterThanOrEqual(10 * MIN);
    expect(byIndex(6)).toMatchObject({ state: 'FAILED', attempts: 1, grade: 'E', lastOutcome: 'INVALID_NUMBER' });
    expect(byIndex(7)).toMatchObject({ state: 'FAILED', attempts: 1, grade: 'E', lastOutcome: 'REJECTED' });
    expect(byIndex(0)).toMatchObject({ state: 'DONE', attempts: 1, grade: 'A' });
    // Skips: checked before the dial; never dialed.
    for (const i of [9, 19, 29, 39, 49]) {
      expect(byIndex(i)).toMatchObject({ state: 'SKIPPED', skipReason: 'blacklisted' });
      expect(dialsOf(i)).toEqual([]);
    }
    expect(byIndex(59)).toMatchObject({ state: 'SKIPPED', skipReason: 'in-crm' });
    expect(byIndex(69)).toMatchObject({ state: 'SKIPPED', skipReason: 'called-today' });
    expect(byIndex(79)).toMatchObject({ state: 'DONE', grade: 'C' });
    // A spoken opt-out blacklisted the number (the enterprise enabled it).
    const optOut = await db.blacklist.findUnique({ where: { enterpriseId_phone: { enterpriseId: a.id, phone: '13900000008' } } });
    expect(optOut?.reason).toContain('不要再打了');
    // SMS only for A (the B template is not approved); a webhook push for every attempt; A/B leads assigned to the agent.
    const sms = await db.delivery.findMany({ where: { kind: 'sms' } });
    const gradeA = rows.filter((r) => r.grade === 'A').length;
    expect(sms).toHaveLength(gradeA);
    expect(JSON.parse(sms[0]!.payload)).toMatchObject({ templateId: tpl.id, text: '【演示】感谢您的关注', grade: 'A' });
    expect(await db.delivery.count({ where: { kind: 'webhook' } })).toBe(trunk.log.length);
    const warm = rows.filter((r) => r.grade === 'A' || r.grade === 'B');
    const owned = await db.lead.findMany({ where: { id: { in: warm.map((r) => r.leadId) } }, select: { ownerId: true } });
    expect(owned.every((l) => l.ownerId === agent.id)).toBe(true);
    // Progress counts what happened.
    const p = await progress(scoped, taskId);
    expect(p.submitted).toBe(100);
    expect(p.dialed).toBe(trunk.log.length);
    expect(p.connected).toBe(trunk.log.filter((d) => script(indexOfPhone(d.phone), d.attemptNo).outcome === 'ANSWERED').length);
    expect(p.byGrade['F']).toBe(10);
    expect(p.failedByOutcome).toMatchObject({ NO_ANSWER: 10, INVALID_NUMBER: 10, REJECTED: 10 });
    expect(p.skippedByReason).toEqual({ blacklisted: 5, 'in-crm': 1, 'called-today': 1 });
    expect(readTaskSettings((await task()).settings).retries.POWERED_OFF).toEqual(DEFAULT_TASK_SETTINGS.retries.POWERED_OFF);
  });

  it('pauses, resumes and stops: no new dial after pause or stop, calls in progress finish', async () => {
    const { db, a } = api;
    const scoped = tenantClients(db)(a.id);
    const start = Date.parse('2026-11-24T09:00:00+08:00');
    const clock = new SimClock(start);
    const trunk = fakeTrunk({ script: () => ({ outcome: 'ANSWERED', grade: 'C', talkMs: 50_000, ringMs: 5_000 }), sleep: clock.sleep, now: clock.read });
    const leadIds = await makeLeads(db, a.id, 30, 1_000);
    const taskId = await startedTask(db, a.id, a.adminId, leadIds, { lines: 4, maxCallsPerSecond: 2, settings: { hours: TASK_HOURS, skip: { calledToday: false, inCrm: false } } }, start);
    const dialer = dialerFor(clock, trunk);
    const { transition } = await import('../src/dialer/tasks.js');
    let pausedAt = 0;
    await runSimulated(clock, [dialer], {
      maxSimMs: 3_600_000,
      onRound: async (now) => { if (pausedAt === 0 && trunk.log.length >= 6) { await transition(scoped, taskId, 'pause', now); pausedAt = now; } },
      until: async () => pausedAt > 0 && clock.now >= pausedAt + 10 * MIN,
    });
    expect(trunk.log.filter((d) => d.startAt > pausedAt)).toEqual([]);
    expect(trunk.active()).toBe(0);
    expect(await db.callTaskLead.count({ where: { taskId, state: 'DIALING' } })).toBe(0);
    const before = trunk.log.length;
    await transition(scoped, taskId, 'resume', clock.now);
    let stoppedAt = 0;
    await runSimulated(clock, [dialer], {
      maxSimMs: 3_600_000,
      onRound: async (now) => { if (stoppedAt === 0 && trunk.log.length >= before + 6) { await transition(scoped, taskId, 'stop', now); stoppedAt = now; } },
      until: async () => stoppedAt > 0 && clock.now >= stoppedAt + 10 * MIN,
    });
    expect(trunk.log.length).toBeGreaterThanOrEqual(before + 6);
    expect(trunk.log.filter((d) => d.startAt > stoppedAt)).toEqual([]);
    const t = await db.callTask.findUniqueOrThrow({ where: { id: taskId } });
    expect(t.state).toBe('STOPPED');
    // What was not dialed stays in the queue, undialed; what was dialed is graded.
    const rows = await db.callTaskLead.groupBy({ by: ['state'], where: { taskId }, _count: { _all: true } });
    expect(Object.fromEntries(rows.map((r) => [r.state, r._count._all]))).toEqual({ DONE: trunk.log.length, PENDING: 30 - trunk.log.length });
  });

  it('shares a campaign between two workers and never dials a number of two tasks at once', async () => {
    const { db, a } = api;
    const start = Date.parse('2026-11-25T09:00:00+08:00');
    const clock = new SimClock(start);
    const trunk = fakeTrunk({ script: (lead) => ({ outcome: 'ANSWERED', grade: 'B', talkMs: 20_000 + (indexOfPhone(lead.phone) % 7) * 5_000, ringMs: 4_000 }), sleep: clock.sleep, now: clock.read });
    const leadIds = await makeLeads(db, a.id, 16, 2_000);
    // Both tasks hold the same 16 leads; "called today" is off so only the guard keeps them apart.
    const settings = { hours: TASK_HOURS, skip: { calledToday: false, inCrm: false } };
    const t1 = await startedTask(db, a.id, a.adminId, leadIds, { lines: 6, maxCallsPerSecond: 5, settings }, start);
    const t2 = await startedTask(db, a.id, a.adminId, [...leadIds].reverse(), { lines: 6, maxCallsPerSecond: 5, settings }, start);
    const w1 = dialerFor(clock, trunk, 'worker-1');
    const w2 = dialerFor(clock, trunk, 'worker-2');
    const done = async () => (await db.callTask.count({ where: { id: { in: [t1, t2] }, state: 'COMPLETED' } })) === 2;
    await runSimulated(clock, [w1, w2], { until: done, maxSimMs: 4 * 3_600_000 });
    expect(trunk.doubleDials).toEqual([]);
    expect(trunk.log).toHaveLength(32);
    // Each number dialed once per task, and its two calls never overlap.
    for (const id of leadIds) {
      const calls = trunk.log.filter((d) => d.leadId === id).sort((x, y) => x.startAt - y.startAt);
      expect(calls.map((c) => c.taskId).sort()).toEqual([t1, t2].sort());
      expect(calls[1]!.startAt).toBeGreaterThanOrEqual(calls[0]!.endAt!);
    }
    expect(await db.callTaskLead.count({ where: { taskId: { in: [t1, t2] }, state: { not: 'DONE' } } })).toBe(0);
    expect(await db.callAttempt.count({ where: { taskId: { in: [t1, t2] } } })).toBe(32);
  });
  it('paces a task with an agent group by 发送比例 × idle agents (150 %: three lines for two idle agents, one for one, none while nobody is idle)', async () => {
    const { db, a } = api;
    const start = Date.parse('2026-11-30T09:00:00+08:00'); // a Monday
    const clock = new SimClock(start);
    const trunk = fakeTrunk({ script: () => ({ outcome: 'ANSWERED', grade: 'C', ringMs: 1_000, talkMs: 9_000 }), sleep: clock.sleep, now: clock.read });
    const group = await db.agentGroup.create({ data: { enterpriseId: a.id, name: '发送比例组' } });
    const settings = { hours: TASK_HOURS, skip: { calledToday: false, inCrm: false } };
    const taskId = await startedTask(db, a.id, a.adminId, await makeLeads(db, a.id, 40, 70_000), { lines: 8, maxCallsPerSecond: 5, agentGroupId: group.id, dialRatioPercent: 150, settings }, start);
    // Two agents idle for the first two minutes, nobody for the next three, then one.
    const idleAt = (t: number): number => (t < start + 2 * MIN ? 2 : t < start + 5 * MIN ? 0 : 1);
    const asked: { groupId: number; ratio: number }[] = [];
    const w = makeDialer({
      db, dial: trunk.dial, attempts: attemptStore(db, api.secrets), clock: clock.read, secrets: api.secrets, workerId: 'ratio', mode, prefix, random: () => 0.5, reclaimEveryMs: 10 * MIN,
      transferCapacity: async (enterpriseId, groupId, ratioPercent) => {
        expect(enterpriseId).toBe(a.id);
        asked.push({ groupId, ratio: ratioPercent });
        return Math.floor((idleAt(clock.now) * ratioPercent) / 100);
      },
    });
    const done = async () => (await db.callTask.count({ where: { id: taskId, state: 'COMPLETED' } })) === 1;
    await runSimulated(clock, [w], { until: done, maxSimMs: 3_600_000 });

    expect(trunk.log.filter((d) => d.taskId === taskId)).toHaveLength(40);
    expect(asked.every((q) => q.groupId === group.id && q.ratio === 150)).toBe(true);
    const calls = (from: number, to: number) => trunk.log.filter((d) => d.taskId === taskId && d.startAt >= from && d.startAt < to).map((d) => ({ from: d.startAt, to: d.endAt ?? Number.POSITIVE_INFINITY }));
    // 150 % of two idle agents is 3 lines (not the task's 8), and they were used.
    expect(mostAtOnce(calls(start, start + 2 * MIN))).toBe(3);
    // Nobody idle: no new dial (those already ringing finish).
    expect(calls(start + 2 * MIN + 1_000, start + 5 * MIN)).toEqual([]);
    // One idle agent at 150 %: one line.
    expect(mostAtOnce(calls(start + 5 * MIN, Number.POSITIVE_INFINITY))).toBe(1);
  });

  it('holds lines and calls per second across two and three schedulers, and a trunk\'s campaign lines across its tasks', async () => {
    const { db, a } = api;
    for (const n of [2, 3]) {
      // Thursday, then Friday, at nine.
      const start = Date.parse(`2026-11-${n === 2 ? 26 : 27}T09:00:00+08:00`);
      const clock = new SimClock(start);
      const trunk = fakeTrunk({
        script: (lead) => {
          const i = indexOfPhone(lead.phone) % 1_000;
          return i < 100 ? { outcome: 'ANSWERED', grade: 'C', ringMs: 1_000, talkMs: 2_000 + (i % 4) * 2_000 } : { outcome: 'ANSWERED', grade: 'C', ringMs: 500, talkMs: 500 };
        },
        sleep: clock.sleep, now: clock.read,
      });
      const shared = await db.trunk.create({ data: { enterpriseId: a.id, name: `共享外线${n}`, host: '127.0.0.1', lines: 10, campaignLines: 5 } });
      const settings = { hours: TASK_HOURS, skip: { calledToday: false, inCrm: false } };
      const base = 10_000 * n;
      // Two tasks on one trunk: 4 lines each, 5 for campaigns on the trunk. A third, without a trunk, is held by its calls per second.
      const t1 = await startedTask(db, a.id, a.adminId, await makeLeads(db, a.id, 20, base), { lines: 4, maxCallsPerSecond: 2, trunkId: shared.id, settings }, start);
      const t2 = await startedTask(db, a.id, a.adminId, await makeLeads(db, a.id, 20, base + 20), { lines: 4, maxCallsPerSecond: 3, trunkId: shared.id, settings }, start);
      const t3 = await startedTask(db, a.id, a.adminId, await makeLeads(db, a.id, 24, base + 100), { lines: 6, maxCallsPerSecond: 3, settings }, start);
      const perWorker = Array<number>(n).fill(0);
      const workers = Array.from({ length: n }, (_, k) => dialerFor(clock, trunk, `budget-${n}-${k}`, () => { perWorker[k]!++; }));
      const done = async () => (await db.callTask.count({ where: { id: { in: [t1, t2, t3] }, state: 'COMPLETED' } })) === 3;
      await runSimulated(clock, workers, { until: done, maxSimMs: 3_600_000 });

      expect(trunk.log).toHaveLength(64);
      expect(trunk.doubleDials).toEqual([]);
      expect(await db.activeDial.count()).toBe(0);
      const calls = (ids: readonly number[]) => trunk.log.filter((d) => ids.includes(d.taskId)).map((d) => ({ from: d.startAt, to: d.endAt ?? Number.POSITIVE_INFINITY }));
      const grantsIn = (id: number) => mostInWindow(trunk.log.filter((d) => d.taskId === id).map((d) => d.startAt));
      // Sampled at every dial start: never more than the caps, and each cap was reached (so it was what held).
      expect(mostAtOnce(calls([t1]))).toBeLessThanOrEqual(4);
      expect(mostAtOnce(calls([t2]))).toBeLessThanOrEqual(4);
      expect(mostAtOnce(calls([t1, t2]))).toBe(5);
      expect(mostAtOnce(calls([t3]))).toBeLessThanOrEqual(6);
      expect([grantsIn(t1), grantsIn(t2), grantsIn(t3)]).toEqual([2, 3, 3]);
      // Every scheduler dialed its share.
      expect(perWorker.every((c) => c > 0), `dials per scheduler: ${perWorker.join(', ')}`).toBe(true);
      expect(await db.callTaskLead.count({ where: { taskId: { in: [t1, t2, t3] }, state: { not: 'DONE' } } })).toBe(0);
    }
  });
});
