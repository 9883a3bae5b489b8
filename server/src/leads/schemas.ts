/** JSON schemas of the leads API: request validation at the edge and the OpenAPI document. */
import { GRADES, LEAD_STATUSES } from '@waihu/db';
import { NAME_MAX } from './plan.js';
import { customerSchema } from '../crm/schemas.js';

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra }) as const;

export const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;

export const formatQuery = {
  type: 'object', additionalProperties: false,
  properties: { format: { type: 'string', enum: ['xlsx', 'xls'], default: 'xlsx' } },
} as const;

/** Every error: `{ error: { code, message, retryable, details? } }` (errors.ts). */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object', required: ['code', 'message', 'retryable'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, retryable: { type: 'boolean' }, details: {} },
    },
  },
} as const;

const fieldValue = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: 'string' } }] } as const;
const cellValue = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] } as const;

export const leadSchema = {
  type: 'object',
  required: ['id', 'name', 'phone', 'fields', 'grade', 'status', 'batchId', 'batchCode', 'createdAt'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    phone: { type: 'string', description: 'normalized: mobiles 11 digits, landlines area code + number, 400/800 10 digits' },
    fields: { type: 'object', description: 'custom field key -> value', additionalProperties: fieldValue },
    grade: nullable('string', { description: 'A–F, null until graded' }),
    status: { type: 'string', enum: [...LEAD_STATUSES] },
    batchId: nullable('integer'),
    batchCode: nullable('string', { description: '导入批次' }),
    callCount: { type: 'integer' },
    lastCalledAt: nullable('string', { format: 'date-time' }),
    ownerId: nullable('integer', { description: 'agent assigned for a callback' }),
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const batchSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string', description: '导入批次号' },
    fileName: nullable('string'),
    status: { type: 'string', enum: ['importing', 'done', 'failed'] },
    totalRows: { type: 'integer', description: 'data rows in the file' },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    duplicates: { type: 'integer', description: 'rejected as duplicates (in the file or of existing leads)' },
    blacklisted: { type: 'integer' },
    updated: { type: 'integer', description: 'rows that updated an existing lead (existing=update)' },
    leads: { type: 'integer', description: 'leads of the batch now' },
    hasRejectedReport: { type: 'boolean' },
    createdById: nullable('integer'),
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: nullable('string', { format: 'date-time' }),
  },
} as const;

const dateOrTime = {
  type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$',
} as const;

/** The search filters, shared by the list and the export. */
export const filterProperties = {
  name: { type: 'string', minLength: 1, maxLength: NAME_MAX, description: 'part of the name (姓名包含)' },
  phone: { type: 'string', minLength: 1, maxLength: 24, pattern: '^[0-9０-９+＋\\s()（）-]+$', description: 'first digits of the number (号码开头)' },
  batchId: { type: 'integer', minimum: 1 },
  batch: { type: 'string', minLength: 1, maxLength: 64, description: '批次号, exactly' },
  grade: { type: 'array', items: { type: 'string', enum: [...GRADES] }, maxItems: GRADES.length, description: 'repeat for several: grade=A&grade=B' },
  status: { type: 'array', items: { type: 'string', enum: [...LEAD_STATUSES] }, maxItems: LEAD_STATUSES.length },
  createdFrom: { ...dateOrTime, description: 'created at or after; a date alone is 00:00 China time (UTC+8)' },
  createdTo: { ...dateOrTime, description: 'created before; a date alone includes that whole day (China time)' },
} as const;

export const listQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    ...filterProperties,
    page: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
    cursor: { type: 'string', pattern: '^\\d{1,15}\\.\\d{1,12}$', description: 'the nextCursor of the previous page: keyset paging, no total' },
  },
} as const;

export const exportQuery = {
  type: 'object', additionalProperties: false,
  properties: { ...filterProperties, format: { type: 'string', enum: ['xlsx', 'xls'], default: 'xlsx' } },
} as const;

export const leadPage = {
  type: 'object',
  properties: {
    items: { type: 'array', items: leadSchema },
    total: nullable('integer', { description: 'null when paging by cursor' }),
    page: nullable('integer'),
    pageSize: { type: 'integer' },
    nextCursor: nullable('string', { description: 'pass as cursor for the next page; null on the last page' }),
  },
} as const;

const fieldsInput = { type: 'object', maxProperties: 100, additionalProperties: { anyOf: [{ type: 'string', maxLength: 500 }, { type: 'number' }, { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 100 } }, { type: 'null' }] } } as const;

export const createBody = {
  type: 'object', additionalProperties: false, required: ['phone'],
  properties: {
    name: { type: 'string', maxLength: NAME_MAX },
    phone: { type: 'string', minLength: 1, maxLength: 40 },
    fields: fieldsInput,
    batchId: nullable('integer', { minimum: 1 }),
  },
} as const;

export const patchBody = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: {
    name: { type: 'string', maxLength: NAME_MAX },
    phone: { type: 'string', minLength: 1, maxLength: 40 },
    fields: { ...fieldsInput, description: 'keys to set; null or "" removes a key; other keys are kept' },
  },
} as const;

export const moveBody = {
  type: ['object', 'null'], additionalProperties: false,
  properties: { typeId: nullable('integer', { minimum: 1 }), company: { type: 'string', maxLength: 100 } },
} as const;

export const moveResult = {
  type: 'object',
  properties: {
    customer: customerSchema,
    lead: leadSchema,
    unmappedFields: { type: 'array', items: { type: 'string' }, description: 'lead fields the customer form has no field for: not copied' },
  },
} as const;

const issue = {
  type: 'object',
  properties: { code: { type: 'string' }, sheet: { type: 'string' }, row: nullable('integer'), column: nullable('string'), zh: { type: 'string' }, en: { type: 'string' } },
} as const;

export const importResult = {
  type: 'object',
  properties: {
    batch: batchSchema,
    total: { type: 'integer', description: 'data rows read (blank and # note rows are not counted)' },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    reasons: { type: 'object', additionalProperties: { type: 'integer' }, description: 'rejected rows per reason code' },
    rejectedRows: {
      type: 'array', description: 'the first 100 rejected rows; all of them: GET /api/leads/batches/{id}/rejected',
      items: {
        type: 'object',
        properties: { row: { type: 'integer' }, code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, cells: { type: 'array', items: cellValue } },
      },
    },
    rejectedRowsComplete: { type: 'boolean' },
    rejectedReportUrl: nullable('string'),
    warnings: { type: 'array', items: issue },
  },
} as const;

export const batchList = {
  type: 'object',
  properties: { items: { type: 'array', items: batchSchema }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
} as const;

export const batchQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 64, description: 'part of the batch number' },
    page: { type: 'integer', minimum: 1, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const;

export const binary = { type: 'string', format: 'binary', description: 'the spreadsheet' } as const;

export const bulkDeleteBody = {
  oneOf: [
    {
      type: 'object', additionalProperties: false, required: ['ids'],
      properties: { ids: { type: 'array', minItems: 1, maxItems: 1_000, uniqueItems: true, items: { type: 'integer', minimum: 1 } } },
    },
    {
      type: 'object', additionalProperties: false, required: ['filter', 'expected'],
      properties: {
        filter: { type: 'object', additionalProperties: false, properties: filterProperties },
        expected: { type: 'integer', minimum: 0, description: 'how many leads the search found when the user chose to delete them' },
      },
    },
  ],
} as const;

export const bulkDeleteResult = {
  type: 'object',
  properties: {
    deleted: { type: 'integer' },
    busy: { type: 'integer', description: 'leads left because they are being called' },
  },
} as const;
