/** JSON schemas the CRM routes share: ids, paging, filters, and the shapes they answer with. */
import { dateOrDateTime } from '../time.js';

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

export const paging = {
  page: { type: 'integer', minimum: 1, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
} as const;

export interface Paging {
  readonly page: number;
  readonly pageSize: number;
}

export const skipTake = (q: Paging): { skip: number; take: number } => ({ skip: (q.page - 1) * q.pageSize, take: q.pageSize });

/** A page of items, as every list answers. */
export function pageOf<T extends object>(item: T) {
  return {
    type: 'object',
    properties: { items: { type: 'array', items: item }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
  } as const;
}

/** The shape a person's name appears in: enough for a list column and a link. */
export const userRef = { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: { type: 'string' }, workNo: { type: 'string' } } } as const;

const nullableString = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

export const customerSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    phone: { type: 'string' },
    company: nullableString,
    typeId: nullableInt,
    typeName: nullableString,
    fields: { type: 'object', additionalProperties: true },
    grade: nullableString,
    ownerId: nullableInt,
    owner: userRef,
    assignedAt: nullableString,
    sourceLeadId: nullableInt,
    lastFollowUpAt: nullableString,
    revision: { type: 'integer', description: 'bumped by every edit; send it back with PATCH' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const followUpSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    customerId: nullableInt,
    customerName: nullableString,
    at: { type: 'string' },
    type: { type: 'string' },
    notes: { type: 'string' },
    nextAt: nullableString,
    by: userRef,
    createdAt: { type: 'string' },
  },
} as const;

export const assignmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: { type: 'string' },
    action: { type: 'string', enum: ['assign', 'reclaim'] },
    from: userRef,
    to: userRef,
    by: userRef,
    reason: nullableString,
  },
} as const;

export const customerTypeSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, name: { type: 'string' }, sortOrder: { type: 'integer' }, createdAt: { type: 'string' } },
} as const;

export const customFieldSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    target: { type: 'string' },
    key: { type: 'string' },
    label: { type: 'string' },
    type: { type: 'string' },
    options: { type: 'array', items: { type: 'string' } },
    required: { type: 'boolean' },
    sortOrder: { type: 'integer' },
  },
} as const;

export const blacklistSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, phone: { type: 'string' }, reason: nullableString, createdById: nullableInt, createdAt: { type: 'string' } },
} as const;

/** A grade A–F, or null to clear it. */
export const gradeSchema = { type: ['string', 'null'], enum: ['A', 'B', 'C', 'D', 'E', 'F', null] } as const;

/** Search filters of the list and the export. */
export const customerFilterProperties = {
  name: { type: 'string', maxLength: 100, description: '姓名包含 name contains' },
  phone: { type: 'string', pattern: '^[+0-9０-９ -]{1,20}$', description: '电话开头 phone starts with' },
  typeId: { type: 'integer', minimum: 1, description: '客户类型 customer type' },
  ownerId: { type: 'integer', minimum: 1, description: '所属坐席 assigned agent' },
  assigned: { type: 'boolean', description: '已分配 / 未分配 assigned or not' },
  createdFrom: { ...dateOrDateTime, description: '创建时间起 created from (a date is a whole day, Beijing time)' },
  createdTo: { ...dateOrDateTime, description: '创建时间止 created to (inclusive for a date)' },
} as const;

