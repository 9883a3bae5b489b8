/**
 * Name search through the search indexes (SQLite's FTS5 tables, PostgreSQL's trigram GIN), on
 * both databases: the answers are exactly what a scan with `contains` gives, and the indexes
 * follow every way a lead's name is written: the import's bulk insert, adding, editing,
 * deleting one lead, and deleting many.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '@waihu/workbook';
import type { CellValue } from '@waihu/engine';
import { databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';
import { nameMatch } from '../src/leads/name-search.js';

const mobile = (i: number): string => `136${String(i).padStart(8, '0')}`;

const NAMES = ['王伟', '王伟芳', '张王伟', '李四', '王', '伟', 'Tom Lee', 'TOMMY', '王-伟', '客户100', '客户1000', '客户2100', '50%折扣', 'a_b', '欧阳娜娜'];

describe('the name index query', () => {
  it('uses trigrams from three characters, the character table below, and nothing for punctuation alone', () => {
    expect(nameMatch('王伟芳')).toEqual({ table: 'LeadNameTrigram', match: '"王伟芳"' });
    expect(nameMatch('a"bc')).toEqual({ table: 'LeadNameTrigram', match: '"a""bc"' });
    expect(nameMatch('王伟')).toEqual({ table: 'LeadNameChars', match: '"王 伟"' });
    expect(nameMatch('王')).toEqual({ table: 'LeadNameChars', match: '"王"' });
    expect(nameMatch('-伟')).toEqual({ table: 'LeadNameChars', match: '"伟"' });
    expect(nameMatch('--')).toBeNull();
  });
});

describe.each(await databases())('name search on %s', (kind) => {
  let api: TestApi;
  let leader: string;
  let bravo: string;

  const importRows = async (token: string, rows: readonly (readonly CellValue[])[], batch: string): Promise<{ batch: { id: number } }> => {
    const body = multipart('leads.xlsx', writeWorkbook({ sheets: [{ name: '数据列表', rows }] }));
    const boundary = body.headers['content-type']!.split('boundary=')[1]!;
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="batch"\r\n\r\n${batch}\r\n`), body.payload]);
    const r = await api.app.inject({ method: 'POST', url: '/api/leads/import', headers: { ...body.headers, authorization: `Bearer ${token}` }, payload });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  /** Names the API finds for `q`, sorted, with its total. */
  const search = async (q: string, extra = ''): Promise<{ names: string[]; total: number }> => {
    const r = await api.call('GET', `/api/leads?pageSize=100&name=${encodeURIComponent(q)}${extra}`, leader);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as { items: { name: string }[]; total: number };
    return { names: body.items.map((i) => i.name).sort(), total: body.total };
  };
  /** What a scan with `contains` finds: the client's own filter, the meaning the index must keep. */
  const scan = async (q: string): Promise<string[]> =>
    (await api.db.lead.findMany({ where: { enterpriseId: api.a.id, name: { contains: q } }, select: { name: true } })).map((l) => l.name).sort();

  beforeAll(async () => {
    api = await startApi(kind);
    [leader, bravo] = await Promise.all([api.login('1001@acme'), api.login('bravo')]);
  });
  afterAll(async () => { await api?.close(); });

  it('finds exactly what contains finds, for 1, 2 and 3+ characters, across the import, edits and deletes', async () => {
    const { batch } = await importRows(leader, [['姓名', '电话'], ...NAMES.map((n, i) => [n, mobile(i)])], 'search-1');
    // Another enterprise's 王伟 is never found.
    await importRows(bravo, [['姓名', '电话'], ['王伟', mobile(500)], ['王伟芳', mobile(501)]], 'search-b');
    for (const q of ['王', '伟', '王伟', '王伟芳', '客户1', '客户10', '100', 'tom', 'Tom L', 'mm', '%', '_', 'a_b', '-', '王-', '欧阳', '阳娜娜', '不在']) {
      const expected = await scan(q);
      const found = await search(q);
      expect({ q, ...found }, q).toEqual({ q, names: expected, total: expected.length });
    }
    expect((await search('王伟')).names).toEqual(['张王伟', '王伟', '王伟芳']);
    // `contains` folds ASCII case on SQLite, not on PostgreSQL (prisma/README.md); the index keeps each.
    expect((await search('tom')).names).toEqual(kind === 'sqlite' ? ['TOMMY', 'Tom Lee'] : []);

    // Other filters and paging combine with the name.
    const page = await api.call('GET', `/api/leads?pageSize=1&page=2&name=${encodeURIComponent('王伟')}&batchId=${batch.id}`, leader);
    expect(page.json()).toMatchObject({ total: 3, items: [{}] });
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const r = await api.call('GET', `/api/leads?pageSize=2&name=${encodeURIComponent('客户')}${cursor ? `&cursor=${cursor}` : ''}`, leader);
      const body = r.json() as { items: { name: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.name));
      cursor = body.nextCursor;
    }
    expect(seen.sort()).toEqual(['客户100', '客户1000', '客户2100']);
    expect((await search('王伟', `&phone=${mobile(1)}`)).names).toEqual(['王伟芳']);

    // Added, renamed, deleted: the index follows.
    const added = await api.call('POST', '/api/leads', leader, { name: '赵王伟', phone: mobile(900) });
    expect(added.statusCode, added.body).toBe(201);
    const id = (added.json() as { lead: { id: number } }).lead.id;
    expect((await search('赵王')).names).toEqual(['赵王伟']);
    expect((await api.call('PATCH', `/api/leads/${id}`, leader, { name: '钱多多' })).statusCode).toBe(200);
    expect((await search('赵王')).names).toEqual([]);
    expect((await search('赵王伟')).names).toEqual([]);
    expect((await search('多')).names).toEqual(['钱多多']);
    expect((await api.call('DELETE', `/api/leads/${id}`, leader)).statusCode).toBe(204);
    expect((await search('多')).names).toEqual([]);

    // Deleting what a search finds, then the batch: gone from the index too.
    const del = await api.call('POST', '/api/leads/delete', leader, { filter: { name: '客户' }, expected: 3 });
    expect(del.json(), del.body).toEqual({ deleted: 3, busy: 0 });
    expect(await search('客户')).toEqual({ names: [], total: 0 });
    expect((await api.call('DELETE', `/api/leads/batches/${batch.id}`, leader)).statusCode).toBe(200);
    expect(await search('王')).toEqual({ names: [], total: 0 });
    expect(await search('王伟芳')).toEqual({ names: [], total: 0 });
  });

  it.runIf(kind === 'sqlite')('keeps the FTS5 tables in step with Lead (integrity-check) and answers from them', async () => {
    await importRows(leader, [['姓名', '电话'], ...Array.from({ length: 50 }, (_, i) => [`孙${i}号`, mobile(1_000 + i)])], 'search-2');
    await api.db.lead.updateMany({ where: { enterpriseId: api.a.id, name: '孙7号' }, data: { name: '周七' } });
    await api.db.lead.deleteMany({ where: { enterpriseId: api.a.id, name: '孙8号' } });
    // FTS5's own check that an external-content index matches its table.
    await api.db.$executeRawUnsafe(`INSERT INTO "LeadNameTrigram"("LeadNameTrigram", rank) VALUES ('integrity-check', 1)`);
    const chars = await api.db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "LeadNameChars" WHERE "LeadNameChars" MATCH '"周 七"'`);
    expect(Number(chars[0]!.n)).toBe(1);
    const plan = await api.db.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN SELECT l."id" FROM "Lead" AS l WHERE l."id" IN (SELECT rowid FROM "LeadNameTrigram" WHERE "LeadNameTrigram" MATCH '"孙1"') AND +l."enterpriseId" = 1`);
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/VIRTUAL TABLE/);
    expect(plan.map((p) => p.detail).join(' | ')).not.toMatch(/SCAN l\b/);
    expect((await search('孙1')).total).toBe(11);
  });

  it.runIf(kind === 'postgres')('answers contains from the trigram GIN index (pg_trgm)', async () => {
    const plan = await api.db.$transaction(async (tx) => {
      // A test database is too small for the planner to prefer an index on its own.
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      return tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN SELECT "id" FROM "Lead" WHERE "name" LIKE '%王伟芳%'`);
    });
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('Lead_name_trgm_idx');
  });
});
