/** 客户列表: list and search, add, read, edit and delete customers. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { MANAGERS, MEMBERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { createCustomer, customerWhere, deleteCustomer, requireVisibleCustomer, updateCustomer, viewCustomer, viewCustomers, visibleCustomer } from './customers.js';
import type { CustomerFilter, CustomerInput, CustomerPatch } from './customers.js';
import { customerFilterProperties, customerSchema, gradeSchema, idParams, pageOf, paging, skipTake } from './schemas.js';
import type { Paging } from './schemas.js';

const TAGS = ['crm'];

const inputProperties = {
  name: { type: 'string', maxLength: 100 },
  phone: { type: 'string', minLength: 1, maxLength: 40 },
  company: { type: ['string', 'null'], maxLength: 200 },
  typeId: { type: ['integer', 'null'], minimum: 1 },
  grade: gradeSchema,
  fields: { type: 'object', maxProperties: 100, description: '定义字段 custom field key → value' },
} as const;

const customerReply = { type: 'object', properties: { customer: customerSchema } } as const;

export async function customerRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get<{ Querystring: CustomerFilter & Paging }>('/customers', {
    config: { roles: MEMBERS },
    schema: {
      tags: TAGS, summary: '客户列表 List and search customers (agents: only their own), newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { ...customerFilterProperties, ...paging } },
      response: { 200: pageOf(customerSchema) },
    },
  }, async (request) => {
    const db = dbOf(request);
    const where = customerWhere(principalOf(request), request.query);
    const [rows, total] = await Promise.all([
      db.customer.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...skipTake(request.query) }),
      db.customer.count({ where }),
    ]);
    return { items: await viewCustomers(db, rows), total, page: request.query.page, pageSize: request.query.pageSize };
  });

  app.post<{ Body: CustomerInput & { phone: string } }>('/customers', {
    config: { roles: MEMBERS },
    schema: {
      tags: TAGS, summary: '添加客户 Add a customer (one an agent adds is assigned to them); 409 when the number is already a customer',
      body: { type: 'object', additionalProperties: false, required: ['phone'], properties: inputProperties },
      response: { 201: customerReply },
    },
  }, async (request, reply) => {
    const db = dbOf(request);
    const c = await createCustomer(db, principalOf(request), request.body, services.clock());
    return reply.status(201).send({ customer: await viewCustomer(db, c) });
  });

  app.get<{ Params: { id: number } }>('/customers/:id', {
    config: { roles: MEMBERS },
    preValidation: requireVisibleCustomer,
    schema: { tags: TAGS, summary: '客户详情 A customer', params: idParams, response: { 200: customerReply } },
  }, async (request) => ({ customer: await viewCustomer(dbOf(request), visibleCustomer(request)) }));

  app.patch<{ Params: { id: number }; Body: CustomerPatch }>('/customers/:id', {
    config: { roles: MEMBERS },
    preValidation: requireVisibleCustomer,
    schema: {
      tags: TAGS,
      summary: '编辑客户 Edit a customer; `fields` replaces all custom field values',
      description: 'Send the `revision` you read: when someone else edited the customer since, the edit is refused with 409 CUSTOMER_REVISION_CONFLICT (details.revision is the current one) instead of overwriting their change. Without `revision` the last write wins.',
      params: idParams,
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: { ...inputProperties, revision: { type: 'integer', minimum: 1, description: 'the revision this edit is based on' } },
      },
      response: { 200: customerReply },
    },
  }, async (request) => {
    const db = dbOf(request);
    const c = await updateCustomer(db, principalOf(request), request.params.id, request.body, services.clock());
    return { customer: await viewCustomer(db, c) };
  });

  app.delete<{ Params: { id: number } }>('/customers/:id', {
    config: { roles: MANAGERS },
    preValidation: requireVisibleCustomer,
    schema: { tags: TAGS, summary: '删除客户 Delete a customer with its follow-ups and assignment history', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    await deleteCustomer(dbOf(request), principalOf(request), request.params.id);
    return reply.status(204).send();
  });
}
