/**
 * 黑名单: numbers never dialed and never imported as leads. List and search, add, delete,
 * import a spreadsheet of numbers (with an optional reason), export.
 *
 * Import rule, as for leads and customers: invalid numbers, numbers repeated in the file
 * (DUPLICATE_IN_FILE) and numbers already on the list (DUPLICATE_EXISTING) are rejected with a
 * reason; the rest are written in one transaction, all or none.
 */
import type { FastifyInstance } from 'fastify';
import type { CellValue } from '@waihu/engine';
import type { Blacklist, Prisma } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import type { Services } from '../app.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { tenantOwned } from '../tenancy.js';
import { REPORT_ROW_HEADER, cellText, dataRows, formatQuery, importReport, importReportSchema, mapHeader, sendWorkbook, uploadedSheet } from './http.js';
import type { BookType, RejectedRow } from './http.js';
import { normalizePhone, phonePrefix, uniqueRowPhone } from './phone.js';
import { blacklistSchema, idParams, pageOf, paging, skipTake } from './schemas.js';
import type { Paging } from './schemas.js';
import { chinaDateTime, dateOrDateTime, instantRange } from '../time.js';
import { reportKeeper } from '../storage/index.js';

const TAGS = ['blacklist'];
const REASON_MAX = 200;
const PHONE_HEADERS = ['电话', '号码', '手机', '手机号', '手机号码', '电话号码'];
const REASON_HEADERS = ['原因', '备注', '拉黑原因'];
const EXPORT_MAX = 500_000;
/** The export's read-only column, which an import reads past. */
const ADDED_HEADER = '加入时间';
/** The report of rejected rows names its reason column apart from the list's own 原因. */
const REJECT_REASON_HEADER = '未导入原因';

interface Filter {
  phone?: string;
  reason?: string;
  createdFrom?: string;
  createdTo?: string;
}

const filterProperties = {
  phone: { type: 'string', pattern: '^[+0-9０-９ -]{1,20}$', description: '号码开头 number starts with' },
  reason: { type: 'string', maxLength: 100, description: '原因包含 reason contains' },
  createdFrom: { ...dateOrDateTime, description: '加入时间起 added from' },
  createdTo: { ...dateOrDateTime, description: '加入时间止 added to' },
} as const;

function where(f: Filter): Prisma.BlacklistWhereInput {
  const created = instantRange(f.createdFrom, f.createdTo);
  return {
    ...(f.phone ? { phone: { startsWith: phonePrefix(f.phone) } } : {}),
    ...(f.reason ? { reason: { contains: f.reason } } : {}),
    ...(created ? { createdAt: created } : {}),
  };
}

const view = (b: Blacklist) => ({ id: b.id, phone: b.phone, reason: b.reason, createdById: b.createdById, createdAt: b.createdAt.toISOString() });

