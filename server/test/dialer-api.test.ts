/**
 * The dialer's API on SQLite and PostgreSQL: tasks CRUD and their states, leads by batch and by
 * saved filter, progress, the call queue view, SMS templates approved by the platform, dialer
 * settings with sealed secrets, and the outbox sender: signed webhook and SMS posts, retries with
 * backoff, dead letters and their replay.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';
import { makeLeads, scriptVersion } from '../src/dialer/testing/fixture.js';
import { Deliverer, backoffMs } from '../src/dialer/deliveries.js';
import { readWorkbook } from '@waihu/workbook';

const silent = { info: () => undefined, warn: () => undefined };

describe.each(await databases())('dialer API on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  let bravo: string;
  let root: string;
  let agent: string;
  beforeAll(async () => {
    api = await startApi(kind);
    [admin, leader, bravo, root, agent] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('bravo'), api.login('root'), api.login('2001@acme')]);
  });
  afterAll(async () => { await api?.close(); });

  it('creates a task with leads from a batch and a saved filter, moves it through its states and shows progress and the queue', async () => {
    const { db, a } = api;
    const { templateId } = await scriptVersion(db, a.id);
    const ids = await makeLeads(db, a.id, 30, 50_000);
    const batchId = (await db.lead.findUniqueOrThrow({ where: { id: ids[0]! } })).batchId!;
    const bad = await api.call('POST', '/api/call-tasks', leader, { name: 'x', templateId, settings: { hours: { mon: { enabled: true, start: '18:00', end: '09:00', breaks: [] } } } });
    expect(bad.statusCode).toBe(400);
    const bad2 = await api.call('POST', '/api/call-tasks', leader, { name: 'x', templateId: 999_999 });
    expect(bad2.json().error.code).toBe('TEMPLATE_UNKNOWN');
    const r = await api.call('POST', '/api/call-tasks', leader, { name: '双十一回访', templateId, lines: 3, maxCallsPerSecond: 2, dialRatioPercent: 200, leads: { batchIds: [batchId] }, settings: { retries: { NO_ANSWER: { count: 1, intervalMs: 600_000 } } } });
    expect(r.statusCode, r.body).toBe(201);
    const task = r.json().task;
    expect(task).toMatchObject({ state: 'DRAFT', lines: 3, maxCallsPerSecond: 2, dialRatioPercent: 200 });
    expect(task.settings.retries.NO_ANSWER).toEqual({ count: 1, intervalMs: 600_000 });
    expect(r.json().submitted).toEqual({ added: 30, alreadyQueued: 0 });
    // A saved filter adds nothing new here (same leads), and says so.
    const again = await api.call('POST', `/api/call-tasks/${task.id}/leads`, leader, { filter: { phone: '1390005001' } });
    expect(again.json()).toEqual({ added: 0, alreadyQueued: 10 });
    // Leads of an import still being written are not queued, whether named by batch or by id.
    const hiddenIds = await makeLeads(db, a.id, 5, 51_000);
    const hiddenBatch = (await db.lead.findUniqueOrThrow({ where: { id: hiddenIds[0]! } })).batchId!;
    await db.leadBatch.update({ where: { id: hiddenBatch }, data: { status: 'importing' } });
    const hidden = await api.call('POST', `/api/call-tasks/${task.id}/leads`, leader, { batchIds: [hiddenBatch], leadIds: hiddenIds });
    expect(hidden.json()).toEqual({ added: 0, alreadyQueued: 0 });
    expect((await api.call('POST', `/api/call-tasks/${task.id}/resume`, leader)).json().error.code).toBe('TASK_STATE');
    expect((await api.call('POST', `/api/call-tasks/${task.id}/start`, leader)).json().task.state).toBe('RUNNING');
    expect((await api.call('POST', `/api/call-tasks/${task.id}/pause`, leader)).json().task.state).toBe('PAUSED');
    expect((await api.call('POST', `/api/call-tasks/${task.id}/resume`, leader)).json().task.state).toBe('RUNNING');
    const patched = await api.call('PATCH', `/api/call-tasks/${task.id}`, leader, { lines: 5 });
    expect(patched.json().task.lines).toBe(5);
    expect((await api.call('DELETE', `/api/call-tasks/${task.id}`, leader)).json().error.code).toBe('TASK_ACTIVE');
    const p = await api.call('GET', `/api/call-tasks/${task.id}/progress`, leader);
    expect(p.json()).toMatchObject({ submitted: 30, dialed: 0, byState: { PENDING: 30 } });
    const q = await api.call('GET', `/api/call-queue?taskId=${task.id}&state=PENDING&pageSize=10&page=2`, leader);
    expect(q.json()).toMatchObject({ total: 30, page: 2, pageSize: 10 });
    expect(q.json().items[0]).toMatchObject({ taskName: '双十一回访', state: 'PENDING', attempts: 0, grade: null });
    expect((await api.call('GET', `/api/call-queue?phone=13900050001`, leader)).json().items).toHaveLength(1);
    const list = await api.call('GET', '/api/call-tasks?state=RUNNING', leader);
    expect(list.json().items.map((t: { id: number }) => t.id)).toContain(task.id);
    // Tenancy and roles: another enterprise sees nothing; an agent may not run campaigns.
    expect((await api.call('GET', `/api/call-tasks/${task.id}`, bravo)).statusCode).toBe(404);
    expect((await api.call('POST', `/api/call-tasks/${task.id}/stop`, bravo)).statusCode).toBe(404);
    expect((await api.call('GET', '/api/call-tasks', agent)).statusCode).toBe(403);
    expect((await api.call('POST', `/api/call-tasks/${task.id}/stop`, leader)).json().task).toMatchObject({ state: 'STOPPED', stateReason: 'stopped-by-user' });
    expect((await api.call('POST', `/api/call-tasks/${task.id}/leads`, leader, { leadIds: ids })).json().error.code).toBe('TASK_FINISHED');
    // A start time ahead schedules the task.
    const later = await api.call('POST', '/api/call-tasks', leader, { name: '定时', templateId, startAt: new Date(api.clock.now + 3_600_000).toISOString(), leads: { leadIds: ids.slice(0, 2) } });
    expect((await api.call('POST', `/api/call-tasks/${later.json().task.id}/start`, leader)).json().task.state).toBe('SCHEDULED');
  });

  it('keeps SMS templates that only the platform approves, and withdraws approval when the text changes', async () => {
    const r = await api.call('POST', '/api/sms-templates', admin, { grade: 'A', name: '意向', text: '【外呼】感谢您的关注，顾问稍后联系您' });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().template.id;
    expect(r.json().template.approved).toBe(false);
    expect((await api.call('PATCH', `/api/platform/sms-templates/${id}`, admin, { approved: true })).statusCode).toBe(403);
    expect((await api.call('GET', '/api/platform/sms-templates?approved=false', root)).json().items.map((t: { id: number }) => t.id)).toContain(id);
    expect((await api.call('PATCH', `/api/platform/sms-templates/${id}`, root, { approved: true })).json().template.approved).toBe(true);
    expect((await api.call('PATCH', `/api/sms-templates/${id}`, admin, { enabled: false })).json().template).toMatchObject({ approved: true, enabled: false });
    expect((await api.call('PATCH', `/api/sms-templates/${id}`, admin, { text: '改过的内容' })).json().template.approved).toBe(false);
    expect((await api.call('GET', '/api/sms-templates', bravo)).json().items).toEqual([]);
    expect((await api.call('DELETE', `/api/sms-templates/${id}`, admin)).statusCode).toBe(204);
  });

  it('signs webhook and SMS posts, retries with backoff, keeps dead letters and replays them', async () => {
    const { db, a } = api;
    const got: { path: string; body: string; signature: string | undefined }[] = [];
    let failing = true;
    const server: Server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        got.push({ path: req.url ?? '', body, signature: req.headers['x-waihu-signature'] as string | undefined });
        res.statusCode = failing ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const s = await api.call('PUT', '/api/dialer/settings', admin, {
        optOutBlacklist: true, webhook: { enabled: true, url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret-123', maxAttempts: 3 },
        smsProvider: { kind: 'http', url: `http://127.0.0.1:${port}/sms`, secret: 'sms-secret-123' },
      });
      expect(s.statusCode, s.body).toBe(200);
      expect(s.body).not.toContain('hook-secret-123');
      expect(s.json().settings).toMatchObject({ optOutBlacklist: true, webhook: { enabled: true, hasSecret: true, maxAttempts: 3 }, smsProvider: { kind: 'http', hasSecret: true } });
      expect((await api.call('PUT', '/api/dialer/settings', leader, { optOutBlacklist: false })).statusCode).toBe(403);
      const now = new Date(api.clock.now);
      const hook = await db.delivery.create({ data: { enterpriseId: a.id, kind: 'webhook', dedupeKey: 'attempt:1', target: `http://127.0.0.1:${port}/hook`, payload: JSON.stringify({ event: 'call.finished', attemptId: 1 }), nextAttemptAt: now, createdAt: now } });
      const sms = await db.delivery.create({ data: { enterpriseId: a.id, kind: 'sms', dedupeKey: 'attempt:1', target: '13900000001', payload: JSON.stringify({ phone: '13900000001', text: '您好', templateId: 1, grade: 'A' }), nextAttemptAt: now, createdAt: now } });
      const deliverer = new Deliverer({ db, secrets: api.secrets, clock: () => api.clock.now, log: silent });
      expect(await deliverer.run()).toBe(2);
      let h = await db.delivery.findUniqueOrThrow({ where: { id: hook.id } });
      expect(h).toMatchObject({ status: 'PENDING', attempts: 1 });
      expect(h.lastError).toContain('HTTP_503');
      expect(h.nextAttemptAt.getTime()).toBe(api.clock.now + backoffMs(1));
      expect(await deliverer.run()).toBe(0); // not due yet
      api.clock.now += backoffMs(1);
      await deliverer.run();
      api.clock.now += backoffMs(2);
      await deliverer.run();
      h = await db.delivery.findUniqueOrThrow({ where: { id: hook.id } });
      expect(h).toMatchObject({ status: 'DEAD', attempts: 3 });
      const hookPost = got.find((g) => g.path === '/hook')!;
      expect(hookPost.signature).toBe(`sha256=${createHmac('sha256', 'hook-secret-123').update(hookPost.body).digest('hex')}`);
      const smsPost = got.find((g) => g.path === '/sms')!;
      expect(JSON.parse(smsPost.body)).toEqual({ phone: '13900000001', text: '您好', templateId: 1, grade: 'A' });
      expect(smsPost.signature).toBe(`sha256=${createHmac('sha256', 'sms-secret-123').update(smsPost.body).digest('hex')}`);
      const dead = await api.call('GET', '/api/deliveries?status=DEAD&kind=webhook', admin);
      expect(dead.json().items.map((d: { id: number }) => d.id)).toEqual([hook.id]);
      expect((await api.call('GET', '/api/deliveries?status=DEAD', bravo)).json().items).toEqual([]);
      failing = false;
      expect((await api.call('POST', '/api/deliveries/replay', admin, { ids: [hook.id] })).json()).toEqual({ replayed: 1 });
      await deliverer.run();
      expect(await db.delivery.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({ status: 'SENT', attempts: 1 });
      api.clock.now += 3_600_000;
      await deliverer.run();
      expect((await db.delivery.findUniqueOrThrow({ where: { id: sms.id } })).status).toBe('SENT');
    } finally {
      server.close();
    }
  });

  it('exports the call records a search finds (呼叫记录导出)', async () => {
    const { db, a, b } = api;
    const at = (h: number) => new Date(Date.parse('2026-11-20T10:00:00+08:00') + h * 3_600_000);
    await db.callAttempt.create({ data: { enterpriseId: a.id, calleeNumber: '13912345678', callerNumber: '02100000001', dialAt: at(0), outcome: 'ANSWERED', grade: 'A', gradeReasons: JSON.stringify(['A 意向客户']), talkMs: 61_000 } });
    await db.callAttempt.create({ data: { enterpriseId: a.id, calleeNumber: '13987654321', callerNumber: '02100000001', dialAt: at(1), outcome: 'BUSY', grade: 'E' } });
    await db.callAttempt.create({ data: { enterpriseId: b.id, calleeNumber: '13912345678', callerNumber: '1', dialAt: at(2), outcome: 'ANSWERED', grade: 'A' } });
    const r = await api.call('GET', '/api/calls/export?grade=A&from=2026-11-20&to=2026-11-20', leader);
    expect(r.statusCode, r.body).toBe(200);
    const rows = (await readWorkbook(r.rawPayload)).sheets[0]!.rows;
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 9)).toEqual(['2026-11-20 10:00', '13912345678', '02100000001', null, 1, '接通', 'A', 'A 意向客户', 61]);
    const all = await api.call('GET', '/api/calls/export?phone=139', leader);
    expect((await readWorkbook(all.rawPayload)).sheets[0]!.rows.length).toBeGreaterThanOrEqual(3);
  });
});
