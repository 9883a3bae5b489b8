/**
 * 定义字段 and 客户类型: the enterprise's customer types and the custom fields of the lead and
 * customer forms. Everyone in the enterprise reads them (the forms need them); only the
 * enterprise admin changes them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CustomerType, CustomFieldTarget, CustomFieldType } from '@waihu/db';
import { CUSTOM_FIELD_TARGETS, CUSTOM_FIELD_TYPES, isUniqueViolation } from '@waihu/db';
import type { Services } from '../app.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { ADMINS, MEMBERS } from '../auth/roles.js';
import { dbOf } from '../auth/plugin.js';
import { tenantOwned } from '../tenancy.js';
import { toFieldDef } from './fields.js';
import type { FieldDef } from './fields.js';
import { RESERVED_LABELS } from './customer-files.js';
import { IGNORED_HEADERS, NAME_HEADER, PHONE_HEADER, headerKey } from '../leads/columns.js';
import { customFieldSchema, customerTypeSchema, idParams } from './schemas.js';

const typeView = (t: CustomerType) => ({ id: t.id, name: t.name, sortOrder: t.sortOrder, createdAt: t.createdAt.toISOString() });
const sortOrder = { type: 'integer', minimum: -100000, maximum: 100000 } as const;
const typeName = { type: 'string', minLength: 1, maxLength: 50, pattern: '\\S' } as const;
const label = { type: 'string', minLength: 1, maxLength: 50, pattern: '\\S' } as const;
const options = { type: 'array', maxItems: 200, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 100 } } as const;

/** preValidation: 404 for a definition the caller's enterprise does not have, before the body is judged. */
function requireExisting(find: (request: FastifyRequest, id: number) => Promise<unknown>, what: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const id = Number((request.params as { id?: string }).id);
    if (!Number.isSafeInteger(id) || id < 1) return;
    if (!(await find(request, id))) throw notFound(what);
  };
}
const typeExists = requireExisting((r, id) => dbOf(r).customerType.findUnique({ where: { id } }), 'customer type');
const fieldExists = requireExisting((r, id) => dbOf(r).customField.findUnique({ where: { id } }), 'custom field');

const typeTaken = (): ApiError => conflict('TYPE_EXISTS', 'a customer type with this name already exists');
const fieldView = (d: FieldDef) => ({ id: d.id, target: d.target, key: d.key, label: d.label, type: d.type, options: [...d.options], required: d.required, sortOrder: d.sortOrder });

interface FieldBody {
  target: CustomFieldTarget;
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[];
  required?: boolean;
  sortOrder?: number;
}

/** Options belong to choice fields only, and a choice field needs some. */
function checkOptions(type: CustomFieldType, opts: readonly string[] | undefined): void {
  const choice = type === 'select' || type === 'multiselect';
  if (choice && (!opts || opts.length === 0)) throw new ApiError(400, 'VALIDATION', 'a select or multiselect field needs options', [{ path: '/options', message: 'must list at least one choice' }]);
  if (!choice && opts && opts.length > 0) throw new ApiError(400, 'VALIDATION', `a ${type} field takes no options`, [{ path: '/options', message: 'only select and multiselect fields have options' }]);
}

/** Header words of the lead import's own columns (its aliases are private to leads/columns.ts). */
const LEAD_RESERVED = new Set([NAME_HEADER, PHONE_HEADER, ...IGNORED_HEADERS].map(headerKey));

/** Labels name spreadsheet columns, so one form cannot have two alike or one like a built-in column. */
async function checkLabel(request: FastifyRequest, target: string, text: string, exceptId?: number): Promise<void> {
  const reserved = target === 'customer' ? RESERVED_LABELS.has(text.trim()) : LEAD_RESERVED.has(headerKey(text));
  if (reserved) throw new ApiError(400, 'FIELD_LABEL_RESERVED', `"${text}" names a built-in column`, [{ path: '/label', message: 'names a built-in column' }]);
  const clash = await dbOf(request).customField.findFirst({ where: { target, label: text.trim(), ...(exceptId ? { id: { not: exceptId } } : {}) } });
  if (clash) throw conflict('FIELD_LABEL_EXISTS', `the ${target} form already has a field labelled "${text}"`);
}