export async function blacklistRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get<{ Querystring: Filter & Paging }>('/blacklist', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '黑名单 List and search blacklisted numbers, newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { ...filterProperties, ...paging } },
      response: { 200: pageOf(blacklistSchema) },
    },
  }, async (request) => {
    const db = dbOf(request);
    const w = where(request.query);
    const [rows, total] = await Promise.all([
      db.blacklist.findMany({ where: w, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...skipTake(request.query) }),
      db.blacklist.count({ where: w }),
    ]);
    return { items: rows.map(view), total, page: request.query.page, pageSize: request.query.pageSize };
  });

  app.post<{ Body: { phone: string; reason?: string } }>('/blacklist', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '加入黑名单 Blacklist a number; 409 when it already is',
      body: { type: 'object', additionalProperties: false, required: ['phone'], properties: { phone: { type: 'string', minLength: 1, maxLength: 40 }, reason: { type: 'string', maxLength: REASON_MAX } } },
      response: { 201: { type: 'object', properties: { entry: blacklistSchema } } },
    },
  }, async (request, reply) => {
    const phone = normalizePhone(request.body.phone);
    if (!phone) throw new ApiError(400, 'PHONE_INVALID', 'not a Chinese mobile or landline number', [{ path: '/phone', code: 'PHONE_INVALID', message: 'expected a mobile (11 digits) or a landline with its area code' }]);
    try {
      const row = await dbOf(request).blacklist.create({
        data: tenantOwned({ phone, reason: request.body.reason?.trim() || null, createdById: principalOf(request).userId, createdAt: new Date(services.clock()) }),
      });
      return reply.status(201).send({ entry: view(row) });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('BLACKLIST_EXISTS', 'this number is already blacklisted');
      throw e;
    }
  });

  app.delete<{ Params: { id: number } }>('/blacklist/:id', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '移出黑名单 Remove a number from the blacklist', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    const n = await dbOf(request).blacklist.deleteMany({ where: { id: request.params.id } });
    if (n.count === 0) throw notFound('blacklist entry');
    return reply.status(204).send();
  });

  app.get<{ Querystring: { format: BookType } }>('/blacklist/template', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '下载导入模板 The blacklist import template: 电话, 原因', querystring: formatQuery },
  }, async (request, reply) => sendWorkbook(reply, [{ name: '黑名单', rows: [['电话', '原因']] }], '黑名单导入模板', request.query.format));

  app.post('/blacklist/import', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, consumes: ['multipart/form-data'],
      summary: '导入黑名单 Import numbers (multipart field "file": 电话, optional 原因); rejected rows come back with reasons and as a spreadsheet',
      response: { 200: importReportSchema },
    },
  }, async (request) => {
    const db = dbOf(request);
    const { sheet, fileName } = await uploadedSheet(request, services.config.uploadMaxBytes);
    const header = sheet.rows[0] ?? [];
    const columns = mapHeader(header, (text) => (PHONE_HEADERS.includes(text) ? 'phone' : REASON_HEADERS.includes(text) ? 'reason' : [ADDED_HEADER, REPORT_ROW_HEADER, REJECT_REASON_HEADER].includes(text) ? 'skip' : undefined));
    const colOf = (t: string): number | undefined => [...columns].find(([, c]) => c === t)?.[0];
    const phoneCol = colOf('phone');
    const reasonCol = colOf('reason');
    if (phoneCol === undefined) throw new ApiError(400, 'IMPORT_TEMPLATE_MISMATCH', 'no 电话 (phone) column; download the template');

    const rejected: RejectedRow[] = [];
    const accepted: { row: number; cells: readonly CellValue[]; phone: string; reason: string | null }[] = [];
    const firstRowOf = new Map<string, number>();
    for (const { row, cells } of dataRows(sheet)) {
      const reject = (code: string, zh: string, en: string): void => { rejected.push({ row, code, zh, en, cells }); };
      const phone = uniqueRowPhone(cells[phoneCol] ?? null, row, firstRowOf);
      if (!phone.ok) { reject(phone.reason.code, phone.reason.zh, phone.reason.en); continue; }
      const reason = reasonCol === undefined ? '' : cellText(cells[reasonCol]);
      if (reason.length > REASON_MAX) { reject('REASON_TOO_LONG', `原因超过 ${REASON_MAX} 个字符`, `the reason is longer than ${REASON_MAX} characters`); continue; }
      accepted.push({ row, cells, phone: phone.phone, reason: reason || null });
    }
    const total = accepted.length + rejected.length;
    const existing = new Set<string>();
    for (let i = 0; i < accepted.length; i += 1000) {
      const rows = await db.blacklist.findMany({ where: { phone: { in: accepted.slice(i, i + 1000).map((a) => a.phone) } }, select: { phone: true } });
      for (const r of rows) existing.add(r.phone);
    }
    const fresh = accepted.filter((a) => !existing.has(a.phone));
    for (const a of accepted) if (existing.has(a.phone)) rejected.push({ row: a.row, cells: a.cells, code: 'DUPLICATE_EXISTING', zh: '号码已在黑名单中', en: 'the number is already blacklisted' });
    const by = principalOf(request).userId;
    const now = new Date(services.clock());
    try {
      await db.$transaction(async (tx) => {
        for (let i = 0; i < fresh.length; i += 1000) {
          await tx.blacklist.createMany({ data: fresh.slice(i, i + 1000).map((a) => tenantOwned({ phone: a.phone, reason: a.reason, createdById: by, createdAt: now })) });
        }
      }, { timeout: 120_000, maxWait: 10_000 });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ApiError(409, 'IMPORT_CONFLICT', 'some numbers were blacklisted while importing; nothing was imported, try again', undefined, true);
      throw e;
    }
    request.log.info({ total, accepted: fresh.length, rejected: rejected.length }, 'blacklist imported');
    return importReport(reportKeeper(request, services), header, total, fresh.length, rejected, fileName.replace(/\.[^.]+$/, '') || '黑名单', REJECT_REASON_HEADER);
  });

  app.get<{ Querystring: Filter & { format: BookType } }>('/blacklist/export', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '导出黑名单 Export the blacklisted numbers a search selects (re-importable)',
      querystring: { type: 'object', additionalProperties: false, properties: { ...filterProperties, ...formatQuery.properties } },
    },
  }, async (request, reply) => {
    const db = dbOf(request);
    const { format, ...filter } = request.query;
    const w = where(filter);
    if ((await db.blacklist.count({ where: w })) > EXPORT_MAX) throw new ApiError(422, 'EXPORT_TOO_LARGE', `more than ${EXPORT_MAX} numbers; narrow the search`);
    const rows: CellValue[][] = [['电话', '原因', ADDED_HEADER]];
    let after = 0;
    for (;;) {
      const page = await db.blacklist.findMany({ where: { AND: [w, { id: { gt: after } }] }, orderBy: { id: 'asc' }, take: 5000 });
      if (page.length === 0) break;
      for (const b of page) rows.push([b.phone, b.reason, chinaDateTime(b.createdAt)]);
      after = page[page.length - 1]!.id;
    }
    return sendWorkbook(reply, [{ name: '黑名单', rows }], '黑名单', format);
  });
}
