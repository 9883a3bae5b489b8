/**
 * Leads (数据列表): the import template, importing a batch with a report of rejected rows,
 * search, add, edit, delete, export, batches, and moving a lead to the CRM. Managers only
 * (enterprise admins and team leaders): agents work from the CRM.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { writeWorkbook } from '@waihu/workbook';
import type { Services } from '../app.js';
import { ApiError } from '../errors.js';
import { rangeEnd, rangeStart } from '../time.js';
import { XLS_TYPE, XLSX_TYPE, readUploadToFile, sendSpreadsheet } from '../http/spreadsheets.js';
import type { UploadOnDisk } from '../http/spreadsheets.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { leadTemplate } from './columns.js';
import { leadFieldDefs } from './fields.js';
import { importLeads } from './import.js';
import type { ExistingMode } from './import.js';
import { EXISTING_MODES, importQuery, importResultSchema } from './import-schemas.js';
import { batchReport, getBatch, listBatches } from './batches.js';
import { createLead, deleteLead, getLead, searchLeads, updateLead, whereOf } from './store.js';
import type { LeadFilter, LeadInput, LeadPatch } from './store.js';
import { exportLeads } from './export.js';
import { moveToCrm } from './crm.js';
import type { MoveOptions } from './crm.js';
import { reportWorkbook } from './report.js';
import { deleteBatch, deleteLeadIds, deleteSearch } from './bulk-delete.js';
import { mustExist } from '../http/exists.js';
import {
  batchList, batchQuery, batchSchema, binary, bulkDeleteBody, bulkDeleteResult, createBody, errorSchema, exportQuery, formatQuery, idParams, leadPage, leadSchema,
  listQuery, moveBody, moveResult, patchBody,
} from './schemas.js';

const XLS_MAX_ROWS = 65_536;
const BATCH_CODE_MAX = 64;

type Format = 'xlsx' | 'xls';
type FilterQuery = LeadFilter;

const tags = ['leads'];
const errors = { '4xx': errorSchema };
const roles = { roles: MANAGERS };

/** A created-date bound as an instant (a bare date is that Beijing day; `end` excludes the day after). */
function instant(value: string | undefined, end: boolean): string | undefined {
  if (value === undefined) return undefined;
  const at = end ? rangeEnd(value) : rangeStart(value);
  if (Number.isNaN(at.getTime())) throw new ApiError(400, 'VALIDATION', `not a date or date-time: ${value}`);
  return value.length > 10 ? value : at.toISOString();
}

function filterOf(q: FilterQuery): LeadFilter {
  return { ...q, createdFrom: instant(q.createdFrom, false), createdTo: instant(q.createdTo, true) };
}

/**
 * The upload: the spreadsheet (streamed to a temporary file, which the caller removes), an
 * optional field `batch` (批次号) and an optional field `existing` (or the query parameter of
 * that name; if both are given they must agree).
 */
async function upload(request: FastifyRequest<{ Querystring: { existing?: ExistingMode } }>): Promise<{ file: UploadOnDisk; batch: string | null; existing: ExistingMode }> {
  const file = await readUploadToFile(request);
  try {
    return { file, ...uploadFields(request, file.fields) };
  } catch (e) {
    await file.remove();
    throw e;
  }
}

function uploadFields(request: FastifyRequest<{ Querystring: { existing?: ExistingMode } }>, fields: Readonly<Record<string, string>>): { batch: string | null; existing: ExistingMode } {
  const batch = fields['batch']?.trim() || null;
  if (batch !== null && batch.length > BATCH_CODE_MAX) throw new ApiError(400, 'VALIDATION', `the batch name is longer than ${BATCH_CODE_MAX} characters`);
  const field = fields['existing']?.trim();
  if (field !== undefined && !(EXISTING_MODES as readonly string[]).includes(field)) {
    throw new ApiError(400, 'VALIDATION', `field existing must be one of ${EXISTING_MODES.join(', ')}`);
  }
  const query = request.query.existing;
  if (field !== undefined && query !== undefined && field !== query) throw new ApiError(400, 'VALIDATION', 'the existing field and query parameter disagree');
  return { batch, existing: (field as ExistingMode | undefined) ?? query ?? 'skip' };
}

/** Another enterprise's lead is a 404 before any complaint about the body (see http/exists.ts). */
const leadMustExist = mustExist('lead', (db, id) => db.lead.findUnique({ where: { id }, select: { id: true } }));

