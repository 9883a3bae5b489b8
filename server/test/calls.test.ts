/** Keeping robot calls (CallRecords over the database and the recording store) and reviewing them over the API, on SQLite and PostgreSQL. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav } from '@waihu/asr';
import { CallRecords, RecordingStorage } from '../src/calls/index.js';
import type { CallContext } from '../src/calls/index.js';
import { LocalFileStore } from '../src/storage/index.js';
import { callRecord, latency, turns } from '../src/calls/testing/records.js';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';

describe.each(await databases())('robot calls kept and reviewed on %s', (kind) => {
  let api: TestApi;
  let records: CallRecords;
  let files: LocalFileStore;
  let leader: string;
  let agent: string;
  let agentId: number;
  let bravo: string;
  let ctx: CallContext;
  let leadId: number;

  beforeAll(async () => {
    // The app's own file store: recordings saved here are the ones the API streams.
    const dataDir = mkdtempSync(join(tmpdir(), 'waihu-rec-'));
    api = await startApi(kind, { dataDir });
    files = new LocalFileStore(join(dataDir, 'files'));
    records = new CallRecords({ db: api.db, recordings: new RecordingStorage(api.db, files, api.secrets) });
    [leader, agent, bravo] = await Promise.all([api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
    agentId = (await api.db.user.findFirstOrThrow({ where: { enterpriseId: api.a.id, workNo: '2001' } })).id;
    const t = await api.db.template.create({ data: { enterpriseId: api.a.id, name: '贷款' } });
    const v = await api.db.templateVersion.create({ data: { enterpriseId: api.a.id, templateId: t.id, number: 1, source: '{}' } });
    const lead = await api.db.lead.create({ data: { enterpriseId: api.a.id, name: '张三', phone: '13800138000' } });
    const task = await api.db.callTask.create({ data: { enterpriseId: api.a.id, name: '十一月', templateId: t.id, templateVersionId: v.id } });
    leadId = lead.id;
    ctx = { enterpriseId: api.a.id, templateVersionId: v.id, taskId: task.id, leadId };
  });
  afterAll(async () => { await api?.close(); });

  it('keeps a whole call in one save: attempt, turns with the latency split, recording, unmatched, lead', async () => {
    const rec = callRecord();
    const { attemptId } = await records.store(ctx).save(rec);
    const a = await api.db.callAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(a).toMatchObject({
      enterpriseId: api.a.id, taskId: ctx.taskId, leadId, templateVersionId: ctx.templateVersionId, kind: 'ROBOT', attemptNo: 1,
      calleeNumber: '13800138000', sipCallId: 'abc@127.0.0.1', outcome: 'ANSWERED', outcomeSource: 'sip', sipStatus: 200, hangupBy: 'ROBOT',
      endReason: 'completed', grade: 'A', talkMs: 10_000, affirmatives: 1, interactions: 2, refusals: 0, questions: 0, callbackRequested: false,
    });
    expect(a.answerAt?.getTime()).toBe(rec.answerAt);
    expect(JSON.parse(a.gradeReasons!)).toEqual(rec.gradeReasons);
    expect(JSON.parse(a.tags)).toEqual(['有资金需求']);
    expect(JSON.parse(a.events!)).toEqual(rec.events);
    const rows = await api.db.turn.findMany({ where: { attemptId }, orderBy: { seq: 'asc' } });
    expect(rows.map((t) => [t.who, t.text, t.flow, t.bargedIn])).toEqual(turns.map((t) => [t.who, t.text, t.flow, t.bargedIn]));
    expect(rows[2]).toMatchObject({ latencyMs: 756, startMs: 6656, endMs: 8800, source: 'espeak-ng' });
    expect(JSON.parse(rows[2]!.latency!)).toEqual(latency);
    expect(JSON.parse(rows[1]!.matched!)).toEqual(turns[1]!.matched);
    const r = await api.db.recording.findUniqueOrThrow({ where: { attemptId } });
    expect(r.storageKey).toMatch(new RegExp(`^recordings/${api.a.id}/202611/[0-9a-f]{24}\\.wav$`));
    expect([r.durationMs, r.sizeBytes]).toEqual([2000, rec.recording!.bytes.length]);
    expect(Buffer.compare(await files.read(r.storageKey), Buffer.from(rec.recording!.bytes))).toBe(0);
    expect(existsSync(rec.recording!.path)).toBe(false); // moved, not copied
    const u = await api.db.unmatchedUtterance.findFirstOrThrow({ where: { enterpriseId: api.a.id } });
    expect(u).toMatchObject({ text: '你们在哪里', flow: '介绍', count: 1, lastAttemptId: attemptId });
    expect(await api.db.lead.findUniqueOrThrow({ where: { id: leadId } })).toMatchObject({ grade: 'A', status: 'CALLED', callCount: 1 });

    // A second call: the utterance is counted again; an unanswered call fails the lead but keeps its grade.
    const second = await records.save(ctx, callRecord({ outcome: 'NO_ANSWER', sipStatus: 480, answerAt: null, talkMs: 0, grade: null, gradeReasons: [], turns: [], recording: null, counters: null, unmatched: [{ text: '你们在哪里', flow: '介绍' }, { text: '你们在哪里', flow: '介绍' }] }));
    expect((await api.db.unmatchedUtterance.findFirstOrThrow({ where: { enterpriseId: api.a.id } })).count).toBe(3);
    expect(await api.db.lead.findUniqueOrThrow({ where: { id: leadId } })).toMatchObject({ grade: 'A', status: 'FAILED', callCount: 2 });
    expect(await api.db.recording.findUnique({ where: { attemptId: second.attemptId } })).toBeNull();
  });

  it('a failed transaction removes the stored recording and leaves the WAV for a retry', async () => {
    const before = await api.db.callAttempt.count();
    const dup = { ...turns[0]!, seq: 0 };
    const rec = callRecord({ calleeNumber: '13900000000', turns: [turns[0]!, dup] });
    await expect(records.save(ctx, rec)).rejects.toThrow();
    expect(await api.db.callAttempt.count()).toBe(before);
    expect(existsSync(rec.recording!.path)).toBe(true);
    const keys = (await api.db.recording.findMany({ select: { storageKey: true } })).map((r) => r.storageKey);
    const { readdirSync } = await import('node:fs');
    const onDisk = readdirSync(join(files.root, 'recordings', String(api.a.id), '202611'));
    expect(onDisk.filter((f) => !f.endsWith('.part')).sort()).toEqual(keys.map((k) => k.split('/').pop()).sort());
  });

  it('lists calls with filters and pages, shows one with its transcript, streams the recording; tenants and roles hold', async () => {
    const other = await records.save(ctx, callRecord({ calleeNumber: '13912345678', grade: 'D', gradeReasons: ['拒绝'], dialAt: Date.parse('2026-11-22T01:00:00Z'), endAt: Date.parse('2026-11-22T01:00:10Z') }));
    const mine = await records.save({ ...ctx, agentId }, callRecord({ calleeNumber: '13700000001', transferAt: Date.parse('2026-11-21T02:00:09Z') }));
    await records.save({ enterpriseId: api.b.id, templateVersionId: null }, callRecord({ calleeNumber: '13800138000' }));

    const list = async (token: string, q = '') => {
      const r = await api.call('GET', `/api/calls${q}`, token);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { total: number; items: { id: number; calleeNumber: string; grade: string | null; recording: { url: string } | null }[] };
    };
    expect((await list(leader)).total).toBe(4);
    expect((await list(leader, '?grade=D')).items.map((c) => c.id)).toEqual([other.attemptId]);
    expect((await list(leader, '?phone=139')).items.map((c) => c.id)).toEqual([other.attemptId]);
    expect((await list(leader, '?outcome=NO_ANSWER')).total).toBe(1);
    // 2026-11-22 in Beijing starts at 2026-11-21T16:00Z: only the call dialed at 01:00Z on the 22nd.
    expect((await list(leader, '?from=2026-11-22&to=2026-11-22')).items.map((c) => c.id)).toEqual([other.attemptId]);
    expect((await list(leader, '?to=2026-11-21')).total).toBe(3);
    expect((await list(leader, `?taskId=${ctx.taskId}&leadId=${leadId}`)).total).toBe(4);
    const page = await list(leader, '?page=2&pageSize=3');
    expect([page.total, page.items.length]).toEqual([4, 1]);
    expect((await api.call('GET', '/api/calls?grade=Z', leader)).statusCode).toBe(400);
    expect((await api.call('GET', '/api/calls?phone=13a', leader)).statusCode).toBe(400);

    const detail = await api.call('GET', `/api/calls/${mine.attemptId}`, leader);
    expect(detail.statusCode, detail.body).toBe(200);
    const d = detail.json();
    expect(d).toMatchObject({ id: mine.attemptId, grade: 'A', gradeReasons: ['肯定回答 1 次 ≥ 1'], tags: ['有资金需求'], agentId, endReason: 'completed', counters: { affirmatives: 1, interactions: 2 } });
    expect(d.turns).toHaveLength(4);
    expect(d.turns[2]).toMatchObject({ who: 'ROBOT', latencyMs: 756, latency, bargedIn: true });
    expect(d.turns[1].matched).toEqual([{ code: 'AFFIRMATIVE', note: '肯定: 有的' }]);
    expect(d.events).toHaveLength(2);
    expect(d.recording).toMatchObject({ durationMs: 2000, url: `/api/calls/${mine.attemptId}/recording` });

    const audio = await api.call('GET', d.recording.url, leader);
    expect([audio.statusCode, audio.headers['content-type']]).toEqual([200, 'audio/wav']);
    const wav = readWav(audio.rawPayload);
    expect([wav.sampleRate, wav.channels.length]).toEqual([8000, 2]);

    // Agents: only the calls they took part in.
    expect((await list(agent)).items.map((c) => c.id)).toEqual([mine.attemptId]);
    expect((await api.call('GET', `/api/calls/${mine.attemptId}/recording`, agent)).statusCode).toBe(200);
    expect((await api.call('GET', `/api/calls/${other.attemptId}`, agent)).statusCode).toBe(404);
    expect((await api.call('GET', `/api/calls/${other.attemptId}/recording`, agent)).statusCode).toBe(404);
    // Another enterprise: nothing of acme's.
    expect((await list(bravo)).total).toBe(1);
    expect((await api.call('GET', `/api/calls/${mine.attemptId}`, bravo)).statusCode).toBe(404);
    expect((await api.call('GET', `/api/calls/${mine.attemptId}/recording`, bravo)).statusCode).toBe(404);
    expect((await api.call('GET', '/api/calls', null)).statusCode).toBe(401);
    const root = await api.login('root');
    expect((await api.call('GET', '/api/calls', root)).statusCode).toBe(403);
    // A call without a recording.
    const none = await records.save(ctx, callRecord({ recording: null }));
    expect((await api.call('GET', `/api/calls/${none.attemptId}/recording`, leader)).statusCode).toBe(404);
  });

  it('documents the call routes in OpenAPI', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/calls', '/api/calls/{id}', '/api/calls/{id}/recording', '/api/settings/recording-storage']));
  });
});
