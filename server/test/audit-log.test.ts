/** Reading the audit log (GET /api/audit): roles, tenants, paging, filters and before/after, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';

interface Entry {
  id: number; at: string; userId: number | null; user: { id: number; name: string; workNo: string } | null; action: string; entity: string; entityId: string | null;
  before: unknown; beforeFrom: number | null; after: unknown;
}

describe.each(await databases())('audit log reading on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  const read = async (query = ''): Promise<{ items: Entry[]; total: number; page: number; pageSize: number }> => {
    const r = await api.call('GET', `/api/audit${query}`, admin);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };

  beforeAll(async () => {
    api = await startApi(kind);
    [admin, leader] = await Promise.all([api.login('acme'), api.login('1001@acme')]);
    // A check is not a change: it leaves no entry (no engines yet, so it answers at once).
    expect((await api.call('POST', '/api/speech/check', admin, {})).statusCode).toBe(200);
    // Day one (Beijing): the admin adds a customer type and renames it; the leader adds a customer.
    api.clock.now = Date.parse('2026-11-20T02:00:00Z');
    const created = await api.call('POST', '/api/customer-types', admin, { name: '老客户' });
    expect(created.statusCode, created.body).toBe(201);
    const typeId = created.json().type.id as number;
    await api.call('PATCH', `/api/customer-types/${typeId}`, admin, { name: '重点客户' });
    await api.call('POST', '/api/customers', leader, { name: '张三', phone: '13800138000' });
    // Day two: speech keys are saved twice, the second time with a new concurrency only.
    api.clock.now = Date.parse('2026-11-21T02:00:00Z');
    await api.call('PUT', '/api/speech', admin, { asr: { provider: 'baidu-rest', apiKey: 'KEY-AAA', secretKey: 'SECRET-BBB', concurrency: 20 } });
    await api.call('PUT', '/api/speech', admin, { asr: { provider: 'baidu-rest', concurrency: 30 } });
  });
  afterAll(async () => { await api?.close(); });

  it('lists who changed what, newest first, with names and the previous value as before', async () => {
    const log = await read();
    expect(log.total).toBe(5);
    expect(log.items.map((e) => e.action)).toEqual(['PUT /api/speech', 'PUT /api/speech', 'POST /api/customers', 'PATCH /api/customer-types/:id', 'POST /api/customer-types']);
    const rename = log.items[3]!;
    expect(rename).toMatchObject({ entity: 'customer-types', user: { name: '管理员', workNo: 'admin' }, before: { name: '老客户' }, after: { name: '重点客户' }, beforeFrom: log.items[4]!.id });
    // A create has no before; the second save of an id-less setting is compared with the first.
    expect(log.items[4]).toMatchObject({ before: null, beforeFrom: null, entityId: rename.entityId });
    expect(log.items[0]).toMatchObject({ entity: 'speech', entityId: null, beforeFrom: log.items[1]!.id, after: { asr: { concurrency: 30 } }, before: { asr: { concurrency: 20, apiKey: '[redacted]', secretKey: '[redacted]' } } });
    expect(log.items[2]!.user).toMatchObject({ workNo: '1001' });
  });

  it('never shows a secret', async () => {
    const body = (await api.call('GET', '/api/audit?pageSize=200', admin)).body;
    for (const secret of ['KEY-AAA', 'SECRET-BBB']) expect(body).not.toContain(secret);
  });

  it('pages on the server and filters by person, entity and Beijing day', async () => {
    const second = await read('?page=2&pageSize=2');
    expect([second.total, second.page, second.pageSize, second.items.map((e) => e.action)]).toEqual([5, 2, 2, ['POST /api/customers', 'PATCH /api/customer-types/:id']]);
    const leaderId = (await api.db.user.findFirstOrThrow({ where: { enterpriseId: api.a.id, workNo: '1001' } })).id;
    expect((await read(`?userId=${leaderId}`)).items.map((e) => e.action)).toEqual(['POST /api/customers']);
    expect((await read('?entity=speech')).total).toBe(2);
    expect((await read('?from=2026-11-20&to=2026-11-20')).items.map((e) => e.entity)).toEqual(['customers', 'customer-types', 'customer-types']);
    expect((await read('?from=2026-11-21')).total).toBe(2);
    const entities = (await api.call('GET', '/api/audit/entities', admin)).json().items;
    expect(entities).toEqual(['customer-types', 'customers', 'speech']);
  });

  it('answers a bad filter with where it is wrong', async () => {
    const r = await api.call('GET', '/api/audit?from=yesterday', admin);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('from');
  });

  it('is for enterprise admins of that enterprise, and the platform admin', async () => {
    expect((await api.call('GET', '/api/audit', leader)).statusCode).toBe(403);
    expect((await api.call('GET', '/api/audit', await api.login('2001@acme'))).statusCode).toBe(403);
    const bravo = await api.call('GET', '/api/audit', await api.login('bravo'));
    expect(bravo.json()).toMatchObject({ items: [], total: 0 });
    expect((await api.call('GET', '/api/audit/entities', await api.login('bravo'))).json().items).toEqual([]);
    const platform = await api.call('GET', '/api/audit?entity=speech', await api.login('root'));
    expect(platform.json().total).toBe(2);
  });
});