export async function leadRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const now = (): Date => new Date(services.clock());

  app.get<{ Querystring: { format: Format } }>('/leads/template', {
    config: roles,
    schema: {
      tags, summary: '线索导入模板 The lead import template: 姓名, 电话, the enterprise\'s lead custom fields, a # note row',
      querystring: formatQuery, produces: [XLSX_TYPE, XLS_TYPE], response: { 200: binary, ...errors },
    },
  }, async (request, reply) => {
    const wb = leadTemplate(await leadFieldDefs(dbOf(request)));
    return sendSpreadsheet(reply, writeWorkbook(wb, { bookType: request.query.format }), '线索导入模板', request.query.format);
  });

  app.post<{ Querystring: { existing?: ExistingMode } }>('/leads/import', {
    config: roles,
    schema: {
      tags,
      summary: '导入线索 Import a lead batch (.xlsx/.xls, multipart field "file", optional field "batch" = 批次号, optional "existing" = skip|update). '
        + 'Phones normalized and validated; duplicates in the file and blacklisted numbers are rejected with a reason; numbers already in the list are '
        + 'rejected (existing=skip, the default) or update that lead\'s name and custom fields (existing=update); all or nothing. 422 for a file that is not a lead list',
      description: 'The file is read as a stream (an .xlsx is never parsed whole), so memory does not grow with the row count beyond the file itself. '
        + '`existing` may be sent as a multipart text field or as the query parameter; with `update`, a row\'s filled cells replace the stored name and '
        + 'fields, empty cells keep them, and the row counts as `updated` (in the answer and the batch) instead of rejected. 409 IMPORT_CONFLICT (retryable) '
        + 'when numbers were added or leads removed while the file was read.',
      consumes: ['multipart/form-data'],
      querystring: importQuery,
      response: { 201: importResultSchema, ...errors },
    },
  }, async (request, reply) => {
    const started = performance.now();
    const { file, batch, existing } = await upload(request);
    let result;
    try {
      result = await importLeads(dbOf(request), {
        enterpriseId: enterpriseOf(request), file: { path: file.path }, fileName: file.fileName, files: services.files, batchCode: batch,
        userId: principalOf(request).userId, now: now(), maxBytes: services.config.uploadMaxBytes, existing,
      });
    } finally {
      await file.remove();
    }
    request.log.info({ batchId: result.batch.id, total: result.total, accepted: result.accepted, rejected: result.rejected, updated: result.updated, ms: Math.round(performance.now() - started) }, 'lead batch imported');
    const rejectedReportUrl = result.rejected > 0 ? `/api/leads/batches/${result.batch.id}/rejected` : null;
    return reply.status(201).send({ ...result, rejectedReportUrl });
  });

  app.get<{ Querystring: { code?: string; page: number; pageSize: number } }>('/leads/batches', {
    config: roles,
    schema: { tags, summary: '导入批次 Lead batches, newest first, with import counts and leads left', querystring: batchQuery, response: { 200: batchList, ...errors } },
  }, async (request) => {
    const { page, pageSize, code } = request.query;
    return { ...(await listBatches(dbOf(request), page, pageSize, code)), page, pageSize };
  });

  app.get<{ Params: { id: number } }>('/leads/batches/:id', {
    config: roles,
    schema: { tags, summary: '批次详情 One lead batch', params: idParams, response: { 200: { type: 'object', properties: { batch: batchSchema } }, ...errors } },
  }, async (request) => ({ batch: await getBatch(dbOf(request), request.params.id) }));

  app.get<{ Params: { id: number }; Querystring: { format: Format } }>('/leads/batches/:id/rejected', {
    config: roles,
    schema: {
      tags, summary: '未导入的行 Every rejected row of an import: its row number, its original cells and 原因 (the reason)',
      params: idParams, querystring: formatQuery, produces: [XLSX_TYPE, XLS_TYPE], response: { 200: binary, ...errors },
    },
  }, async (request, reply) => {
    const { code, report } = await batchReport(dbOf(request), services.files, request.params.id);
    const wb = reportWorkbook(report ?? { sheet: '', header: [], rows: [] });
    if (request.query.format === 'xls' && wb.sheets[0]!.rows.length > XLS_MAX_ROWS) {
      throw new ApiError(422, 'EXPORT_TOO_LARGE', `${wb.sheets[0]!.rows.length - 1} rejected rows do not fit an .xls sheet: choose xlsx`);
    }
    return sendSpreadsheet(reply, writeWorkbook(wb, { bookType: request.query.format }), `未导入-${code}`, request.query.format);
  });

  app.get<{ Querystring: FilterQuery & { page: number; pageSize: number; cursor?: string } }>('/leads', {
    config: roles,
    schema: {
      tags, summary: '线索列表 Search leads by name, phone prefix, batch, grade, status and creation date; newest first, paginated (page or cursor)',
      querystring: listQuery, response: { 200: leadPage, ...errors },
    },
  }, async (request) => {
    const { page, pageSize, cursor, ...filters } = request.query;
    return searchLeads(dbOf(request), filterOf(filters), { page, pageSize, enterpriseId: enterpriseOf(request), ...(cursor === undefined ? {} : { cursor }) });
  });

  app.get<{ Querystring: FilterQuery & { format: Format } }>('/leads/export', {
    config: roles,
    schema: {
      tags, summary: '导出线索 Export the leads a search finds (same filters as the list) as a spreadsheet',
      querystring: exportQuery, produces: [XLSX_TYPE, XLS_TYPE], response: { 200: binary, ...errors },
    },
  }, async (request, reply) => {
    const { format, ...filters } = request.query;
    const db = dbOf(request);
    const wb = await exportLeads(db, await whereOf(db, filterOf(filters)), format);
    return sendSpreadsheet(reply, writeWorkbook(wb, { bookType: format }), '数据列表', format);
  });

  app.post<{ Body: LeadInput }>('/leads', {
    config: roles,
    schema: {
      tags, summary: '添加线索 Add one lead; 409 LEAD_EXISTS for a number already listed, 422 for an invalid or blacklisted number',
      body: createBody, response: { 201: { type: 'object', properties: { lead: leadSchema } }, ...errors },
    },
  }, async (request, reply) => {
    const lead = await createLead(dbOf(request), request.body, principalOf(request).userId, now());
    return reply.status(201).send({ lead });
  });

  app.get<{ Params: { id: number } }>('/leads/:id', {
    config: roles,
    schema: { tags, summary: '线索详情 One lead', params: idParams, response: { 200: { type: 'object', properties: { lead: leadSchema } }, ...errors } },
  }, async (request) => ({ lead: await getLead(dbOf(request), request.params.id) }));

  app.patch<{ Params: { id: number }; Body: LeadPatch }>('/leads/:id', {
    config: roles,
    preValidation: leadMustExist,
    schema: {
      tags, summary: '编辑线索 Edit a lead\'s name, number or custom fields (same checks as adding)',
      params: idParams, body: patchBody, response: { 200: { type: 'object', properties: { lead: leadSchema } }, ...errors },
    },
  }, async (request) => ({ lead: await updateLead(dbOf(request), request.params.id, request.body) }));

  app.delete<{ Params: { id: number } }>('/leads/:id', {
    config: roles,
    schema: { tags, summary: '删除线索 Delete a lead (409 LEAD_BUSY while it is being called)', params: idParams, response: { 204: { type: 'null' }, ...errors } },
  }, async (request, reply) => {
    await deleteLead(dbOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.post<{ Body: { ids: number[] } | { filter: FilterQuery; expected: number } }>('/leads/delete', {
    config: roles,
    schema: {
      tags,
      summary: '批量删除 Delete many leads: chosen ids, or everything a search finds',
      description: 'Either `ids` (at most 1,000), or `filter` (the list\'s filters) with `expected`, the number of leads the user saw the search find: if it finds another number now, nothing is deleted (409 LEAD_COUNT_CHANGED). Leads being called are left and counted in `busy`. Ids of leads that do not exist (or are another enterprise\'s) are ignored.',
      body: bulkDeleteBody, response: { 200: bulkDeleteResult, ...errors },
    },
  }, async (request) => {
    const db = dbOf(request);
    const body = request.body;
    if ('ids' in body) return deleteLeadIds(db, body.ids);
    return deleteSearch(db, await whereOf(db, filterOf(body.filter)), body.expected);
  });

  app.delete<{ Params: { id: number } }>('/leads/batches/:id', {
    config: roles,
    schema: {
      tags, summary: '删除批次 Delete a batch with its leads and its report of rejected rows (409 BATCH_BUSY while some of its leads are being called; the others are deleted)',
      params: idParams, response: { 200: bulkDeleteResult, ...errors },
    },
  }, async (request) => deleteBatch(dbOf(request), services.files, request.params.id));

  app.post<{ Params: { id: number }; Body: MoveOptions | null }>('/leads/:id/move-to-crm', {
    config: roles,
    preValidation: leadMustExist,
    schema: {
      tags, summary: '移到CRM Move a lead to the CRM: creates the customer (name, phone, grade, owner, matching custom fields) and marks the lead MOVED',
      params: idParams, body: moveBody, response: { 201: moveResult, ...errors },
    },
  }, async (request, reply) => {
    const result = await moveToCrm(dbOf(request), request.params.id, request.body ?? {}, principalOf(request).userId, now());
    return reply.status(201).send(result);
  });
}
