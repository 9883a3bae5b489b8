/** Deleting many leads (chosen ids, a whole search) and whole batches, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '@waihu/workbook';
import type { CellValue } from '@waihu/engine';
import { databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';

const mobile = (i: number): string => `137${String(i).padStart(8, '0')}`;

describe.each(await databases())('deleting leads on %s', (kind) => {
  let api: TestApi;
  let leader: string;
  let agent: string;
  let bravo: string;

  const importRows = async (rows: readonly (readonly CellValue[])[], batch: string): Promise<{ batch: { id: number } }> => {
    const body = multipart('leads.xlsx', writeWorkbook({ sheets: [{ name: '数据列表', rows }] }));
    const boundary = body.headers['content-type']!.split('boundary=')[1]!;
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="batch"\r\n\r\n${batch}\r\n`), body.payload]);
    const r = await api.app.inject({ method: 'POST', url: '/api/leads/import', headers: { ...body.headers, authorization: `Bearer ${leader}` }, payload });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  const idsOf = async (batchId: number): Promise<number[]> =>
    (await api.db.lead.findMany({ where: { batchId }, select: { id: true }, orderBy: { id: 'asc' } })).map((l) => l.id);

  beforeAll(async () => {
    api = await startApi(kind);
    [leader, agent, bravo] = await Promise.all([api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
  });
  afterAll(async () => { await api?.close(); });

  it('deletes chosen leads, leaving those on a call and ignoring ids it cannot see', async () => {
    const { batch } = await importRows([['姓名', '电话'], ...Array.from({ length: 5 }, (_, i) => [`甲${i}`, mobile(i)])], 'del-ids');
    const ids = await idsOf(batch.id);
    await api.db.lead.update({ where: { id: ids[1]! }, data: { status: 'CALLING' } });
    const bLead = await api.db.lead.create({ data: { enterpriseId: api.b.id, name: 'B', phone: '13900000099' } });
    const r = await api.call('POST', '/api/leads/delete', leader, { ids: [ids[0], ids[1], ids[2], bLead.id, 999_999] });
    expect([r.statusCode, r.json()], r.body).toEqual([200, { deleted: 2, busy: 1 }]);
    expect(await idsOf(batch.id)).toEqual([ids[1], ids[3], ids[4]]);
    expect(await api.db.lead.findUnique({ where: { id: bLead.id } })).not.toBeNull();
    // Enterprise B deleting A's ids deletes nothing of A's.
    expect((await api.call('POST', '/api/leads/delete', bravo, { ids: [ids[3], ids[4]] })).json()).toEqual({ deleted: 0, busy: 0 });
    expect(await idsOf(batch.id)).toHaveLength(3);
  });

  it('deletes what a search finds only if it still finds what the user saw', async () => {
    const rows = Array.from({ length: 2_300 }, (_, i) => [i % 2 ? '张三' : '李四', mobile(10_000 + i)]);
    const { batch } = await importRows([['姓名', '电话'], ...rows], 'del-search');
    const filter = { batchId: batch.id, name: '张' };
    const stale = await api.call('POST', '/api/leads/delete', leader, { filter, expected: 1_000 });
    expect([stale.statusCode, stale.json().error.code, stale.json().error.details]).toEqual([409, 'LEAD_COUNT_CHANGED', { total: 1_150 }]);
    expect(await idsOf(batch.id)).toHaveLength(2_300);
    const r = await api.call('POST', '/api/leads/delete', leader, { filter, expected: 1_150 });
    expect(r.json()).toEqual({ deleted: 1_150, busy: 0 });
    expect(await api.db.lead.count({ where: { batchId: batch.id, name: '张三' } })).toBe(0);
    expect(await api.db.lead.count({ where: { batchId: batch.id } })).toBe(1_150);
    // An unknown batch code matches nothing: deleting "its" leads deletes nothing.
    expect((await api.call('POST', '/api/leads/delete', leader, { filter: { batch: 'no-such' }, expected: 0 })).json()).toEqual({ deleted: 0, busy: 0 });
  });

  it('refuses malformed requests and agents', async () => {
    for (const body of [{}, { ids: [] }, { ids: [1, 1] }, { ids: Array.from({ length: 1_001 }, (_, i) => i + 1) }, { filter: {} }, { filter: { nope: 1 }, expected: 0 }, { ids: [1], filter: {}, expected: 0 }]) {
      const r = await api.call('POST', '/api/leads/delete', leader, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    // The largest list allowed is one request, whatever the database's bound-parameter limit.
    const most = await api.call('POST', '/api/leads/delete', leader, { ids: Array.from({ length: 1_000 }, (_, i) => 900_000 + i) });
    expect([most.statusCode, most.json()], most.body).toEqual([200, { deleted: 0, busy: 0 }]);
    expect((await api.call('POST', '/api/leads/delete', agent, { ids: [1] })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/leads/delete', null, { ids: [1] })).statusCode).toBe(401);
  });

  it('deletes a batch with its leads and its report; one with a lead on a call stays', async () => {
    const { batch } = await importRows([['姓名', '电话'], ['甲', mobile(50_000)], ['乙', 'bad'], ['丙', mobile(50_001)]], 'del-batch');
    const key = (await api.db.leadBatch.findUniqueOrThrow({ where: { id: batch.id } })).rejectReportKey;
    expect(key).toMatch(/^lead-rejects\/\d+\/[0-9a-f]{24}\.jsonl\.gz$/); // written to the file store while the file was read
    expect((await api.call('GET', `/api/leads/batches/${batch.id}/rejected`, leader)).statusCode).toBe(200);
    const [first] = await idsOf(batch.id);
    await api.db.lead.update({ where: { id: first! }, data: { status: 'CALLING' } });
    const busy = await api.call('DELETE', `/api/leads/batches/${batch.id}`, leader);
    expect([busy.statusCode, busy.json().error.code, busy.json().error.details]).toEqual([409, 'BATCH_BUSY', { deleted: 1, busy: 1 }]);
    expect((await api.call('DELETE', `/api/leads/batches/${batch.id}`, bravo)).statusCode).toBe(404);
    await api.db.lead.update({ where: { id: first! }, data: { status: 'NEW' } });
    const done = await api.call('DELETE', `/api/leads/batches/${batch.id}`, leader);
    expect(done.json()).toEqual({ deleted: 1, busy: 0 });
    expect(await api.db.leadBatch.findUnique({ where: { id: batch.id } })).toBeNull();
    expect((await api.call('GET', `/api/leads/batches/${batch.id}/rejected`, leader)).statusCode).toBe(404);
  });
});
