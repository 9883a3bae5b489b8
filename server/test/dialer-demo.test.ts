/**
 * The demo campaign `npm start` seeds: started over the API, it runs to completion on the test
 * trunk's script (in simulated time here); and a task on a real trunk is paused with
 * DIAL_NOT_CONFIGURED (the robot-call runtime is not wired yet) instead of failing its leads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from './support.js';
import type { TestApi } from './support.js';
import { PASSWORD } from './support.js';
import { SAMPLES } from '@waihu/scripts-templates';
import { hashPassword } from '../src/auth/secrets.js';
import { createScript } from '../src/scripts/store.js';
import { tenantClients as clients } from '../src/tenancy.js';
import { seedDemoCampaign, DEMO_TASK_NAME } from '../src/dialer/demo.js';
import { fakeTrunk } from '../src/dialer/fake-trunk.js';
import { productionDial, testTrunkScript } from '../src/dialer/production-dial.js';
import { Dialer } from '../src/dialer/dialer.js';
import type { DialStore } from '../src/dialer/store.js';
import { EmbeddedQueue } from '../src/dialer/queue/embedded.js';
import { SimClock, runSimulated } from '../src/dialer/testing/sim.js';
import { attemptStore, makeLeads, startedTask } from '../src/dialer/testing/fixture.js';

describe('the demo campaign', { timeout: 120_000 }, () => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi('sqlite'); });
  afterAll(async () => { await api?.close(); });

  it('is seeded on a labelled test trunk and runs to completion when started', async () => {
    const { db } = api;
    // What seedDemo makes on a fresh install (this database already has tenants, so it would not run).
    const e = await db.enterprise.create({ data: { name: '演示企业', account: 'demo' } });
    const adminId = (await db.user.create({ data: { enterpriseId: e.id, role: 'ENTERPRISE_ADMIN', workNo: 'admin', name: '管理员', passwordHash: await hashPassword(PASSWORD) } })).id;
    await createScript(clients(db)(e.id), adminId, SAMPLES[0]!.name, SAMPLES[0]!.template, '示例话术');
    await makeLeads(db, e.id, 50, 80_000);
    const taskId = (await seedDemoCampaign(db, api.clock.now))!;
    expect(await seedDemoCampaign(db, api.clock.now)).toBeNull(); // once
    const task = await db.callTask.findUniqueOrThrow({ where: { id: taskId }, include: { trunk: true } });
    expect(task).toMatchObject({ name: DEMO_TASK_NAME, state: 'DRAFT' });
    expect(task.trunk).toMatchObject({ host: 'test' });
    expect(task.trunk!.name).toContain('测试外线');
    const token = await api.login('demo');
    expect((await api.call('POST', `/api/call-tasks/${taskId}/start`, token)).json().task.state).toBe('RUNNING');
    const clock = new SimClock(api.clock.now);
    const trunk = fakeTrunk({ script: (lead) => testTrunkScript(lead.phone), sleep: clock.sleep, now: clock.read });
    const dialer = new Dialer({ db, dial: trunk.dial, attempts: attemptStore(db, api.secrets), clock: clock.read, secrets: api.secrets, workerId: 'demo', queue: (s) => new EmbeddedQueue((t, m, n) => s.due(t, m, n)), reclaimEveryMs: 600_000 });
    await runSimulated(clock, [dialer], { until: async () => (await db.callTask.findUniqueOrThrow({ where: { id: taskId } })).state === 'COMPLETED', maxSimMs: 86_400_000 });
    const p = (await api.call('GET', `/api/call-tasks/${taskId}/progress`, token)).json();
    expect(p.submitted).toBe(50);
    expect(p.byState.PENDING ?? 0).toBe(0);
    expect(p.connected).toBeGreaterThan(20);
    expect(new Set(trunk.log.map((d) => d.callerNumber))).toEqual(new Set(['02000000000']));
    await dialer.close();
  });

  it('pauses a task on a real trunk with DIAL_NOT_CONFIGURED and keeps its leads queued', async () => {
    const { db, a } = api;
    const trunk = await db.trunk.create({ data: { enterpriseId: a.id, name: '真实中继', host: '10.0.0.9' } });
    const allDay = { enabled: true, start: '00:00', end: '24:00', breaks: [] };
    const always = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
    const { writeSettings } = await import('../src/crm/settings.js');
    const { tenantClients } = await import('../src/tenancy.js');
    await writeSettings(tenantClients(db)(a.id), a.adminId, { workingHours: always }, api.clock.now);
    const leadIds = await makeLeads(db, a.id, 3, 70_000);
    const taskId = await startedTask(db, a.id, a.adminId, leadIds, { trunkId: trunk.id, settings: { hours: always } }, api.clock.now);
    const dialer = new Dialer({ db, dial: productionDial(), attempts: attemptStore(db, api.secrets), clock: () => api.clock.now, secrets: api.secrets, workerId: 'prod', queue: (s) => new EmbeddedQueue((t, m, n) => s.due(t, m, n)) });
    await dialer.tick();
    await dialer.drain();
    expect(await db.callTask.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ state: 'PAUSED', stateReason: 'DIAL_NOT_CONFIGURED' });
    expect(await db.callTaskLead.count({ where: { taskId, state: 'PENDING' } })).toBe(3);
    expect(await db.activeDial.count()).toBe(0);
    await dialer.close();
  });

  it('dials real trunks through the robot caller, pausing the task on what a person must fix', async () => {
    const { db, a } = api;
    const trunk = await db.trunk.create({ data: { enterpriseId: a.id, name: '真实中继2', host: '10.0.0.10' } });
    const allDay = { enabled: true, start: '00:00', end: '24:00', breaks: [] };
    const always = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
    const queue = (s: DialStore) => new EmbeddedQueue((t, m, n) => s.due(t, m, n));
    const { writeSettings } = await import('../src/crm/settings.js');
    await writeSettings(clients(db)(a.id), a.adminId, { workingHours: always }, api.clock.now);
    // A real RobotCaller: no speech engines configured, so it refuses before starting any SIP agent.
    const { RobotCaller } = await import('../src/calls/robot-caller.js');
    const { CallRecords, RecordingStorage } = await import('../src/calls/index.js');
    const { LocalFileStore } = await import('../src/storage/index.js');
    const { defaultConfig } = await import('../src/config.js');
    let started = 0;
    const robot = new RobotCaller({
      config: defaultConfig({ logLevel: 'silent', dataDir: '/tmp/waihu-unused' }), db, secrets: api.secrets,
      calls: new CallRecords({ db, recordings: new RecordingStorage(db, new LocalFileStore('/tmp/waihu-unused'), api.secrets) }),
      agent: () => { started++; return Promise.reject(new Error('no agent in this test')); },
    });
    const leadIds = await makeLeads(db, a.id, 2, 80_000);
    const taskId = await startedTask(db, a.id, a.adminId, leadIds, { trunkId: trunk.id, settings: { hours: always } }, api.clock.now);
    const refused = new Dialer({ db, dial: productionDial(robot), attempts: attemptStore(db, api.secrets), clock: () => api.clock.now, secrets: api.secrets, workerId: 'robot', queue });
    const versionId = (await db.callTask.findUniqueOrThrow({ where: { id: taskId } })).templateVersionId!;
    await db.templateVersion.update({ where: { id: versionId }, data: { source: JSON.stringify(SAMPLES[0]!.template) } });
    await refused.tick();
    await refused.drain();
    expect(await db.callTask.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ state: 'PAUSED', stateReason: 'CALLER_ID_REQUIRED' });
    // Fixed by a person (the trunk's account doubles as caller ID), the next thing to fix shows.
    await db.trunk.update({ where: { id: trunk.id }, data: { username: '02150001234' } });
    await db.callTask.update({ where: { id: taskId }, data: { state: 'RUNNING', stateReason: null } });
    api.clock.now += 120_000;
    await refused.tick();
    await refused.drain();
    expect(await db.callTask.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ state: 'PAUSED', stateReason: 'SPEECH_NOT_CONFIGURED' });
    expect(await db.callTaskLead.count({ where: { taskId, state: 'PENDING' } })).toBe(2);
    await refused.close();
    await robot.close();
    expect(started).toBe(0);

    // A robot caller that answers: each lead is dialed with its name as 姓名 and ends graded.
    const asked: { number: string; vars: Readonly<Record<string, string>> | undefined; trunkId: number }[] = [];
    const answering = { dial: async (req: { number: string; vars?: Readonly<Record<string, string>>; trunkId: number }) => {
      asked.push({ number: req.number, vars: req.vars, trunkId: req.trunkId });
      const trunkScript = testTrunkScript('13800000000');
      const t = fakeTrunk({ script: () => trunkScript, sleep: async () => undefined, now: () => api.clock.now });
      return { record: await t.dial({ id: 0, name: '', phone: req.number, fields: {} }, { id: 0, enterpriseId: a.id, name: '', templateVersionId: 0, trunkId: trunk.id, agentGroupId: null }, { callerNumber: null, trunk: null, attemptNo: 1, now: () => api.clock.now }) };
    } };
    await db.callTask.update({ where: { id: taskId }, data: { state: 'RUNNING', stateReason: null } });
    api.clock.now += 120_000;
    const dialer = new Dialer({ db, dial: productionDial(answering), attempts: attemptStore(db, api.secrets), clock: () => api.clock.now, secrets: api.secrets, workerId: 'robot2', queue });
    // One line on this trunk: one call at a time.
    for (let i = 0; i < 4 && asked.length < 2; i++) {
      await dialer.tick();
      await dialer.drain();
      api.clock.now += 2_000;
    }
    expect(asked.map((x) => x.trunkId)).toEqual([trunk.id, trunk.id]);
    expect(asked.every((x) => typeof x.vars?.['姓名'] === 'string')).toBe(true);
    expect(await db.callTaskLead.count({ where: { taskId, state: 'DONE' } })).toBe(2);
    await dialer.close();
  });
});
