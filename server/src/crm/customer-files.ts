/**
 * Customers as spreadsheets: the import template (姓名, 电话, 类型, then the custom fields),
 * the import, and the export (which re-imports: its extra read-only columns are recognized).
 *
 * An import checks every row first: rows with an invalid number, a number repeated in the
 * file (DUPLICATE_IN_FILE), a number that is already a customer (DUPLICATE_EXISTING), an
 * unknown type or a bad custom field value are rejected with a reason, in the codes and words
 * of the lead import; the other rows are then written in one transaction, all or none.
 * File-level problems (the wrong template, a required custom field's column missing) store
 * nothing and answer 400.
 */
import type { FastifyInstance } from 'fastify';
import type { CellValue, Sheet } from '@waihu/engine';
import type { Db } from '@waihu/db';
import { GRADES, isUniqueViolation } from '@waihu/db';
import type { Services } from '../app.js';
import { ApiError } from '../errors.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { tenantOwned } from '../tenancy.js';
import type { Principal } from '../auth/service.js';
import { checkField, fieldToCell, loadFieldDefs, parseStoredFields } from './fields.js';
import type { FieldCheck, FieldDef } from './fields.js';
import { REPORT_ROW_HEADER, cellText, dataRows, formatQuery, importReport, importReportSchema, mapHeader, sendWorkbook, uploadedSheet } from './http.js';
import type { BookType, RejectedRow } from './http.js';
import { uniqueRowPhone } from './phone.js';
import { customerWhere, usersById } from './customers.js';
import type { CustomerFilter } from './customers.js';
import { customerFilterProperties } from './schemas.js';
import { chinaDateTime } from '../time.js';
import { reportKeeper } from '../storage/index.js';

type Builtin = 'name' | 'phone' | 'type' | 'company' | 'grade';
type Column = { readonly builtin: Builtin } | { readonly field: string };

/** Header words people use for the built-in columns (the first of each is the template's). */
const BUILTIN_HEADERS: Readonly<Record<Builtin, readonly string[]>> = {
  name: ['姓名', '客户姓名', '客户名称', '名称'],
  phone: ['电话', '手机', '手机号', '手机号码', '电话号码', '号码', '常用电话'],
  type: ['类型', '客户类型', '客户分类'],
  company: ['公司', '公司名称'],
  grade: ['等级'],
};
/** Columns the export adds that an import reads past. */
const EXPORT_ONLY = ['所属坐席', '分配时间', '最近跟进', '创建时间'];
/** Columns of the report of rejected rows, read past too, so fixed rows can be uploaded again. */
const REPORT_ONLY = [REPORT_ROW_HEADER, '原因'];
const NAME_MAX = 100;
const COMPANY_MAX = 200;
const CHUNK = 500;
const EXPORT_MAX = 200_000;