export async function definitionRoutes(app: FastifyInstance, _services: Services): Promise<void> {
  app.get('/customer-types', {
    config: { roles: MEMBERS },
    schema: { tags: ['crm'], summary: '客户类型 Customer types, in display order', response: { 200: { type: 'object', properties: { items: { type: 'array', items: customerTypeSchema } } } } },
  }, async (request) => ({ items: (await dbOf(request).customerType.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] })).map(typeView) }));

  app.post<{ Body: { name: string; sortOrder?: number } }>('/customer-types', {
    config: { roles: ADMINS },
    schema: {
      tags: ['crm'], summary: '添加客户类型 Add a customer type; 409 when the name exists',
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: typeName, sortOrder } },
      response: { 201: { type: 'object', properties: { type: customerTypeSchema } } },
    },
  }, async (request, reply) => {
    try {
      const t = await dbOf(request).customerType.create({ data: tenantOwned({ name: request.body.name.trim(), sortOrder: request.body.sortOrder ?? 0 }) });
      return reply.status(201).send({ type: typeView(t) });
    } catch (e) {
      if (isUniqueViolation(e)) throw typeTaken();
      throw e;
    }
  });

  app.patch<{ Params: { id: number }; Body: { name?: string; sortOrder?: number } }>('/customer-types/:id', {
    config: { roles: ADMINS },
    preValidation: typeExists,
    schema: {
      tags: ['crm'], summary: '编辑客户类型 Rename or reorder a customer type', params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { name: typeName, sortOrder } },
      response: { 200: { type: 'object', properties: { type: customerTypeSchema } } },
    },
  }, async (request) => {
    const { name, sortOrder: order } = request.body;
    try {
      const t = await dbOf(request).customerType.update({ where: { id: request.params.id }, data: { ...(name === undefined ? {} : { name: name.trim() }), ...(order === undefined ? {} : { sortOrder: order }) } });
      return { type: typeView(t) };
    } catch (e) {
      if (isUniqueViolation(e)) throw typeTaken();
      throw e;
    }
  });

  app.delete<{ Params: { id: number } }>('/customer-types/:id', {
    config: { roles: ADMINS },
    preValidation: typeExists,
    schema: { tags: ['crm'], summary: '删除客户类型 Delete a customer type (its customers keep no type)', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    const n = await dbOf(request).customerType.deleteMany({ where: { id: request.params.id } });
    if (n.count === 0) throw notFound('customer type');
    return reply.status(204).send();
  });

  app.get<{ Querystring: { target?: CustomFieldTarget } }>('/custom-fields', {
    config: { roles: MEMBERS },
    schema: {
      tags: ['crm'], summary: '定义字段 Custom fields of the lead and customer forms, in display order',
      querystring: { type: 'object', additionalProperties: false, properties: { target: { type: 'string', enum: [...CUSTOM_FIELD_TARGETS] } } },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: customFieldSchema } } } },
    },
  }, async (request) => {
    const { target } = request.query;
    const rows = await dbOf(request).customField.findMany({ where: target ? { target } : {}, orderBy: [{ target: 'asc' }, { sortOrder: 'asc' }, { id: 'asc' }] });
    return { items: rows.map(toFieldDef).map(fieldView) };
  });

  app.post<{ Body: FieldBody }>('/custom-fields', {
    config: { roles: ADMINS },
    schema: {
      tags: ['crm'], summary: '添加字段 Add a custom field to the lead or customer form; `key` names it in `fields` and never changes',
      body: {
        type: 'object', additionalProperties: false, required: ['target', 'key', 'label', 'type'],
        properties: {
          target: { type: 'string', enum: [...CUSTOM_FIELD_TARGETS] },
          key: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$' },
          label, type: { type: 'string', enum: [...CUSTOM_FIELD_TYPES] }, options, required: { type: 'boolean' }, sortOrder,
        },
      },
      response: { 201: { type: 'object', properties: { field: customFieldSchema } } },
    },
  }, async (request, reply) => {
    const b = request.body;
    checkOptions(b.type, b.options);
    await checkLabel(request, b.target, b.label);
    try {
      const row = await dbOf(request).customField.create({
        data: tenantOwned({ target: b.target, key: b.key, label: b.label.trim(), type: b.type, options: b.options?.length ? JSON.stringify(b.options) : null, required: b.required ?? false, sortOrder: b.sortOrder ?? 0 }),
      });
      return reply.status(201).send({ field: fieldView(toFieldDef(row)) });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('FIELD_KEY_EXISTS', `the ${b.target} form already has a field "${b.key}"`);
      throw e;
    }
  });

  app.patch<{ Params: { id: number }; Body: { label?: string; options?: string[]; required?: boolean; sortOrder?: number } }>('/custom-fields/:id', {
    config: { roles: ADMINS },
    preValidation: fieldExists,
    schema: {
      tags: ['crm'], summary: '编辑字段 Relabel, reorder, change the choices of or (un)require a custom field (key, target and type stay)',
      params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { label, options, required: { type: 'boolean' }, sortOrder } },
      response: { 200: { type: 'object', properties: { field: customFieldSchema } } },
    },
  }, async (request) => {
    const db = dbOf(request);
    const current = await db.customField.findUnique({ where: { id: request.params.id } });
    if (!current) throw notFound('custom field');
    const b = request.body;
    if (b.options !== undefined) checkOptions(current.type as CustomFieldType, b.options);
    if (b.label !== undefined) await checkLabel(request, current.target, b.label, current.id);
    const row = await db.customField.update({
      where: { id: current.id },
      data: {
        ...(b.label === undefined ? {} : { label: b.label.trim() }),
        ...(b.options === undefined ? {} : { options: b.options.length ? JSON.stringify(b.options) : null }),
        ...(b.required === undefined ? {} : { required: b.required }),
        ...(b.sortOrder === undefined ? {} : { sortOrder: b.sortOrder }),
      },
    });
    return { field: fieldView(toFieldDef(row)) };
  });

  app.delete<{ Params: { id: number } }>('/custom-fields/:id', {
    config: { roles: ADMINS },
    preValidation: fieldExists,
    schema: { tags: ['crm'], summary: '删除字段 Delete a custom field (stored values stay in records but are no longer shown or accepted)', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    const n = await dbOf(request).customField.deleteMany({ where: { id: request.params.id } });
    if (n.count === 0) throw notFound('custom field');
    return reply.status(204).send();
  });
}
