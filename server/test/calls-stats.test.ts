/**
 * The dashboard's figures (GET /api/calls/stats): calls per Beijing day and per task with their
 * grades, counted by the database, confined to the caller's enterprise and to managers; and the
 * test trunk's recordings, real stereo WAVs kept through the call store and served by the API;
 * and the trunks a leader may choose for a task (names only).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStereoWav } from '@waihu/dialogs';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';
import { CallRecords, RecordingStorage } from '../src/calls/index.js';
import { LocalFileStore } from '../src/storage/index.js';
import { makeLeads, startedTask } from '../src/dialer/testing/fixture.js';
import { scriptedRecord } from '../src/dialer/fake-trunk.js';
import { testTrunkScript } from '../src/dialer/production-dial.js';
import { testTrunkRecording } from '../src/dialer/test-recording.js';
import { addRow, daysBetween } from '../src/calls/stats-routes.js';

const HOUR = 3_600_000;

describe('stats helpers', () => {
  it('counts an ungraded unanswered call as E and lists the days of a range', () => {
    const t = { total: 0, answered: 0, grades: {} as Record<string, number> };
    addRow(t, 'A', 'ANSWERED', 2);
    addRow(t, null, 'BUSY', 3);
    addRow(t, 'F', 'NO_ANSWER', 1);
    expect(t).toEqual({ total: 6, answered: 2, grades: { A: 2, E: 3, F: 1 } });
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
  });
});

describe.each(await databases())('call stats and test-trunk recordings on %s', (kind) => {
  let api: TestApi;
  let calls: CallRecords;
  let admin: string;
  let leader: string;
  let agent: string;
  let bravo: string;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'waihu-stats-'));
    api = await startApi(kind, { dataDir });
    // The app's own recording store (same data folder), so the API serves what is saved here.
    calls = new CallRecords({ db: api.db, recordings: new RecordingStorage(api.db, new LocalFileStore(join(dataDir, 'files')), api.secrets) });
    [admin, leader, agent, bravo] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
  });
  afterAll(async () => { await api?.close(); });

  it('counts calls per Beijing day and per task, only the caller\'s enterprise, managers only', async () => {
    const { db, a, b } = api;
    const leads = await makeLeads(db, a.id, 6, 10);
    const taskId = await startedTask(db, a.id, a.adminId, leads, {}, api.clock.now);
    const lead = await db.lead.findMany({ where: { id: { in: leads } }, orderBy: { id: 'asc' } });
    // clock: 2026-11-21 09:00 UTC = 17:00 Beijing. Yesterday 23:30 Beijing is 2026-11-20 15:30 UTC.
    const today = api.clock.now;
    const yesterday = Date.parse('2026-11-20T15:30:00Z');
    const save = async (i: number, at: number, phoneDigit: string, task: number | null, enterpriseId = a.id): Promise<void> => {
      const s = testTrunkScript(`1390000000${phoneDigit}`);
      const talkMs = s.outcome === 'ANSWERED' ? 3_000 : 0;
      const rec = scriptedRecord({ id: lead[i]!.id, phone: lead[i]!.phone, name: '', fields: {} } as never, '02000000000', s, at, 1_000, talkMs, at + 1_000 + talkMs);
      await calls.save({ enterpriseId, templateVersionId: null, taskId: task, leadId: enterpriseId === a.id ? lead[i]!.id : null }, rec);
    };
    await save(0, today, '0', taskId); // A
    await save(1, today + 1000, '1', taskId); // B
    await save(2, today + 2000, '5', taskId); // BUSY → E
    await save(3, today + 3000, '3', null); // D, no task
    await save(4, yesterday, '0', taskId); // A, yesterday in Beijing
    await save(5, today, '0', null, b.id); // another enterprise's call

    const r = await api.call('GET', '/api/calls/stats', leader);
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json();
    expect(s).toMatchObject({ from: '2026-11-21', to: '2026-11-21' });
    expect(s.days).toEqual([{ day: '2026-11-21', total: 4, answered: 3, grades: { A: 1, B: 1, C: 0, D: 1, E: 1, F: 0 } }]);
    expect(s.tasks).toHaveLength(1);
    expect(s.tasks[0]).toMatchObject({ taskId, name: '测试任务', total: 3, answered: 2, grades: { A: 1, B: 1, E: 1 } });

    const week = (await api.call('GET', '/api/calls/stats?from=2026-11-19&to=2026-11-21', admin)).json();
    expect(week.days.map((d: { day: string; total: number }) => [d.day, d.total])).toEqual([['2026-11-19', 0], ['2026-11-20', 1], ['2026-11-21', 4]]);
    expect(week.tasks[0]).toMatchObject({ taskId, total: 4, grades: { A: 2 } });

    // The other enterprise sees only its own call; agents may not read the figures; bad ranges are refused where they are wrong.
    expect((await api.call('GET', '/api/calls/stats', bravo)).json().days[0]).toMatchObject({ total: 1, grades: { A: 1 } });
    expect((await api.call('GET', '/api/calls/stats', agent)).statusCode).toBe(403);
    const backwards = await api.call('GET', '/api/calls/stats?from=2026-11-21&to=2026-11-01', leader);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details[0].path).toBe('/to');
    expect((await api.call('GET', '/api/calls/stats?from=2026-01-01&to=2026-12-31', leader)).statusCode).toBe(400);
    expect((await api.call('GET', '/api/calls/stats?from=yesterday', leader)).statusCode).toBe(400);
    expect(today - yesterday).toBeLessThan(24 * HOUR);
  });

  it('lets leaders choose a trunk for a task by name without seeing its address or credentials', async () => {
    const { db, a, b } = api;
    await db.trunk.create({ data: { enterpriseId: a.id, name: '联通中继', host: '10.1.2.3', username: 'u1', password: 'sealed' } });
    await db.trunk.create({ data: { enterpriseId: b.id, name: '别家中继', host: '10.9.9.9' } });
    const r = await api.call('GET', '/api/dialer/trunks', leader);
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toEqual([expect.objectContaining({ name: '联通中继', enabled: true })]);
    expect(r.body).not.toContain('10.1.2.3');
    expect(r.body).not.toContain('u1');
    expect((await api.call('GET', '/api/dialer/trunks', agent)).statusCode).toBe(403);
  });

  it('keeps a test-trunk call\'s stereo recording: customer left, robot right, served as WAV', async () => {
    const { db, a } = api;
    const [leadId] = await makeLeads(db, a.id, 1, 900);
    const s = testTrunkScript('13900000000');
    const rec = scriptedRecord({ id: leadId!, phone: '13900000000', name: '', fields: {} } as never, '02000000000', s, api.clock.now, s.ringMs!, s.talkMs!, api.clock.now + s.ringMs! + s.talkMs!);
    const recording = await testTrunkRecording(rec.turns, rec.talkMs);
    const { attemptId } = await calls.save({ enterpriseId: a.id, templateVersionId: null, leadId: leadId! }, { ...rec, recording });
    const detail = (await api.call('GET', `/api/calls/${attemptId}`, admin)).json();
    expect(detail.recording).toMatchObject({ durationMs: s.talkMs, url: `/api/calls/${attemptId}/recording` });
    const wav = await api.call('GET', `/api/calls/${attemptId}/recording`, admin);
    expect(wav.statusCode).toBe(200);
    expect(wav.headers['content-type']).toBe('audio/wav');
    const { left, right } = decodeStereoWav(new Uint8Array(wav.rawPayload));
    expect(left.length).toBe(Math.round((s.talkMs! / 1000) * 8000));
    const energy = (x: Int16Array, fromMs: number, toMs: number): number => {
      let e = 0;
      for (let i = Math.round(fromMs * 8); i < Math.round(toMs * 8); i++) e += Math.abs(x[i]!);
      return e;
    };
    const callee = detail.turns.find((t: { who: string }) => t.who === 'CALLEE');
    const robot = detail.turns.find((t: { who: string }) => t.who === 'ROBOT');
    // Each side is heard on its own channel while it speaks, and only there.
    expect(energy(left, callee.startMs, callee.endMs)).toBeGreaterThan(0);
    expect(energy(right, callee.startMs, callee.endMs)).toBe(0);
    expect(energy(right, robot.startMs, robot.endMs)).toBeGreaterThan(0);
    expect(energy(left, robot.startMs, robot.endMs)).toBe(0);
  });
});
