/**
 * The CRM API on each database: customers (visibility, custom fields, import/export),
 * assignment history, follow-ups, types and fields, the blacklist, settings, and tenants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkbook, writeWorkbook } from '@waihu/workbook';
import type { CellValue } from '@waihu/engine';
import { databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';
import { DEFAULT_SETTINGS, withinWorkingHours } from '../src/crm/settings.js';
import { normalizePhone } from '../src/crm/phone.js';

const kinds = await databases();

const xlsx = (rows: CellValue[][]): Uint8Array => writeWorkbook({ sheets: [{ name: 'Sheet1', rows }] });
const firstSheet = async (bytes: Uint8Array): Promise<readonly (readonly CellValue[])[]> => (await readWorkbook(bytes)).sheets[0]!.rows;

describe('phone numbers and working hours (pure)', () => {
  it('normalizes Chinese mobiles and landlines, refusing the rest', () => {
    expect(['138-0013-8000', '+86 138 0013 8000', '８６１３８００１３８０００', '0086 13800138000', 13800138000].map(normalizePhone)).toEqual(Array(5).fill('13800138000'));
    expect(['010-62345678', '(0755) 8123 4567', '+86 10 6234 5678', '0913-2345678'].map(normalizePhone)).toEqual(['01062345678', '075581234567', '01062345678', '09132345678']);
    expect(['12345', '1380013800', '23800138000', '12345678', '010-12345678', 'abc', '', null, 1.5].map(normalizePhone)).toEqual(Array(9).fill(null));
  });

  it('knows when robots may dial, in Beijing time', () => {
    const h = DEFAULT_SETTINGS.workingHours;
    // 2026-11-23 is a Monday; 01:30Z is 09:30 in Beijing.
    expect(withinWorkingHours(h, Date.parse('2026-11-23T01:30:00Z'))).toBe(true);
    expect(withinWorkingHours(h, Date.parse('2026-11-23T04:30:00Z'))).toBe(false); // 12:30, lunch break
    expect(withinWorkingHours(h, Date.parse('2026-11-23T10:00:00Z'))).toBe(false); // 18:00, day over
    expect(withinWorkingHours(h, Date.parse('2026-11-22T01:30:00Z'))).toBe(false); // Sunday
  });
});

describe.each(kinds)('CRM on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  let agent: string;
  let bAdmin: string;
  let agentId: number;
  let leaderId: number;
  let typeId: number;
  beforeAll(async () => {
    api = await startApi(kind);
    [admin, leader, agent, bAdmin] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
    const user = (workNo: string) => api.db.user.findFirstOrThrow({ where: { enterpriseId: api.a.id, workNo } });
    agentId = (await user('2001')).id;
    leaderId = (await user('1001')).id;
  });
  afterAll(async () => { await api?.close(); });

  const upload = (token: string, url: string, bytes: Uint8Array, name = 'file.xlsx') => {
    const body = multipart(name, bytes);
    return api.app.inject({ method: 'POST', url, headers: { ...body.headers, authorization: `Bearer ${token}` }, payload: body.payload });
  };
  const add = async (token: string, body: object) => {
    const r = await api.call('POST', '/api/customers', token, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json().customer as { id: number; phone: string; ownerId: number | null };
  };
  const ids = (r: { json(): { items: { id: number }[] } }) => r.json().items.map((x) => x.id);

  it('defines customer types and custom fields: admins change them, everyone reads them', async () => {
    const t = await api.call('POST', '/api/customer-types', admin, { name: '意向客户', sortOrder: 1 });
    expect(t.statusCode).toBe(201);
    typeId = t.json().type.id;
    expect((await api.call('POST', '/api/customer-types', admin, { name: '无效客户', sortOrder: 2 })).statusCode).toBe(201);
    expect((await api.call('POST', '/api/customer-types', admin, { name: '意向客户' })).json().error.code).toBe('TYPE_EXISTS');
    expect((await api.call('POST', '/api/customer-types', leader, { name: '一般客户' })).statusCode).toBe(403);

    const field = (body: object) => api.call('POST', '/api/custom-fields', admin, { target: 'customer', ...body });
    expect((await field({ key: 'wechat', label: '微信', type: 'text' })).statusCode).toBe(201);
    expect((await field({ key: 'budget', label: '预算', type: 'number', sortOrder: 2 })).statusCode).toBe(201);
    expect((await field({ key: 'level', label: '级别', type: 'select', options: ['高', '中', '低'], required: true, sortOrder: 3 })).statusCode).toBe(201);
    expect((await field({ key: 'remark', label: '旧字段', type: 'text', sortOrder: 9 })).statusCode).toBe(201);
    expect((await api.call('POST', '/api/custom-fields', admin, { target: 'lead', key: 'wechat', label: '微信', type: 'text' })).statusCode).toBe(201);
    expect((await field({ key: 'wechat', label: '微信号', type: 'text' })).json().error.code).toBe('FIELD_KEY_EXISTS');
    expect((await field({ key: 'qq', label: '微信', type: 'text' })).json().error.code).toBe('FIELD_LABEL_EXISTS');
    expect((await field({ key: 'tel', label: '电话', type: 'phone' })).json().error.code).toBe('FIELD_LABEL_RESERVED');
    expect((await field({ key: 'tag', label: '标签', type: 'select' })).json().error.details[0].path).toBe('/options');
    expect((await field({ key: '1bad', label: '坏', type: 'text' })).json().error.code).toBe('VALIDATION');
    expect((await api.call('POST', '/api/custom-fields', leader, { target: 'customer', key: 'x', label: 'x', type: 'text' })).statusCode).toBe(403);

    const fields = await api.call('GET', '/api/custom-fields?target=customer', agent);
    expect(fields.json().items.map((f: { key: string }) => f.key)).toEqual(['wechat', 'budget', 'level', 'remark']);
    const remark = fields.json().items[3].id;
    const relabel = await api.call('PATCH', `/api/custom-fields/${remark}`, admin, { label: '备注', options: [] });
    expect(relabel.json().field).toMatchObject({ key: 'remark', label: '备注', type: 'text' });
    expect((await api.call('GET', '/api/customer-types', agent)).json().items.map((x: { name: string }) => x.name)).toEqual(['意向客户', '无效客户']);
    const extra = (await api.call('POST', '/api/customer-types', admin, { name: '临时' })).json().type.id;
    expect((await api.call('PATCH', `/api/customer-types/${extra}`, admin, { name: '临时2' })).json().type.name).toBe('临时2');
    expect((await api.call('DELETE', `/api/customer-types/${extra}`, admin)).statusCode).toBe(204);
    expect((await api.call('DELETE', `/api/customer-types/${extra}`, admin)).statusCode).toBe(404);
  });

  it('adds, reads, edits, searches and deletes customers, checking custom fields against their definitions', async () => {
    const c = await add(admin, { name: '张三', phone: '138-0013-8000', typeId, fields: { wechat: 'zs01', budget: 5000, level: '高' } });
    expect(c).toMatchObject({ phone: '13800138000', ownerId: null });
    const got = await api.call('GET', `/api/customers/${c.id}`, leader);
    expect(got.json().customer).toMatchObject({ name: '张三', typeId, typeName: '意向客户', fields: { wechat: 'zs01', budget: 5000, level: '高' } });

    const bad = async (body: object, path: string, code = 'VALIDATION') => {
      const r = await api.call('POST', '/api/customers', admin, { name: '李四', phone: '13900139000', fields: { level: '中' }, ...body });
      expect([r.statusCode, r.json().error.code], r.body).toEqual([400, code]);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad({ fields: { level: '中', qq: '123' } }, '/fields/qq');
    await bad({ fields: { wechat: 'x' } }, '/fields/level');
    await bad({ fields: { level: '极高' } }, '/fields/level');
    await bad({ fields: { level: '中', budget: '很多' } }, '/fields/budget');
    await bad({ phone: '12345' }, '/phone', 'PHONE_INVALID');
    await bad({ typeId: 99999 }, '/typeId', 'TYPE_UNKNOWN');
    const dup = await api.call('POST', '/api/customers', admin, { phone: '+86 13800138000', fields: { level: '低' } });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'CUSTOMER_EXISTS']);

    const edited = await api.call('PATCH', `/api/customers/${c.id}`, leader, { name: '张三丰', company: '<b>武当</b>', grade: 'A' });
    expect(edited.json().customer).toMatchObject({ name: '张三丰', company: '<b>武当</b>', grade: 'A', fields: { level: '高' } });
    // Two people edit from the same read: the second is told, not silently overwritten.
    const read = edited.json().customer.revision as number;
    const first = await api.call('PATCH', `/api/customers/${c.id}`, leader, { revision: read, company: '武当山' });
    expect(first.json().customer).toMatchObject({ company: '武当山', revision: read + 1 });
    const second = await api.call('PATCH', `/api/customers/${c.id}`, admin, { revision: read, company: '少林' });
    expect([second.statusCode, second.json().error.code, second.json().error.details]).toEqual([409, 'CUSTOMER_REVISION_CONFLICT', { revision: read + 1 }]);
    expect((await api.call('GET', `/api/customers/${c.id}`, admin)).json().customer.company).toBe('武当山');
    const badEdit = await api.call('PATCH', `/api/customers/${c.id}`, leader, { fields: { nope: 1, level: '高' } });
    expect(badEdit.json().error.details).toEqual([expect.objectContaining({ path: '/fields/nope', code: 'FIELD_UNKNOWN' })]);

    const other = await add(admin, { name: '王五', phone: '010-66668888', fields: { level: '低' } });
    const search = async (q: string) => ids(await api.call('GET', `/api/customers?${q}`, admin));
    expect(await search('name=三丰')).toEqual([c.id]);
    expect(await search('phone=138001')).toEqual([c.id]);
    expect(await search(`typeId=${typeId}`)).toEqual([c.id]);
    expect(await search('createdFrom=2026-11-21&createdTo=2026-11-21')).toEqual([other.id, c.id]);
    expect(await search('createdFrom=2026-11-22')).toEqual([]);
    const page = await api.call('GET', '/api/customers?pageSize=1&page=2', admin);
    expect(page.json()).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ id: c.id }] });

    expect((await api.call('DELETE', `/api/customers/${other.id}`, agent)).statusCode).toBe(403);
    expect((await api.call('DELETE', `/api/customers/${other.id}`, leader)).statusCode).toBe(204);
    expect((await api.call('GET', `/api/customers/${other.id}`, admin)).statusCode).toBe(404);
  });

  it('shows agents only their own customers and lets only managers assign', async () => {
    const mine = await add(admin, { name: '赵六', phone: '13700137001', fields: { level: '中' } });
    const notMine = await add(admin, { name: '钱七', phone: '13700137002', fields: { level: '中' } });
    expect((await api.call('POST', '/api/customers/assign', agent, { customerIds: [mine.id], agentId })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/customers/assign', leader, { customerIds: [mine.id], agentId })).json()).toEqual({ changed: 1, unchanged: 0 });

    expect(ids(await api.call('GET', '/api/customers', agent))).toEqual([mine.id]);
    expect(ids(await api.call('GET', '/api/customers?assigned=false', agent))).toEqual([]);
    expect((await api.call('GET', `/api/customers/${notMine.id}`, agent)).statusCode).toBe(404);
    // 404 comes before any complaint about the body: nothing is learned about others' customers.
    expect((await api.call('PATCH', `/api/customers/${notMine.id}`, agent, { bogus: true })).statusCode).toBe(404);
    expect((await api.call('POST', `/api/customers/${notMine.id}/follow-ups`, agent, { type: 'phone' })).statusCode).toBe(404);
    expect((await api.call('GET', `/api/customers/${notMine.id}/assignments`, agent)).statusCode).toBe(404);
    expect((await api.call('PATCH', `/api/customers/${mine.id}`, agent, { name: '赵六六' })).json().customer.name).toBe('赵六六');
    // A stale revision on a customer the agent cannot see is still a 404, never a hint that it exists.
    expect((await api.call('PATCH', `/api/customers/${notMine.id}`, agent, { revision: 99, name: 'x' })).statusCode).toBe(404);

    const own = await add(agent, { name: '孙八', phone: '13700137003', fields: { level: '低' } });
    expect(own.ownerId).toBe(agentId);
    expect(ids(await api.call('GET', '/api/customers', agent)).sort()).toEqual([mine.id, own.id].sort());
    const leaderSees = ids(await api.call('GET', '/api/customers?pageSize=200', leader));
    expect(leaderSees).toEqual(expect.arrayContaining([mine.id, notMine.id, own.id]));
    expect(ids(await api.call('GET', `/api/customers?ownerId=${agentId}`, leader)).sort()).toEqual([mine.id, own.id].sort());
    expect(ids(await api.call('GET', '/api/customers?assigned=false&name=钱七', leader))).toEqual([notMine.id]);
    for (const url of ['/api/customers/export', '/api/customers/template', '/api/blacklist', '/api/settings']) {
      expect((await api.call('GET', url, agent)).statusCode, url).toBe(403);
    }
  });

  it('records every assignment and reclaim in the history', async () => {
    const c = await add(admin, { name: '周九', phone: '13600136001', fields: { level: '高' } });
    const c2 = await add(admin, { name: '吴十', phone: '13600136002', fields: { level: '高' } });
    const assign = (body: object) => api.call('POST', '/api/customers/assign', admin, body);
    expect((await assign({ customerIds: [c.id, c2.id], agentId })).json()).toEqual({ changed: 2, unchanged: 0 });
    expect((await assign({ customerIds: [c.id, c2.id], agentId })).json()).toEqual({ changed: 0, unchanged: 2 });
    api.clock.now += 60_000;
    expect((await assign({ customerIds: [c.id], agentId: leaderId, reason: '坐席休假' })).json()).toEqual({ changed: 1, unchanged: 0 });
    api.clock.now += 60_000;
    expect((await api.call('POST', '/api/customers/reclaim', leader, { customerIds: [c.id, c2.id] })).json()).toEqual({ changed: 2, unchanged: 0 });

    const history = (await api.call('GET', `/api/customers/${c.id}/assignments`, leader)).json().items;
    expect(history.map((h: { action: string; from: { id: number } | null; to: { id: number } | null }) => [h.action, h.from?.id ?? null, h.to?.id ?? null])).toEqual([
      ['reclaim', leaderId, null], ['assign', agentId, leaderId], ['assign', null, agentId],
    ]);
    expect(history[1]).toMatchObject({ reason: '坐席休假', by: { id: api.a.adminId, name: '管理员' } });
    const now = (await api.call('GET', `/api/customers/${c.id}`, admin)).json().customer;
    expect(now).toMatchObject({ ownerId: null, owner: null, assignedAt: null });

    const bAgent = await api.db.user.findFirstOrThrow({ where: { enterpriseId: api.b.id, workNo: '2001' } });
    for (const who of [api.a.adminId, bAgent.id, 999_999]) {
      const r = await assign({ customerIds: [c.id], agentId: who });
      expect([r.statusCode, r.json().error.code]).toEqual([400, 'AGENT_INVALID']);
    }
    const missing = await assign({ customerIds: [c.id, 999_999], agentId });
    expect([missing.statusCode, missing.json().error.details]).toEqual([404, { missing: [999_999] }]);
    expect((await api.call('GET', `/api/customers/${c.id}`, admin)).json().customer.ownerId).toBeNull();
  });

  it('records follow-ups and finds them by customer name and date', async () => {
    const c = await add(admin, { name: '郑十一', phone: '13500135001', fields: { level: '高' } });
    const other = await add(admin, { name: '冯十二', phone: '13500135002', fields: { level: '高' } });
    await api.call('POST', '/api/customers/assign', admin, { customerIds: [c.id], agentId });
    const first = await api.call('POST', `/api/customers/${c.id}/follow-ups`, agent, { type: 'phone', notes: '有意向，下周再联系', at: '2026-11-20T02:00:00Z' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().followUp).toMatchObject({ customerId: c.id, customerName: '郑十一', type: 'phone', by: { id: agentId } });
    await api.call('POST', `/api/customers/${c.id}/follow-ups`, agent, { type: '微信', notes: '发了资料', nextAt: '2026-11-28T02:00:00Z' });
    await api.call('POST', `/api/customers/${other.id}/follow-ups`, leader, { type: 'visit', notes: '上门' });
    expect((await api.call('POST', `/api/customers/${c.id}/follow-ups`, agent, {})).statusCode).toBe(400);

    const list = (await api.call('GET', `/api/customers/${c.id}/follow-ups`, leader)).json().items;
    expect(list.map((f: { type: string }) => f.type)).toEqual(['微信', 'phone']);
    expect((await api.call('GET', `/api/customers/${c.id}`, admin)).json().customer.lastFollowUpAt).toBe(new Date(api.clock.now).toISOString());

    const search = async (token: string, q: string) => (await api.call('GET', `/api/follow-ups?${q}`, token)).json().items.map((f: { notes: string }) => f.notes);
    expect(await search(leader, 'customerName=郑十一')).toEqual(['发了资料', '有意向，下周再联系']);
    expect(await search(leader, 'from=2026-11-20&to=2026-11-20')).toEqual(['有意向，下周再联系']);
    expect(await search(leader, 'from=2026-11-21')).toEqual(['上门', '发了资料']);
    expect(await search(agent, '')).toEqual(['发了资料', '有意向，下周再联系']);
    expect(await search(agent, 'customerName=冯十二')).toEqual([]);
  });

  it('imports customers from the template, rejecting bad rows with reasons, and exports them', async () => {
    const template = await api.call('GET', '/api/customers/template', leader);
    expect(template.statusCode).toBe(200);
    expect((await firstSheet(template.rawPayload))[0]).toEqual(['姓名', '电话', '类型', '微信', '预算', '级别', '备注']);

    const rows: CellValue[][] = [
      ['姓名', '电话', '类型', '微信', '预算', '级别'],
      ['甲', 13100131001, '意向客户', 'wx-a', 100, '高'],
      ['乙', '131 0013 1002', null, null, '两千', '中'],
      ['丙', '12345', null, null, null, '中'],
      ['丁', '+86 13100131001', null, null, null, '中'],
      ['戊', '13800138000', null, null, null, '中'],
      ['己', '13100131003', '潜在客户', null, null, '中'],
      ['庚', '13100131004', null, null, null, null],
      [null, null, null, null, null, null],
      ['辛', '0755-82345678', '无效客户', null, '3000', '低'],
    ];
    const before = await api.db.customer.count();
    const r = await upload(leader, `/api/customers/import?typeId=${typeId}`, xlsx(rows), '客户.xlsx');
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json();
    expect(report).toMatchObject({ total: 8, accepted: 2, rejected: 6, rejectedRowsComplete: true });
    expect(report.rejectedRows.map((x: { row: number; code: string }) => [x.row, x.code])).toEqual([
      [3, 'FIELD_INVALID'], [4, 'PHONE_INVALID'], [5, 'DUPLICATE_IN_FILE'], [6, 'DUPLICATE_EXISTING'], [7, 'TYPE_UNKNOWN'], [8, 'FIELD_REQUIRED'],
    ]);
    expect(report.rejectedRows[0].zh).toContain('预算');
    expect(report.rejectedFile).toMatchObject({ fileName: '客户-未导入.xlsx', url: `/api/files/${report.rejectedFile.id}` });
    const download = await api.call('GET', report.rejectedFile.url, leader);
    expect([download.statusCode, download.headers['content-disposition']]).toEqual([200, `attachment; filename="__-___.xlsx"; filename*=UTF-8''${encodeURIComponent('客户-未导入.xlsx')}`]);
    // Another enterprise, or an agent who did not import it, cannot fetch it.
    expect((await api.call('GET', report.rejectedFile.url, bAdmin)).statusCode).toBe(404);
    expect((await api.call('GET', report.rejectedFile.url, agent)).statusCode).toBe(404);
    const file = await firstSheet(download.rawPayload);
    expect(file[0]).toEqual(['行号', '姓名', '电话', '类型', '微信', '预算', '级别', '原因']);
    expect(file[3]).toEqual([5, '丁', '+86 13100131001', null, null, null, '中', '与第 2 行号码重复']);
    // The report uploads again as it is (its 行号 and 原因 columns are read past): nothing fixed, nothing taken.
    const retry = await upload(leader, '/api/customers/import', download.rawPayload);
    expect(retry.json(), retry.body).toMatchObject({ total: 6, accepted: 0, rejected: 6 });
    expect(await api.db.customer.count()).toBe(before + 2);
    const imported = (await api.call('GET', '/api/customers?phone=131', admin)).json().items;
    expect(imported.map((c: { name: string; typeName: string; fields: object }) => [c.name, c.typeName, c.fields])).toEqual([
      ['甲', '意向客户', { wechat: 'wx-a', budget: 100, level: '高' }],
    ]);
    expect((await api.call('GET', '/api/customers?phone=0755', admin)).json().items[0]).toMatchObject({ name: '辛', typeName: '无效客户', fields: { budget: 3000 } });

    const wrong = await upload(leader, '/api/customers/import', xlsx([['姓名', '电话', 'QQ'], ['x', '13100131009', '1']]));
    expect([wrong.statusCode, wrong.json().error.code, wrong.json().error.details]).toEqual([400, 'IMPORT_COLUMNS_UNKNOWN', { columns: [{ column: 'C', header: 'QQ' }] }]);
    const noLevel = await upload(leader, '/api/customers/import', xlsx([['姓名', '电话'], ['x', '13100131009']]));
    expect(noLevel.json().error.code).toBe('IMPORT_COLUMNS_MISSING');
    expect((await upload(agent, '/api/customers/import', xlsx(rows))).statusCode).toBe(403);
    expect(await api.db.customer.count()).toBe(before + 2);

    const exported = await api.call('GET', '/api/customers/export?phone=131', admin);
    expect(exported.headers['content-disposition']).toContain(encodeURIComponent('客户.xlsx'));
    const sheet = await firstSheet(exported.rawPayload);
    expect(sheet[0]).toEqual(['姓名', '电话', '类型', '微信', '预算', '级别', '备注', '公司', '等级', '所属坐席', '分配时间', '最近跟进', '创建时间']);
    expect(sheet.slice(1).map((row) => row.slice(0, 6))).toEqual([['甲', '13100131001', '意向客户', 'wx-a', 100, '高']]);
    // The export re-imports: into enterprise B, once B defines the same field.
    await api.call('POST', '/api/custom-fields', bAdmin, { target: 'customer', key: 'level', label: '级别', type: 'select', options: ['高', '中', '低'] });
    await api.call('POST', '/api/custom-fields', bAdmin, { target: 'customer', key: 'wechat', label: '微信', type: 'text' });
    await api.call('POST', '/api/custom-fields', bAdmin, { target: 'customer', key: 'budget', label: '预算', type: 'number' });
    await api.call('POST', '/api/custom-fields', bAdmin, { target: 'customer', key: 'remark', label: '备注', type: 'text' });
    await api.call('POST', '/api/customer-types', bAdmin, { name: '意向客户' });
    const again = await upload(bAdmin, '/api/customers/import', exported.rawPayload);
    expect(again.json(), again.body).toMatchObject({ accepted: 1, rejected: 0, rejectedFile: null });
    expect((await api.call('GET', '/api/customers', bAdmin)).json().items.map((c: { phone: string }) => c.phone)).toEqual(['13100131001']);
    await api.db.customer.deleteMany({ where: { enterpriseId: api.b.id } });
  });

  it('keeps a blacklist with import and export that round-trip', async () => {
    const added = await api.call('POST', '/api/blacklist', leader, { phone: '139 0013 9000', reason: '投诉' });
    expect(added.json().entry).toMatchObject({ phone: '13900139000', reason: '投诉' });
    expect((await api.call('POST', '/api/blacklist', leader, { phone: '13900139000' })).json().error.code).toBe('BLACKLIST_EXISTS');
    expect((await api.call('POST', '/api/blacklist', leader, { phone: '110' })).json().error.code).toBe('PHONE_INVALID');

    const template = await api.call('GET', '/api/blacklist/template', admin);
    expect((await firstSheet(template.rawPayload))[0]).toEqual(['电话', '原因']);
    const r = await upload(admin, '/api/blacklist/import', xlsx([
      ['电话', '原因'], ['13900139001', '骚扰'], [13900139002, null], ['not a number', 'x'], ['13900139001', '又一次'], ['13900139000', '已有'], ['021-55556666', '公司总机'],
    ]));
    expect(r.json()).toMatchObject({ total: 6, accepted: 3, rejected: 3, reasons: { PHONE_CHARACTERS: 1, DUPLICATE_IN_FILE: 1, DUPLICATE_EXISTING: 1 } });
    expect(r.json().rejectedRows.map((x: { row: number; code: string }) => [x.row, x.code])).toEqual([[4, 'PHONE_CHARACTERS'], [5, 'DUPLICATE_IN_FILE'], [6, 'DUPLICATE_EXISTING']]);
    const reportBytes = (await api.call('GET', r.json().rejectedFile.url, admin)).rawPayload;
    const report = await firstSheet(reportBytes);
    expect(report[0]).toEqual(['行号', '电话', '原因', '未导入原因']);
    expect((await upload(admin, '/api/blacklist/import', reportBytes)).json()).toMatchObject({ total: 3, accepted: 0 });

    const list = await api.call('GET', '/api/blacklist?phone=1390013900', admin);
    expect(list.json().total).toBe(3);
    expect((await api.call('GET', '/api/blacklist?reason=骚扰', admin)).json().items.map((b: { phone: string }) => b.phone)).toEqual(['13900139001']);

    const exported = await api.call('GET', '/api/blacklist/export?format=xls', admin);
    expect(exported.headers['content-type']).toBe('application/vnd.ms-excel');
    const sheet = await firstSheet(exported.rawPayload);
    expect(sheet.slice(1).map((row) => [row[0], row[1]]).sort()).toEqual([
      ['02155556666', '公司总机'], ['13900139000', '投诉'], ['13900139001', '骚扰'], ['13900139002', null],
    ]);
    const intoB = await upload(bAdmin, '/api/blacklist/import', exported.rawPayload, '黑名单.xls');
    expect(intoB.json(), intoB.body).toMatchObject({ accepted: 4, rejected: 0 });
    const bExport = await firstSheet((await api.call('GET', '/api/blacklist/export', bAdmin)).rawPayload);
    expect(bExport.slice(1).map((row) => [row[0], row[1]]).sort()).toEqual(sheet.slice(1).map((row) => [row[0], row[1]]).sort());

    const entry = added.json().entry.id;
    expect((await api.call('DELETE', `/api/blacklist/${entry}`, bAdmin)).statusCode).toBe(404);
    expect((await api.call('DELETE', `/api/blacklist/${entry}`, admin)).statusCode).toBe(204);
    expect((await api.call('GET', '/api/blacklist', admin)).json().total).toBe(3);
    await api.db.blacklist.deleteMany({ where: { enterpriseId: api.b.id } });
  });

  it('reads and saves settings, checking their shape and their times', async () => {
    const defaults = await api.call('GET', '/api/settings', leader);
    expect(defaults.json()).toEqual({ settings: DEFAULT_SETTINGS, updatedAt: null });
    const day = { enabled: true, start: '08:30', end: '20:00', breaks: [{ start: '12:00', end: '13:00' }, { start: '17:30', end: '18:00' }] };
    const hours = { ...DEFAULT_SETTINGS.workingHours, mon: day, sat: { ...day, enabled: true, breaks: [] } };
    expect((await api.call('PUT', '/api/settings', leader, { sms: { enabled: true } })).statusCode).toBe(403);
    const saved = await api.call('PUT', '/api/settings', admin, { workingHours: hours, sms: { enabled: true } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ settings: { workingHours: hours, sms: { enabled: true } }, updatedAt: new Date(api.clock.now).toISOString() });
    api.clock.now += 1000;
    expect((await api.call('PUT', '/api/settings', admin, { sms: { enabled: false } })).json().settings).toEqual({ workingHours: hours, sms: { enabled: false } });

    const refused = async (body: object, path?: string) => {
      const r = await api.call('PUT', '/api/settings', admin, body);
      expect([r.statusCode, r.json().error.code], r.body).toEqual([400, 'VALIDATION']);
      if (path) expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await refused({ workingHours: { ...hours, mon: { ...day, start: '21:00' } } }, '/workingHours/mon');
    await refused({ workingHours: { ...hours, tue: { ...day, breaks: [{ start: '07:00', end: '09:00' }] } } }, '/workingHours/tue/breaks/0');
    await refused({ workingHours: { ...hours, wed: { ...day, breaks: [{ start: '12:00', end: '13:00' }, { start: '12:30', end: '14:00' }] } } }, '/workingHours/wed/breaks/1');
    await refused({ workingHours: { ...hours, thu: { ...day, start: '25:00' } } }, '/workingHours/thu/start');
    const { sun: _sun, ...sixDays } = hours;
    await refused({ workingHours: sixDays });
    await refused({ smsEnabled: true });
    await refused({});
    expect((await api.call('GET', '/api/settings', admin)).json().settings.sms).toEqual({ enabled: false });
  });

  it("shows enterprise B none of A's customers, types, fields, follow-ups, blacklist or settings", async () => {
    const aCustomer = (await api.db.customer.findFirstOrThrow({ where: { enterpriseId: api.a.id } })).id;
    const aType = (await api.db.customerType.findFirstOrThrow({ where: { enterpriseId: api.a.id } })).id;
    const aField = (await api.db.customField.findFirstOrThrow({ where: { enterpriseId: api.a.id } })).id;
    expect((await api.call('GET', '/api/customers', bAdmin)).json()).toMatchObject({ items: [], total: 0 });
    expect((await api.call('GET', '/api/follow-ups', bAdmin)).json().items).toEqual([]);
    expect((await api.call('GET', '/api/customer-types', bAdmin)).json().items.map((t: { id: number }) => t.id)).not.toContain(aType);
    expect((await api.call('GET', '/api/custom-fields', bAdmin)).json().items.map((f: { id: number }) => f.id)).not.toContain(aField);
    expect((await api.call('GET', '/api/blacklist', bAdmin)).json().items).toEqual([]);
    expect((await api.call('GET', '/api/settings', bAdmin)).json()).toEqual({ settings: DEFAULT_SETTINGS, updatedAt: null });
    const exported = await firstSheet((await api.call('GET', '/api/customers/export', bAdmin)).rawPayload);
    expect(exported.length).toBe(1);

    for (const [method, url, body] of [
      ['GET', `/api/customers/${aCustomer}`, undefined],
      ['PATCH', `/api/customers/${aCustomer}`, { name: 'x' }],
      ['DELETE', `/api/customers/${aCustomer}`, undefined],
      ['GET', `/api/customers/${aCustomer}/assignments`, undefined],
      ['GET', `/api/customers/${aCustomer}/follow-ups`, undefined],
      ['POST', `/api/customers/${aCustomer}/follow-ups`, { type: 'phone' }],
      ['POST', '/api/customers/reclaim', { customerIds: [aCustomer] }],
      ['PATCH', `/api/customer-types/${aType}`, { name: 'x' }],
      ['DELETE', `/api/customer-types/${aType}`, undefined],
      ['PATCH', `/api/custom-fields/${aField}`, { label: 'x' }],
      ['DELETE', `/api/custom-fields/${aField}`, undefined],
    ] as const) {
      const r = await api.call(method, url, bAdmin, body);
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(404);
    }
    const bAgent = await api.db.user.findFirstOrThrow({ where: { enterpriseId: api.b.id, workNo: '2001' } });
    expect((await api.call('POST', '/api/customers/assign', bAdmin, { customerIds: [aCustomer], agentId: bAgent.id })).statusCode).toBe(404);
    expect(await api.db.customer.count({ where: { id: aCustomer } })).toBe(1);
    expect(await api.db.customerType.count({ where: { id: aType } })).toBe(1);
  });
});
