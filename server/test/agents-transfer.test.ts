/**
 * The server side of warm transfer, with fakes (the real call is in e2e/transfer.test.ts): the
 * extension directory the registrar looks up, 发送比例 capacity from the board, the call record's
 * agent leg, the agent's follow-up (callback, move to CRM, once, only their own call; ends
 * after-call work), the follow-up list and a task's abandoned-transfer rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentBoard, systemEpochClock, transferRecordOf } from '@waihu/dialogs';
import type { CallRecord, TransferOutcome } from '@waihu/dialogs';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';
import { ExtensionDirectory, extensionDomain, transferCapacity } from '../src/agents/index.js';
import { CallRecords, RecordingStorage } from '../src/calls/index.js';
import { LocalFileStore } from '../src/storage/index.js';

describe('transferCapacity (发送比例)', () => {
  const board = new AgentBoard({ clock: systemEpochClock });
  for (const id of ['1', '2', '3']) board.upsertAgent({ agentId: id, name: id, extensionId: `e${id}` });
  board.setGroup({ id: '7', name: '贷款顾问', strategy: 'IN_ORDER', ringTimeoutMs: 20_000, afterCallWorkMs: 0, members: ['1', '2', '3'], enabled: true });
  afterAll(() => board.close());

  it('allows ratio × idle members (rounded down), nothing when nobody is idle or the group is off', () => {
    expect(transferCapacity(board, '7', 100)).toBe(0);
    board.apply('1', { type: 'registered' });
    board.apply('2', { type: 'registered' });
    expect(transferCapacity(board, '7', 100)).toBe(2);
    expect(transferCapacity(board, '7', 250)).toBe(5);
    expect(transferCapacity(board, '7', 50)).toBe(1);
    board.apply('2', { type: 'set', status: 'busy', reason: '午休' });
    expect(transferCapacity(board, '7', 50)).toBe(0);
    expect(transferCapacity(board, '7', 300)).toBe(3);
    // A ringing agent is taken: a second warm lead would find nobody.
    board.reserve(board.group('7')!, 'call-1');
    expect(transferCapacity(board, '7', 300)).toBe(0);
    expect(transferCapacity(board, '贷款顾问', 300)).toBe(0); // by id only
    expect(transferCapacity(board, '99', 300)).toBe(0);
  });
});

describe('transferRecordOf', () => {
  const base: TransferOutcome = { connected: false, agentId: null, group: '7', tried: ['3'], startedAtMs: 1000, ringAtMs: 1010, connectedAtMs: null, reason: 'customer-left', ended: Promise.resolve(null) };
  it('names the outcome: abandoned when the customer left while ringing; the agent leg when connected', () => {
    expect(transferRecordOf(base, null)).toMatchObject({ outcome: 'ABANDONED', agentId: null, tried: ['3'], ringAt: 1010, answerAt: null, talkMs: 0, hangupBy: null });
    expect(transferRecordOf({ ...base, reason: 'no-agents', tried: [] }, null).outcome).toBe('NO_AGENTS');
    expect(transferRecordOf({ ...base, reason: 'no-answer' }, null).outcome).toBe('NO_ANSWER');
    expect(transferRecordOf({ ...base, connected: true, agentId: '3', connectedAtMs: 1500, reason: null }, { endedAtMs: 9500, talkMs: 8000, hangupBy: 'agent' }))
      .toEqual({ group: '7', outcome: 'CONNECTED', agentId: '3', tried: ['3'], ringAt: 1010, answerAt: 1500, endAt: 9500, talkMs: 8000, hangupBy: 'AGENT' });
  });
});

describe.each(await databases())('transfers and follow-ups on %s', (kind) => {
  let api: TestApi;
  let agent: string;
  let leader: string;
  let bravo: string;
  let agentId: number;
  let leaderId: number;
  let taskId: number;
  let leadId: number;
  let store: CallRecords;

  const record = (over: Partial<CallRecord> = {}): CallRecord => ({
    sipCallId: `sip-${Math.random().toString(16).slice(2)}`, calleeNumber: '13800138000', callerNumber: '02150001234', dialAt: api.clock.now, ringAt: api.clock.now + 100,
    answerAt: api.clock.now + 2000, transferAt: api.clock.now + 30_000, endAt: api.clock.now + 90_000, talkMs: 88_000, outcome: 'ANSWERED', outcomeSource: 'sip',
    sipStatus: 200, cause: null, hangupBy: 'CALLEE', endReason: 'transferred', grade: 'A', gradeReasons: [], tags: ['有资金需求'], counters: null, events: [], turns: [],
    unmatched: [], recording: null, earlyMediaText: null, callbackRequested: false, ...over,
  });

  beforeAll(async () => {
    api = await startApi(kind);
    [agent, leader, bravo] = await Promise.all([api.login('2001@acme'), api.login('1001@acme'), api.login('bravo')]);
    const users = await api.db.user.findMany({ where: { enterpriseId: api.a.id }, select: { id: true, workNo: true } });
    agentId = users.find((u) => u.workNo === '2001')!.id;
    leaderId = users.find((u) => u.workNo === '1001')!.id;
    const t = await api.db.template.create({ data: { enterpriseId: api.a.id, name: '贷款', currentVersion: 1, revision: 0 } });
    const v = await api.db.templateVersion.create({ data: { enterpriseId: api.a.id, templateId: t.id, number: 1, source: '{}' } });
    taskId = (await api.db.callTask.create({ data: { enterpriseId: api.a.id, name: '十一月', templateId: t.id, templateVersionId: v.id } })).id;
    leadId = (await api.db.lead.create({ data: { enterpriseId: api.a.id, name: '张先生', phone: '13800138000' } })).id;
    store = new CallRecords({ db: api.db, recordings: new RecordingStorage(api.db, new LocalFileStore(`/tmp/waihu-unused-${process.pid}`), api.secrets) });
  });
  afterAll(async () => { await api?.close(); });

  it('loads extensions by enterprise domain with their secrets opened; leaves out disabled ones', async () => {
    await api.db.extension.create({ data: { enterpriseId: api.a.id, number: '8001', sipPassword: api.secrets.seal('pw-8001') } });
    await api.db.extension.create({ data: { enterpriseId: api.a.id, number: '8009', sipPassword: api.secrets.seal('pw-8009'), enabled: false } });
    await api.db.extension.create({ data: { enterpriseId: api.b.id, number: '8001', sipPassword: 'v1:not-sealed-with-this-key' } });
    const warnings: unknown[] = [];
    const dir = new ExtensionDirectory({ db: api.db, secrets: api.secrets, log: { warn: (f) => warnings.push(f) } });
    await dir.reload();
    expect(extensionDomain('ACME')).toBe('acme');
    expect(dir.serves('ACME')).toBe(true);
    expect(dir.lookup('acme', '8001')).toMatchObject({ enterpriseId: String(api.a.id), password: 'pw-8001' });
    expect(dir.lookup('acme', '8009')).toBeNull();
    expect(dir.lookup('bravo', '8001')).toBeNull(); // its secret does not open: skipped, with a warning
    expect(warnings).toHaveLength(1);
    expect(dir.serves('example.com')).toBe(false);
  });

  it('keeps both legs of a transferred call: the agent, the agent leg\'s instants, the outcome', async () => {
    const t0 = api.clock.now;
    const { attemptId } = await store.save({ enterpriseId: api.a.id, templateVersionId: null, taskId, leadId }, record({
      transfer: { group: '7', outcome: 'CONNECTED', agentId: String(agentId), tried: ['999', String(agentId)], ringAt: t0 + 30_100, answerAt: t0 + 33_000, endAt: t0 + 90_000, talkMs: 57_000, hangupBy: 'CALLEE' },
    }));
    const row = await api.db.callAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row).toMatchObject({ agentId, transferGroupId: 7, transferOutcome: 'CONNECTED', agentTalkMs: 57_000, agentAnswerAt: new Date(t0 + 33_000), agentEndAt: new Date(t0 + 90_000) });
    expect(JSON.parse(row.transferTried!)).toEqual([999, agentId]);
    const view = (await api.call('GET', `/api/calls/${attemptId}`, leader)).json();
    expect(view.agentLeg).toMatchObject({ outcome: 'CONNECTED', agentId, groupId: 7, talkMs: 57_000, disposition: null });
  });

  it('records the agent\'s follow-up once, books the callback in their list, makes them the owner and ends after-call work', async () => {
    const { attemptId } = await store.save({ enterpriseId: api.a.id, templateVersionId: null, taskId, leadId }, record({
      transfer: { group: '7', outcome: 'CONNECTED', agentId: String(agentId), tried: [String(agentId)], ringAt: null, answerAt: api.clock.now + 33_000, endAt: api.clock.now + 90_000, talkMs: 57_000, hangupBy: 'AGENT' },
    }));
    // The agent's board: rung, answered, hung up → after-call work.
    const board = await api.app.agents.board(api.a.id);
    board.apply(String(agentId), { type: 'set', status: 'idle' });
    board.apply(String(agentId), { type: 'ring', callRef: 'c1' });
    board.apply(String(agentId), { type: 'answered', callRef: 'c1' });
    board.apply(String(agentId), { type: 'call-ended', callRef: 'c1' });
    expect(board.agent(String(agentId))!.status).toBe('after-call');
    const pending = (await api.call('GET', '/api/agents/me/follow-ups', agent)).json().pending;
    expect(pending.map((p: { attemptId: number }) => p.attemptId)).toContain(attemptId);

    const url = `/api/calls/${attemptId}/follow-up`;
    expect((await api.call('POST', url, leader, { disposition: '有意向' })).statusCode).toBe(403); // not the leader's call
    expect((await api.call('POST', url, bravo, { disposition: '有意向' })).statusCode).toBe(403); // an admin of another enterprise
    const past = await api.call('POST', url, agent, { disposition: '需回访', action: 'callback', callbackAt: new Date(api.clock.now - 1000).toISOString() });
    expect([past.statusCode, past.json().error.code]).toEqual([400, 'CALLBACK_IN_PAST']);
    expect((await api.call('POST', url, agent, { disposition: '需回访', action: 'callback' })).json().error.code).toBe('CALLBACK_TIME_REQUIRED');
    expect((await api.call('POST', url, agent, { disposition: '' })).statusCode).toBe(400);
    const callbackAt = new Date(api.clock.now + 86_400_000).toISOString();
    const r = await api.call('POST', url, agent, { disposition: '需回访', notes: '明天下午再打', action: 'callback', callbackAt });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ disposition: '需回访', followUp: { leadId, attemptId, nextAt: callbackAt, notes: '【需回访】 明天下午再打' }, state: { status: 'idle' } });
    expect(board.agent(String(agentId))!.status).toBe('idle');
    expect((await api.call('POST', url, agent, { disposition: '需回访' })).json().error.code).toBe('FOLLOW_UP_EXISTS');
    expect(await api.db.lead.findUniqueOrThrow({ where: { id: leadId } })).toMatchObject({ ownerId: agentId });
    const mine = (await api.call('GET', '/api/agents/me/follow-ups', agent)).json();
    expect(mine.callbacks).toEqual([expect.objectContaining({ attemptId, nextAt: callbackAt, lead: expect.objectContaining({ id: leadId, name: '张先生' }) })]);
    expect(mine.pending.map((p: { attemptId: number }) => p.attemptId)).not.toContain(attemptId);
    expect((await api.call('GET', '/api/agents/me/follow-ups', leader)).json().callbacks).toEqual([]);
  });

  it('moves the lead to the CRM from the follow-up, owned by the agent', async () => {
    const lead2 = (await api.db.lead.create({ data: { enterpriseId: api.a.id, name: '李女士', phone: '13900139000' } })).id;
    const { attemptId } = await store.save({ enterpriseId: api.a.id, templateVersionId: null, taskId, leadId: lead2 }, record({
      calleeNumber: '13900139000',
      transfer: { group: '7', outcome: 'CONNECTED', agentId: String(agentId), tried: [String(agentId)], ringAt: null, answerAt: null, endAt: null, talkMs: 0, hangupBy: null },
    }));
    const r = await api.call('POST', `/api/calls/${attemptId}/follow-up`, agent, { disposition: '已成交', action: 'move-to-crm', company: '李记五金' });
    expect(r.statusCode, r.body).toBe(200);
    const customer = await api.db.customer.findUniqueOrThrow({ where: { id: r.json().customerId } });
    expect(customer).toMatchObject({ name: '李女士', ownerId: agentId, company: '李记五金', sourceLeadId: lead2 });
    expect(await api.db.lead.findUniqueOrThrow({ where: { id: lead2 } })).toMatchObject({ status: 'MOVED' });
    expect(await api.db.followUp.count({ where: { customerId: customer.id, attemptId } })).toBe(1);
  });

  it('measures a task\'s transfers and the abandoned rate (managers only)', async () => {
    const leg = (outcome: 'NO_ANSWER' | 'ABANDONED' | 'NO_AGENTS') => ({ transfer: { group: '7', outcome, agentId: null, tried: [], ringAt: null, answerAt: null, endAt: null, talkMs: 0, hangupBy: null } });
    for (const o of ['ABANDONED', 'NO_ANSWER', 'NO_AGENTS'] as const) await store.save({ enterpriseId: api.a.id, templateVersionId: null, taskId }, record(leg(o)));
    await store.save({ enterpriseId: api.a.id, templateVersionId: null, taskId }, record()); // no transfer asked: not counted
    const r = await api.call('GET', `/api/agents/transfer-stats?taskId=${taskId}`, leader);
    expect(r.json()).toEqual({ taskId, attempted: 6, connected: 3, noAnswer: 1, noAgents: 1, abandoned: 1, timeout: 0, abandonedRate: 1 / 6 });
    expect((await api.call('GET', `/api/agents/transfer-stats?taskId=${taskId}`, agent)).statusCode).toBe(403);
    expect((await api.call('GET', `/api/agents/transfer-stats?taskId=${taskId}`, bravo)).statusCode).toBe(404);
    expect((await api.call('GET', '/api/agents/transfer-stats', leader)).statusCode).toBe(400);
    expect(leaderId).toBeGreaterThan(0);
  });
});
