/** The leads API (数据列表) on SQLite and PostgreSQL: import with its report, search, CRUD, export, move to the CRM, access. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkbook, writeWorkbook } from '@waihu/workbook';
import type { CellValue } from '@waihu/engine';
import { databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';
import type { LightMyRequestResponse } from 'fastify';
import { DuplicateLeadError, insertLeads } from '../src/leads/bulk-insert.js';
import { importLeads } from '../src/leads/import.js';
import { scopedDb } from '../src/tenancy.js';
import { LocalFileStore } from '../src/storage/index.js';
import { encodeReport } from '../src/leads/report.js';

const kinds = await databases();

/** A distinct valid mobile per index. */
const mobile = (i: number): string => `139${String(i).padStart(8, '0')}`;


describe.each(kinds)('leads on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  let agent: string;
  let bravo: string;

  const importFile = async (
    token: string, rows: readonly (readonly CellValue[])[],
    opts: { batch?: string; name?: string; format?: 'xlsx' | 'xls'; fields?: Record<string, string>; query?: string; sheets?: { name: string; rows: CellValue[][] }[] } = {},
  ): Promise<LightMyRequestResponse> => {
    const bytes = writeWorkbook({ sheets: opts.sheets ?? [{ name: '数据列表', rows }] }, { bookType: opts.format ?? 'xlsx' });
    const body = multipart(opts.name ?? 'leads.xlsx', bytes);
    let payload = body.payload;
    const fields = { ...(opts.batch === undefined ? {} : { batch: opts.batch }), ...opts.fields };
    const boundary = body.headers['content-type']!.split('boundary=')[1]!;
    for (const [name, value] of Object.entries(fields).reverse()) {
      payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`), payload]);
    }
    return api.app.inject({ method: 'POST', url: `/api/leads/import${opts.query ?? ''}`, headers: { ...body.headers, authorization: `Bearer ${token}` }, payload });
  };
  const counts = async () => ({ batches: await api.db.leadBatch.count(), leads: await api.db.lead.count() });

  beforeAll(async () => {
    api = await startApi(kind);
    [admin, leader, agent, bravo] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
    await api.db.customField.createMany({
      data: [
        { enterpriseId: api.a.id, target: 'lead', key: 'wechat', label: '微信', sortOrder: 1 },
        { enterpriseId: api.a.id, target: 'lead', key: 'industry', label: '行业', type: 'select', options: JSON.stringify(['教育', '金融']), sortOrder: 2 },
        { enterpriseId: api.a.id, target: 'customer', key: 'wechat', label: '微信' },
        { enterpriseId: api.b.id, target: 'lead', key: 'secret', label: '秘密字段' },
      ],
    });
  });
  afterAll(async () => { await api?.close(); });

  it('serves the import template with the enterprise\'s custom fields and a # note row', async () => {
    for (const format of ['xlsx', 'xls'] as const) {
      const r = await api.call('GET', `/api/leads/template?format=${format}`, leader);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-disposition']).toContain(encodeURIComponent('线索导入模板'));
      const rows = (await readWorkbook(r.rawPayload)).sheets[0]!.rows;
      expect(rows[0]).toEqual(['姓名', '电话', '微信', '行业']);
      expect(String(rows[1]![0])).toMatch(/^# .*行业：可选：教育、金融/);
    }
  });

  it('imports 2,000 rows: rejects bad phones, duplicates, existing and blacklisted numbers, with a full report', async () => {
    // Already there: a lead (added through the API) and two blacklisted numbers.
    expect((await api.call('POST', '/api/leads', admin, { name: '老客户', phone: mobile(5) })).statusCode).toBe(201);
    await api.db.blacklist.createMany({ data: [{ enterpriseId: api.a.id, phone: mobile(7) }, { enterpriseId: api.a.id, phone: mobile(8) }] });
    // Enterprise B's lead and blacklist do not affect A.
    await api.db.lead.create({ data: { enterpriseId: api.b.id, phone: mobile(9) } });
    await api.db.blacklist.create({ data: { enterpriseId: api.b.id, phone: mobile(10) } });

    const rows: CellValue[][] = [['客户姓名', '手机号', '微信', '行业', '备注'], ['# 示例行，不导入', null, null, null, null]];
    for (let i = 0; i < 2000; i++) {
      let phone: CellValue = i % 2 ? `+86 ${mobile(i).slice(0, 3)}-${mobile(i).slice(3, 7)}-${mobile(i).slice(7)}` : Number(mobile(i));
      if (i % 100 === 50) phone = `12${i}`; // invalid
      if (i === 1999) phone = mobile(3); // duplicate of row for i=3
      rows.push([`客户${i}`, phone, `wx${i}`, i % 3 ? '金融' : '教育', '备注']);
    }
    rows.push([null, null, null, null, null]);
    rows.push(['坏行业', mobile(5000), null, '零售', null]);
    const r = await importFile(leader, rows, { batch: '双十一' });
    expect(r.statusCode, JSON.stringify(r.json()).slice(0, 300)).toBe(201);
    const body = r.json();
    const invalid = 20;
    expect(body).toMatchObject({
      total: 2001, rejected: invalid + 1 + 1 + 2 + 1, accepted: 2001 - (invalid + 5),
      reasons: { PHONE_INVALID: invalid, DUPLICATE_IN_FILE: 1, DUPLICATE_EXISTING: 1, BLACKLISTED: 2, FIELD_INVALID: 1 },
      batch: { code: '双十一', status: 'done', totalRows: 2001, duplicates: 2, blacklisted: 2, hasRejectedReport: true },
      rejectedRowsComplete: true,
    });
    expect(body.batch.leads).toBe(body.accepted);
    expect(body.warnings).toEqual([expect.objectContaining({ code: 'COLUMN_UNKNOWN', row: 1, column: 'E' })]);
    const rowOf = (i: number) => i + 3;
    expect(body.rejectedRows.find((x: { row: number }) => x.row === rowOf(1999))).toMatchObject({ code: 'DUPLICATE_IN_FILE', zh: `与第 ${rowOf(3)} 行号码重复` });
    expect(body.rejectedRows.find((x: { row: number }) => x.row === rowOf(7))).toMatchObject({ code: 'BLACKLISTED', cells: ['客户7', expect.stringContaining('-'), 'wx7', '金融', '备注'] });
    expect(body.rejectedRowsComplete).toBe(true);

    const stored = await api.db.lead.findFirst({ where: { enterpriseId: api.a.id, phone: mobile(1) } });
    expect(stored).toMatchObject({ name: '客户1', batchId: body.batch.id, status: 'NEW', createdById: expect.any(Number) });
    expect(JSON.parse(stored!.fields)).toEqual({ wechat: 'wx1', industry: '金融' });
    expect(await api.db.lead.count({ where: { enterpriseId: api.a.id, phone: mobile(9) } })).toBe(1); // B's number is A's lead too now
    expect(await api.db.lead.count({ where: { enterpriseId: api.a.id, phone: mobile(10) } })).toBe(1);

    // The report: every rejected row with its original cells and the reason.
    const rep = await api.call('GET', `/api/leads/batches/${body.batch.id}/rejected?format=xlsx`, admin);
    expect(rep.statusCode).toBe(200);
    const sheet = (await readWorkbook(rep.rawPayload)).sheets[0]!;
    expect(sheet.rows[0]).toEqual(['行号', '客户姓名', '手机号', '微信', '行业', '备注', '原因']);
    expect(sheet.rows).toHaveLength(body.rejected + 1);
    expect(sheet.rows.every((row, i) => i === 0 || (typeof row[0] === 'number' && typeof row[6] === 'string' && row[6] !== ''))).toBe(true);
    expect(sheet.rows.find((row) => row[0] === rowOf(50))).toEqual([rowOf(50), '客户50', '1250', 'wx50', '金融', '备注', '不是有效的手机、座机或400/800号码']);
    expect(sheet.rows.find((row) => row[0] === rowOf(5))![6]).toBe('号码已在数据列表中');
    expect(sheet.rows.find((row) => row[0] === 2004)![6]).toMatch(/^行业：/);
    // Rows come as wide as the sheet, trailing empty cells included, as the whole-sheet reader gave them.
    expect(body.rejectedRows.find((x: { row: number }) => x.row === 2004)).toMatchObject({ code: 'FIELD_INVALID', cells: ['坏行业', mobile(5000), null, '零售', null] });
    const xls = await api.call('GET', `/api/leads/batches/${body.batch.id}/rejected?format=xls`, admin);
    expect((await readWorkbook(xls.rawPayload)).sheets[0]!.rows).toHaveLength(body.rejected + 1);
    // The report went to the file store as rows were rejected; a batch of before, with the same
    // report inline, downloads the same sheet.
    const kept = await api.db.leadBatch.findUniqueOrThrow({ where: { id: body.batch.id } });
    expect(kept.rejectReportKey).toMatch(/^lead-rejects\//);
    const inline = encodeReport('数据列表', sheet.rows[0]!.slice(1, -1), sheet.rows.slice(1).map((row) => ({
      row: row[0] as number, code: 'PHONE_INVALID' as const, zh: String(row.at(-1)), en: '', cells: row.slice(1, -1),
    })));
    await api.db.leadBatch.update({ where: { id: body.batch.id }, data: { rejectReportKey: inline } });
    const old = await api.call('GET', `/api/leads/batches/${body.batch.id}/rejected?format=xlsx`, admin);
    expect((await readWorkbook(old.rawPayload)).sheets[0]!.rows).toEqual(sheet.rows);
    await api.db.leadBatch.update({ where: { id: body.batch.id }, data: { rejectReportKey: kept.rejectReportKey } });

    // Fixing the report and importing it again: its 行号 and 原因 columns are known, not warned about.
    const again = await importFile(admin, [sheet.rows[0]!, [rowOf(50), '客户50', '13912345678', 'wx', '教育', null, '不是有效的号码']]);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ accepted: 1, warnings: [expect.objectContaining({ column: 'F' })] });

    const batches = await api.call('GET', '/api/leads/batches', leader);
    expect(batches.json().items[1]).toMatchObject({ code: '双十一', accepted: body.accepted, leads: body.accepted });
    expect((await api.call('GET', `/api/leads/batches/${body.batch.id}`, leader)).json().batch.code).toBe('双十一');
  });

  it('refuses a file of the wrong template with a located 422, writing nothing', async () => {
    const before = await counts();
    const r = await importFile(admin, [['流程名称', '话术内容'], ['开场白', '您好']]);
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'LEAD_TEMPLATE_MISMATCH', details: { issues: [{ code: 'PHONE_COLUMN_MISSING', sheet: '数据列表', row: 1 }] } });
    const empty = await importFile(admin, [['姓名', '电话'], ['# 说明', null]]);
    expect([empty.statusCode, empty.json().error.code]).toEqual([422, 'LEAD_FILE_EMPTY']);
    const notSheet = multipart('a.xlsx', Buffer.from('不是表格'));
    const text = await api.app.inject({ method: 'POST', url: '/api/leads/import', headers: { ...notSheet.headers, authorization: `Bearer ${admin}` }, payload: notSheet.payload });
    expect([text.statusCode, text.json().error.code]).toEqual([400, 'NOT_A_SPREADSHEET']);
    const json = await api.call('POST', '/api/leads/import', admin, { file: 'x' });
    expect([json.statusCode, json.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const taken = await importFile(admin, [['电话'], [mobile(90_001)]], { batch: '双十一' });
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'BATCH_CODE_TAKEN']);
    expect(await counts()).toEqual(before);
  });

  it('keeps two imports of the same numbers at once whole: one wins, the other finds duplicates or gets a retryable 409', async () => {
    const before = await api.db.lead.count({ where: { enterpriseId: api.a.id } });
    const rows: CellValue[][] = [['电话'], ...Array.from({ length: 300 }, (_, i) => [mobile(300_000 + i)])];
    const [x, y] = await Promise.all([importFile(admin, rows, { batch: 'race-1' }), importFile(leader, rows, { batch: 'race-2' })]);
    const outcomes = [x, y].map((r) => (r.statusCode === 201 ? `201:${r.json().accepted}` : `${r.statusCode}:${r.json().error.code}:${r.json().error.retryable}`)).sort();
    expect([['201:0', '201:300'], ['201:300', '409:IMPORT_CONFLICT:true']]).toContainEqual(outcomes);
    expect(await api.db.lead.count({ where: { enterpriseId: api.a.id } })).toBe(before + 300);
    // The raw bulk insert reports a taken number as such, on both databases.
    const batch = await api.db.leadBatch.findFirst({ where: { enterpriseId: api.a.id } });
    await expect(insertLeads(api.db, { enterpriseId: api.a.id, batchId: batch!.id, createdById: api.a.adminId, at: new Date() }, [{ name: '', phone: mobile(300_000), fields: {} }])).rejects.toBeInstanceOf(DuplicateLeadError);

    // A number added between the duplicate lookup and the insert (forced here by sending the
    // lookups, raw SQL that takes the enterprise as a parameter, another enterprise's id, so they
    // find none of A's numbers): 409, retryable, and the batch row rolled back with the leads.
    const counted = await counts();
    // Its report of rejected rows (one bad number) was written while reading, and is removed again.
    const file = writeWorkbook({ sheets: [{ name: 'x', rows: [['电话'], [mobile(300_299)], [mobile(999_999)], ['123']] }] });
    const storeDir = mkdtempSync(join(tmpdir(), 'waihu-leads-store-'));
    const scoped = scopedDb(api.db, api.a.id);
    const blind = new Proxy(scoped, {
      get: (target, key) => key === '$queryRawUnsafe'
        ? (sql: string, _enterpriseId: number, ...values: unknown[]) => target.$queryRawUnsafe(sql, api.b.id, ...values)
        : Reflect.get(target, key),
    });
    const late = importLeads(blind, {
      enterpriseId: api.a.id, file, fileName: 'x.xlsx', files: new LocalFileStore(storeDir), batchCode: 'late', userId: api.a.adminId, now: new Date(), maxBytes: 1e6,
    });
    await expect(late).rejects.toMatchObject({ status: 409, code: 'IMPORT_CONFLICT', retryable: true });
    expect(await counts()).toEqual(counted);
    expect(readdirSync(storeDir, { recursive: true }).filter((f) => String(f).endsWith('.gz'))).toEqual([]);
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('imports a legacy .xls and names the batch from the clock when no name is given', async () => {
    api.clock.now = Date.parse('2026-11-21T10:00:00Z');
    const r = await importFile(admin, [['电话', '姓名'], ['010-62345678', '北京'], ['0755-2345678', '深圳'], ['400-123-4567', '客服']], { format: 'xls', name: 'old.xls' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ accepted: 3, rejected: 0, rejectedReportUrl: null, batch: { code: '20261121-180000', fileName: 'old.xls', hasRejectedReport: false } });
    const second = await importFile(admin, [['电话'], ['020-62345678']]);
    expect(second.json().batch.code).toBe('20261121-180000-2');
  });

  it('searches by name, phone prefix, batch, grade, status and creation date, paginated', async () => {
    // 00:30 on the 22nd in China, the sessions of 17:00 on the 21st still valid.
    api.clock.now = Date.parse('2026-11-21T16:30:00Z');
    const made = await importFile(admin, [['姓名', '电话'], ['搜索甲', '18600000001'], ['搜索乙', '18600000002'], ['搜索丙', '18600000003'], ['别人', '18700000004']], { batch: 'S1' });
    const batchId = made.json().batch.id;
    await api.db.lead.updateMany({ where: { enterpriseId: api.a.id, phone: { in: ['18600000001', '18600000002'] } }, data: { grade: 'A' } });
    await api.db.lead.updateMany({ where: { enterpriseId: api.a.id, phone: '18600000002' }, data: { status: 'CALLED' } });
    const list = async (q: string) => {
      const r = await api.call('GET', `/api/leads?${q}`, leader);
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      return r.json() as { items: { name: string; phone: string; batchCode: string }[]; total: number | null; nextCursor: string | null };
    };
    expect((await list(`name=${encodeURIComponent('搜索')}`)).items.map((l) => l.name)).toEqual(['搜索丙', '搜索乙', '搜索甲']);
    expect((await list('phone=186')).total).toBe(3);
    expect((await list(`phone=${encodeURIComponent('+86 186-0000-0003')}`)).items.map((l) => l.phone)).toEqual(['18600000003']);
    expect((await list('phone=1869')).total).toBe(0);
    expect((await list(`batchId=${batchId}`)).items[0]).toMatchObject({ batchCode: 'S1' });
    expect((await list('batch=S1')).total).toBe(4);
    expect((await list('batch=none')).items).toEqual([]);
    expect((await list(`batchId=${batchId}&grade=A`)).total).toBe(2);
    expect((await list(`batchId=${batchId}&grade=A&status=NEW`)).items.map((l) => l.name)).toEqual(['搜索甲']);
    expect((await list('createdFrom=2026-11-22')).total).toBe(4);
    expect((await list('createdFrom=2026-11-22T00:31:00%2B08:00')).total).toBe(0);
    expect((await list('createdFrom=2026-11-21T16:30:00Z&createdTo=2026-11-21T16:30:01Z')).total).toBe(4);
    expect((await list('createdTo=2026-11-21&batch=S1')).total).toBe(0);
    expect((await list('createdTo=2026-11-22&batch=S1')).total).toBe(4);

    const all = await list('pageSize=200');
    expect(all.total).toBe(1976 + 1 + 1 + 300 + 3 + 1 + 4); // the batches and the lead added so far
    expect(all.items).toHaveLength(200);
    const p2 = await list('page=2&pageSize=3');
    const firstSix = (await list('pageSize=6')).items;
    expect(p2.items.map((l) => l.phone)).toEqual(firstSix.slice(3, 6).map((l) => l.phone));
    const c1 = await list('pageSize=2&cursor=99999999999999.1');
    expect(c1.total).toBeNull();
    expect(c1.nextCursor).toMatch(/^\d+\.\d+$/);
    const c2 = await list(`pageSize=2&cursor=${c1.nextCursor}`);
    expect([...c1.items, ...c2.items].map((l) => l.phone)).toEqual(firstSix.slice(0, 4).map((l) => l.phone));
    const tooBig = await api.call('GET', '/api/leads?pageSize=201', leader);
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([400, 'VALIDATION']);
    const badCursor = await api.call('GET', '/api/leads?cursor=abc', leader);
    expect(badCursor.statusCode).toBe(400);
    const unknown = await api.call('GET', '/api/leads?foo=1', leader);
    expect(unknown.statusCode).toBe(400);

    const exported = await api.call('GET', `/api/leads/export?format=xlsx&batchId=${batchId}&grade=A`, leader);
    expect(exported.statusCode).toBe(200);
    const rows = (await readWorkbook(exported.rawPayload)).sheets[0]!.rows;
    expect(rows[0]).toEqual(['姓名', '电话', '微信', '行业', '批次', '等级', '状态', '导入时间']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4], r[5], r[6]])).toEqual([['搜索乙', '18600000002', 'S1', 'A', '已呼叫'], ['搜索甲', '18600000001', 'S1', 'A', '未呼叫']]);
    expect(rows[1]![7]).toBe('2026-11-22 00:30');
  });

  it('adds, reads, edits and deletes one lead with the same checks as the import', async () => {
    const add = await api.call('POST', '/api/leads', leader, { name: '  王经理 ', phone: '(010) 6234-5679', fields: { wechat: 'wang', industry: '教育' } });
    expect(add.statusCode).toBe(201);
    const lead = add.json().lead;
    expect(lead).toMatchObject({ name: '王经理', phone: '01062345679', fields: { wechat: 'wang', industry: '教育' }, status: 'NEW', grade: null, batchId: null });
    const dup = await api.call('POST', '/api/leads', leader, { phone: '+86 10 62345679' });
    expect([dup.statusCode, dup.json().error.code, dup.json().error.details.leadId]).toEqual([409, 'LEAD_EXISTS', lead.id]);
    const bad = await api.call('POST', '/api/leads', leader, { phone: '12345' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'PHONE_INVALID']);
    const black = await api.call('POST', '/api/leads', leader, { phone: mobile(7) });
    expect([black.statusCode, black.json().error.code]).toEqual([422, 'PHONE_BLACKLISTED']);
    const field = await api.call('POST', '/api/leads', leader, { phone: mobile(80_000), fields: { industry: '零售', nope: 'x' } });
    expect([field.statusCode, field.json().error.code]).toEqual([422, 'LEAD_FIELDS_INVALID']);
    expect(field.json().error.details.problems.map((p: { key: string }) => p.key).sort()).toEqual(['industry', 'nope']);
    const extra = await api.call('POST', '/api/leads', leader, { phone: mobile(80_001), grade: 'A' });
    expect([extra.statusCode, extra.json().error.code]).toEqual([400, 'VALIDATION']);

    expect((await api.call('GET', `/api/leads/${lead.id}`, admin)).json().lead.phone).toBe('01062345679');
    const nasty = `<script>alert(1)</script>'; DROP TABLE "Lead"; --`;
    const edit = await api.call('PATCH', `/api/leads/${lead.id}`, admin, { name: nasty, phone: '13611112222', fields: { wechat: null, industry: '金融' } });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().lead).toMatchObject({ name: nasty, phone: '13611112222', fields: { industry: '金融' } });
    const taken = await api.call('PATCH', `/api/leads/${lead.id}`, admin, { phone: mobile(1) });
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'LEAD_EXISTS']);
    const empty = await api.call('PATCH', `/api/leads/${lead.id}`, admin, {});
    expect(empty.statusCode).toBe(400);

    await api.db.lead.update({ where: { id: lead.id }, data: { status: 'CALLING' } });
    const busy = await api.call('DELETE', `/api/leads/${lead.id}`, admin);
    expect([busy.statusCode, busy.json().error.code]).toEqual([409, 'LEAD_BUSY']);
    await api.db.lead.update({ where: { id: lead.id }, data: { status: 'CALLED' } });
    expect((await api.call('DELETE', `/api/leads/${lead.id}`, admin)).statusCode).toBe(204);
    expect((await api.call('GET', `/api/leads/${lead.id}`, admin)).statusCode).toBe(404);
    expect((await api.call('DELETE', `/api/leads/${lead.id}`, admin)).statusCode).toBe(404);
  });

  it('moves a lead to the CRM once, with its grade, owner and matching custom fields', async () => {
    const lead = (await api.call('POST', '/api/leads', admin, { name: '意向客户', phone: '13722223333', fields: { wechat: 'yx', industry: '金融' } })).json().lead;
    const agentUser = await api.db.user.findFirst({ where: { enterpriseId: api.a.id, role: 'AGENT' } });
    await api.db.lead.update({ where: { id: lead.id }, data: { grade: 'A', ownerId: agentUser!.id } });
    const type = await api.db.customerType.create({ data: { enterpriseId: api.a.id, name: '高意向' } });
    const r = await api.call('POST', `/api/leads/${lead.id}/move-to-crm`, leader, { typeId: type.id, company: '某某科技' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      customer: { name: '意向客户', phone: '13722223333', company: '某某科技', typeId: type.id, grade: 'A', ownerId: agentUser!.id, sourceLeadId: lead.id, fields: { wechat: 'yx' } },
      lead: { id: lead.id, status: 'MOVED' },
      unmappedFields: ['industry'],
    });
    expect(await api.db.assignment.count({ where: { customerId: r.json().customer.id, toUserId: agentUser!.id } })).toBe(1);
    const again = await api.call('POST', `/api/leads/${lead.id}/move-to-crm`, leader);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'LEAD_ALREADY_MOVED']);

    const other = (await api.call('POST', '/api/leads', admin, { phone: '13744445555' })).json().lead;
    await api.db.customer.create({ data: { enterpriseId: api.a.id, phone: '13744445555' } });
    const exists = await api.call('POST', `/api/leads/${other.id}/move-to-crm`, admin, {});
    expect([exists.statusCode, exists.json().error.code]).toEqual([409, 'CUSTOMER_EXISTS']);
    const typeB = await api.db.customerType.create({ data: { enterpriseId: api.b.id, name: 'B类' } });
    const third = (await api.call('POST', '/api/leads', admin, { phone: '13744446666' })).json().lead;
    const foreignType = await api.call('POST', `/api/leads/${third.id}/move-to-crm`, admin, { typeId: typeB.id });
    expect([foreignType.statusCode, foreignType.json().error.code]).toEqual([422, 'CUSTOMER_TYPE_UNKNOWN']);
  });

  it("keeps enterprise B out of A's leads and batches", async () => {
    const lead = (await api.call('POST', '/api/leads', admin, { phone: '13766667777' })).json().lead;
    const batch = (await api.call('GET', '/api/leads/batches', admin)).json().items[0];
    expect((await api.call('GET', '/api/leads', bravo)).json().items.map((l: { phone: string }) => l.phone)).toEqual([mobile(9)]);
    expect((await api.call('GET', '/api/leads?phone=1376666', bravo)).json().total).toBe(0);
    expect((await api.call('GET', '/api/leads/batches', bravo)).json().items).toEqual([]);
    for (const [method, url, body] of [
      ['GET', `/api/leads/${lead.id}`, undefined], ['PATCH', `/api/leads/${lead.id}`, { name: 'x' }], ['DELETE', `/api/leads/${lead.id}`, undefined],
      // Someone else's lead is missing whatever the body: existence is checked before the body.
      ['PATCH', `/api/leads/${lead.id}`, { revision: 0 }], ['POST', `/api/leads/${lead.id}/move-to-crm`, { template: 1 }],
      ['POST', `/api/leads/${lead.id}/move-to-crm`, {}], ['GET', `/api/leads/batches/${batch.id}`, undefined], ['GET', `/api/leads/batches/${batch.id}/rejected`, undefined],
    ] as const) {
      const r = await api.call(method, url, bravo, body);
      expect([r.statusCode, r.json().error.code], `${method} ${url}`).toEqual([404, 'NOT_FOUND']);
    }
    const tpl = await api.call('GET', '/api/leads/template', bravo);
    expect((await readWorkbook(tpl.rawPayload)).sheets[0]!.rows[0]).toEqual(['姓名', '电话', '秘密字段']);
    // B may import the same numbers A has: duplicates are per enterprise.
    const r = await importFile(bravo, [['电话'], ['13766667777']], { batch: '双十一' });
    expect(r.json()).toMatchObject({ accepted: 1, batch: { code: '双十一' } });
    expect((await api.call('GET', `/api/leads/${lead.id}`, admin)).json().lead.name).toBe('');
    expect((await api.call('PATCH', `/api/leads/${lead.id}`, admin, { revision: 0 })).statusCode).toBe(400);
  });

  it('refuses agents (403) and anonymous callers (401)', async () => {
    for (const [method, url] of [['GET', '/api/leads'], ['POST', '/api/leads'], ['GET', '/api/leads/template'], ['POST', '/api/leads/import'], ['GET', '/api/leads/batches'], ['GET', '/api/leads/export'], ['GET', '/api/leads/1'], ['POST', '/api/leads/1/move-to-crm']] as const) {
      const r = await api.call(method, url, agent, method === 'POST' ? {} : undefined);
      expect([r.statusCode, r.json().error.code], url).toEqual([403, 'FORBIDDEN']);
      expect((await api.call(method, url, null)).statusCode, url).toBe(401);
    }
  });

  it('documents every leads route in OpenAPI under the leads tag', async () => {
    const doc = (await api.call('GET', '/docs/json', null)).json() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> };
    const ops = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/leads')).flatMap(([p, o]) => Object.entries(o).map(([m, op]) => ({ at: `${m} ${p}`, ...op })));
    expect(ops.length).toBeGreaterThanOrEqual(12);
    for (const op of ops) {
      expect(op.tags, op.at).toEqual(['leads']);
      expect(op.summary, op.at).toMatch(/[\u4e00-\u9fff].*[A-Za-z]/);
    }
  });

  it('updates existing leads with existing=update: filled cells replace, empty ones keep, blacklisted numbers are still refused', async () => {
    const lead = async (phone: string, name: string, fields: Record<string, string>) => {
      const r = await api.call('POST', '/api/leads', admin, { name, phone, fields });
      expect(r.statusCode).toBe(201);
      return r.json().lead as { id: number; batchId: number | null };
    };
    const first = await lead(mobile(700_001), '旧名', { wechat: 'old', industry: '教育' });
    await lead(mobile(700_002), '保留', { wechat: 'keep' });
    await lead(mobile(700_003), '黑名单里的', {});
    await api.db.blacklist.create({ data: { enterpriseId: api.a.id, phone: mobile(700_003) } });
    const rows: CellValue[][] = [
      ['姓名', '电话', '微信', '行业'],
      ['新名', mobile(700_001), 'new', null],
      [null, mobile(700_002), null, '金融'],
      ['黑', mobile(700_003), null, null],
      ['新客户', mobile(700_004), null, null],
      ['重复', mobile(700_001), null, null],
    ];
    const before = await counts();
    const r = await importFile(admin, rows, { batch: 'update-1', fields: { existing: 'update' } });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(201);
    expect(r.json()).toMatchObject({
      total: 5, accepted: 1, updated: 2, rejected: 2, reasons: { BLACKLISTED: 1, DUPLICATE_IN_FILE: 1 },
      batch: { code: 'update-1', totalRows: 5, accepted: 1, updated: 2, duplicates: 1, blacklisted: 1, leads: 1 },
    });
    expect(await counts()).toEqual({ batches: before.batches + 1, leads: before.leads + 1 });
    const updated = await api.db.lead.findFirst({ where: { enterpriseId: api.a.id, phone: mobile(700_001) } });
    expect(updated).toMatchObject({ id: first.id, name: '新名', batchId: first.batchId });
    expect(JSON.parse(updated!.fields)).toEqual({ wechat: 'new', industry: '教育' });
    const kept = await api.db.lead.findFirst({ where: { enterpriseId: api.a.id, phone: mobile(700_002) } });
    expect([kept!.name, JSON.parse(kept!.fields)]).toEqual(['保留', { wechat: 'keep', industry: '金融' }]);
    expect((await api.db.lead.findFirst({ where: { enterpriseId: api.a.id, phone: mobile(700_003) } }))!.name).toBe('黑名单里的');
    expect((await api.call('GET', `/api/leads/batches/${r.json().batch.id}`, admin)).json().batch).toMatchObject({ updated: 2 });

    // The same as a query parameter; skip (the default) rejects them again as before.
    const viaQuery = await importFile(admin, [['电话', '姓名'], [mobile(700_004), '改名']], { query: '?existing=update' });
    expect(viaQuery.json()).toMatchObject({ total: 1, accepted: 0, updated: 1, rejected: 0 });
    const skipped = await importFile(admin, [['电话'], [mobile(700_004)]], { fields: { existing: 'skip' } });
    expect(skipped.json()).toMatchObject({ accepted: 0, updated: 0, rejected: 1, reasons: { DUPLICATE_EXISTING: 1 }, batch: { updated: 0 } });
    for (const bad of [{ fields: { existing: 'merge' } }, { query: '?existing=merge' }, { fields: { existing: 'update' }, query: '?existing=skip' }]) {
      const refused = await importFile(admin, [['电话'], [mobile(700_005)]], bad);
      expect([refused.statusCode, refused.json().error.code]).toEqual([400, expect.stringMatching(/VALIDATION/)]);
    }
  });

  it('reads the first sheet that has a header, row by row, skipping notes above it and other sheets', async () => {
    const r = await importFile(admin, [], {
      sheets: [
        { name: '说明', rows: [['本文件的说明'], ['第二行说明']] },
        { name: '名单', rows: [['2026年 名单'], ['# 备注行'], [], ['电话', '姓名'], [mobile(710_001), '甲'], [], [mobile(710_002), '乙', '多出的列']] },
      ],
    });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(201);
    expect(r.json()).toMatchObject({ total: 2, accepted: 2, rejected: 0 });
    const none = await importFile(admin, [], { sheets: [{ name: 'A', rows: [['姓名']] }, { name: 'B', rows: [['流程'], ['x']] }] });
    expect(none.json().error).toMatchObject({ code: 'LEAD_TEMPLATE_MISMATCH', details: { issues: [{ sheet: 'A', row: 1 }, { sheet: 'B', row: 1 }] } });
    const onlyHeader = await importFile(admin, [['电话', '姓名'], ['# 示例', null]]);
    expect(onlyHeader.json().error).toMatchObject({ code: 'LEAD_FILE_EMPTY', details: { issues: [{ code: 'FILE_NO_ROWS', row: 1 }] } });
  });
});

describe('lead import upload limit', () => {
  it('refuses a file over the upload limit with a 413 while streaming it to disk, and removes what it wrote', async () => {
    const api = await startApi('sqlite', { uploadMaxBytes: 64 * 1024 });
    try {
      const token = await api.login('acme');
      const uploads = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('waihu-upload-'));
      const before = new Set(uploads());
      const send = (rows: CellValue[][]) => {
        const body = multipart('leads.xlsx', writeWorkbook({ sheets: [{ name: '数据列表', rows }] }));
        return api.app.inject({ method: 'POST', url: '/api/leads/import', headers: { ...body.headers, authorization: `Bearer ${token}` }, payload: body.payload });
      };
      const big = await send([['电话', '姓名'], ...Array.from({ length: 3_000 }, (_, i) => [mobile(i), `一个很长的名字${i}`])]);
      expect([big.statusCode, big.json().error.code]).toEqual([413, 'UPLOAD_TOO_LARGE']);
      const small = await send([['电话'], [mobile(1)], ['坏号码']]);
      expect([small.statusCode, small.json().accepted, small.json().rejected]).toEqual([201, 1, 1]);
      expect(uploads().filter((f) => !before.has(f))).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