/** Words a custom field's label may not take: they name built-in columns. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set([...Object.values(BUILTIN_HEADERS).flat(), ...EXPORT_ONLY, ...REPORT_ONLY]);

function resolveColumn(defs: readonly FieldDef[]): (text: string) => Column | 'skip' | undefined {
  return (text) => {
    for (const [builtin, words] of Object.entries(BUILTIN_HEADERS)) if (words.includes(text)) return { builtin: builtin as Builtin };
    if (EXPORT_ONLY.includes(text) || REPORT_ONLY.includes(text)) return 'skip';
    const def = defs.find((d) => d.label === text) ?? defs.find((d) => d.key === text);
    return def ? { field: def.key } : undefined;
  };
}

interface Accepted {
  name: string;
  phone: string;
  company: string | null;
  typeId: number | null;
  grade: string | null;
  fields: string;
}

type Candidate = Accepted & { row: number; cells: readonly CellValue[] };

/** Every row checked on its own: candidate rows, or rejected ones with why. */
function checkRows(sheet: Sheet, defs: readonly FieldDef[], types: ReadonlyMap<string, number>, defaultTypeId: number | null): { candidates: Candidate[]; rejected: RejectedRow[] } {
  const header = sheet.rows[0] ?? [];
  const columns = mapHeader(header, resolveColumn(defs));
  const colOf = (b: Builtin): number | undefined => [...columns].find(([, c]) => 'builtin' in c && c.builtin === b)?.[0];
  const phoneCol = colOf('phone');
  if (phoneCol === undefined) throw new ApiError(400, 'IMPORT_TEMPLATE_MISMATCH', 'no 电话 (phone) column; download the template');
  const fieldCols = [...columns].flatMap(([col, c]) => {
    const def = 'field' in c ? defs.find((d) => d.key === c.field) : undefined;
    return def ? [{ col, def }] : [];
  });
  const missing = defs.filter((d) => d.required && !fieldCols.some((f) => f.def.key === d.key));
  if (missing.length > 0) {
    throw new ApiError(400, 'IMPORT_COLUMNS_MISSING', `required column(s) missing: ${missing.map((d) => d.label).join(', ')}`, { columns: missing.map((d) => ({ header: d.label, key: d.key })) });
  }
  const [nameCol, typeCol, companyCol, gradeCol] = (['name', 'type', 'company', 'grade'] as const).map(colOf);
  const text = (cells: readonly CellValue[], col: number | undefined): string => (col === undefined ? '' : cellText(cells[col]));

  const firstRowOf = new Map<string, number>();
  const candidates: Candidate[] = [];
  const rejected: RejectedRow[] = [];
  for (const { row, cells } of dataRows(sheet)) {
    const reject = (code: string, zh: string, en: string): void => { rejected.push({ row, code, zh, en, cells }); };
      const phone = uniqueRowPhone(cells[phoneCol] ?? null, row, firstRowOf);
      if (!phone.ok) { reject(phone.reason.code, phone.reason.zh, phone.reason.en); continue; }
    const name = text(cells, nameCol);
    if (name.length > NAME_MAX) { reject('NAME_TOO_LONG', `姓名超过 ${NAME_MAX} 个字符`, `the name is longer than ${NAME_MAX} characters`); continue; }
    const company = text(cells, companyCol);
    if (company.length > COMPANY_MAX) { reject('COMPANY_TOO_LONG', `公司超过 ${COMPANY_MAX} 个字符`, `the company is longer than ${COMPANY_MAX} characters`); continue; }
    const typeName = text(cells, typeCol);
    const typeId = typeName === '' ? defaultTypeId : types.get(typeName);
    if (typeId === undefined) { reject('TYPE_UNKNOWN', `客户类型“${typeName}”不存在`, `no customer type "${typeName}"`); continue; }
    const grade = text(cells, gradeCol).toUpperCase();
    if (grade !== '' && !(GRADES as readonly string[]).includes(grade)) { reject('GRADE_INVALID', `等级“${grade}”不是 A–F`, `grade "${grade}" is not A–F`); continue; }
    // Fields without a column are optional (a required one's missing column stopped the import above).
    const values: Record<string, unknown> = {};
    let bad: Extract<FieldCheck, { ok: false }> | null = null;
    for (const { col, def } of fieldCols) {
      const r = checkField(def, cells[col] ?? null);
      if (!r.ok) { bad = r; break; }
      if (r.value !== null) values[def.key] = r.value;
    }
    if (bad) { reject(bad.code, bad.zh, bad.en); continue; }
    candidates.push({ row, cells, name, phone: phone.phone, company: company || null, typeId, grade: grade || null, fields: JSON.stringify(values) });
  }
  return { candidates, rejected };
}

/** Numbers among `phones` that are already customers of the enterprise. */
async function existingPhones(db: Db, phones: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < phones.length; i += 1000) {
    const rows = await db.customer.findMany({ where: { phone: { in: phones.slice(i, i + 1000) } }, select: { phone: true } });
    for (const r of rows) found.add(r.phone);
  }
  return found;
}

function templateSheets(defs: readonly FieldDef[], typeNames: readonly string[]): Sheet[] {
  const header = ['姓名', '电话', '类型', ...defs.map((d) => d.label)];
  const guide: CellValue[][] = [
    ['列', '必填', '说明'],
    ['姓名', '否', '客户姓名，最多 100 字'],
    ['电话', '是', '手机号（11 位）或带区号的固定电话；同一号码只导入一次'],
    ['类型', '否', typeNames.length > 0 ? `客户类型：${typeNames.join('、')}` : '客户类型（尚未定义）'],
    ...defs.map((d) => [d.label, d.required ? '是' : '否', fieldHint(d)]),
  ];
  return [{ name: '客户', rows: [header] }, { name: '说明', rows: guide }];
}

function fieldHint(d: FieldDef): string {
  switch (d.type) {
    case 'number': return '数字';
    case 'date': return '日期，如 2026-11-21';
    case 'select': return `单选：${d.options.join('、')}`;
    case 'multiselect': return `多选，用逗号分隔：${d.options.join('、')}`;
    case 'phone': return '电话号码';
    default: return '文本';
  }
}

async function typesByName(db: Db): Promise<Map<string, number>> {
  const rows = await db.customerType.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  return new Map(rows.map((t) => [t.name, t.id]));
}

/** All customers the filter selects, as export rows, read in pages (never one huge query). */
async function exportRows(db: Db, p: Principal, filter: CustomerFilter, defs: readonly FieldDef[]): Promise<CellValue[][]> {
  const where = customerWhere(p, filter);
  if ((await db.customer.count({ where })) > EXPORT_MAX) throw new ApiError(422, 'EXPORT_TOO_LARGE', `more than ${EXPORT_MAX} customers; narrow the search`);
  const typeName = new Map([...(await typesByName(db))].map(([name, id]) => [id, name]));
  const out: CellValue[][] = [];
  let after = 0;
  for (;;) {
    const rows = await db.customer.findMany({ where: { AND: [where, { id: { gt: after } }] }, orderBy: { id: 'asc' }, take: 2000 });
    if (rows.length === 0) break;
    const owners = await usersById(db, rows.map((r) => r.ownerId));
    for (const c of rows) {
      const fields = parseStoredFields(c.fields);
      const owner = c.ownerId === null ? undefined : owners.get(c.ownerId);
      out.push([
        c.name, c.phone, c.typeId === null ? null : typeName.get(c.typeId) ?? null, ...defs.map((d) => fieldToCell(fields[d.key])),
        c.company, c.grade, owner ? `${owner.name}（${owner.workNo}）` : null, chinaDateTime(c.assignedAt), chinaDateTime(c.lastFollowUpAt), chinaDateTime(c.createdAt),
      ]);
    }
    after = rows[rows.length - 1]!.id;
  }
  return out;
}

export async function customerFileRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get<{ Querystring: { format: BookType } }>('/customers/template', {
    config: { roles: MANAGERS },
    schema: { tags: ['crm'], summary: '下载导入模板 The customer import template: 姓名, 电话, 类型, then the custom fields', querystring: formatQuery },
  }, async (request, reply) => {
    const db = dbOf(request);
    const [defs, types] = await Promise.all([loadFieldDefs(db, 'customer'), typesByName(db)]);
    return sendWorkbook(reply, templateSheets(defs, [...types.keys()]), '客户导入模板', request.query.format);
  });

  app.post<{ Querystring: { typeId?: number } }>('/customers/import', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['crm'], consumes: ['multipart/form-data'],
      summary: '导入客户 Import customers from the template (multipart field "file"); rejected rows come back with reasons and as a spreadsheet',
      querystring: { type: 'object', additionalProperties: false, properties: { typeId: { type: 'integer', minimum: 1, description: '类型列为空时的客户类型 type for rows that name none' } } },
      response: { 200: importReportSchema },
    },
  }, async (request) => {
    const db = dbOf(request);
    const p = principalOf(request);
    const { sheet, fileName } = await uploadedSheet(request, services.config.uploadMaxBytes);
    const [defs, types] = await Promise.all([loadFieldDefs(db, 'customer'), typesByName(db)]);
    const defaultTypeId = request.query.typeId ?? null;
    if (defaultTypeId !== null && ![...types.values()].includes(defaultTypeId)) throw new ApiError(400, 'TYPE_UNKNOWN', `no customer type ${defaultTypeId}`);
    const { candidates, rejected } = checkRows(sheet, defs, types, defaultTypeId);
    const total = candidates.length + rejected.length;
    const existing = await existingPhones(db, candidates.map((a) => a.phone));
    const fresh = candidates.filter((a) => {
      if (!existing.has(a.phone)) return true;
      rejected.push({ row: a.row, code: 'DUPLICATE_EXISTING', zh: '号码已在客户管理中', en: 'the number is already a customer', cells: a.cells });
      return false;
    });
    const now = new Date(services.clock());
    try {
      await db.$transaction(async (tx) => {
        for (let i = 0; i < fresh.length; i += CHUNK) {
          await tx.customer.createMany({
            data: fresh.slice(i, i + CHUNK).map(({ name, phone, company, typeId, grade, fields }) =>
              tenantOwned({ name, phone, company, typeId, grade, fields, createdById: p.userId, createdAt: now, updatedAt: now })),
          });
        }
      }, { timeout: 120_000, maxWait: 10_000 });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ApiError(409, 'IMPORT_CONFLICT', 'some numbers became customers while importing; nothing was imported, try again', undefined, true);
      throw e;
    }
    request.log.info({ total, accepted: fresh.length, rejected: rejected.length }, 'customers imported');
    return importReport(reportKeeper(request, services), sheet.rows[0] ?? [], total, fresh.length, rejected, fileName.replace(/\.[^.]+$/, '') || '客户');
  });

  app.get<{ Querystring: CustomerFilter & { format: BookType } }>('/customers/export', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['crm'], summary: '导出客户 Export the customers a search selects as a spreadsheet (re-importable)',
      querystring: { type: 'object', additionalProperties: false, properties: { ...customerFilterProperties, ...formatQuery.properties } },
    },
  }, async (request, reply) => {
    const db = dbOf(request);
    const { format, ...filter } = request.query;
    const defs = await loadFieldDefs(db, 'customer');
    const header = ['姓名', '电话', '类型', ...defs.map((d) => d.label), '公司', '等级', ...EXPORT_ONLY];
    const rows = await exportRows(db, principalOf(request), filter, defs);
    return sendWorkbook(reply, [{ name: '客户', rows: [header, ...rows] }], '客户', format);
  });
}
