/** 跟进记录: follow-ups on a customer (time, type, notes, by whom), and searching them. */
import type { FastifyInstance } from 'fastify';
import type { Db, FollowUp, Prisma } from '@waihu/db';
import type { Services } from '../app.js';
import { MEMBERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { tenantOwned } from '../tenancy.js';
import { requireVisibleCustomer, usersById, visibleCustomer } from './customers.js';
import { followUpSchema, idParams, pageOf, paging, skipTake } from './schemas.js';
import type { Paging } from './schemas.js';
import { dateOrDateTime, instantRange } from '../time.js';

interface FollowUpInput {
  at?: string;
  type: string;
  notes?: string;
  nextAt?: string | null;
}

/** Follow-ups as the API shows them, with the customer's and the author's names. */
async function view(db: Db, rows: readonly FollowUp[]) {
  const customerIds = [...new Set(rows.map((r) => r.customerId).filter((x): x is number => x !== null))];
  const [users, customers] = await Promise.all([
    usersById(db, rows.map((r) => r.userId)),
    customerIds.length === 0 ? [] : db.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } }),
  ]);
  const customerName = new Map(customers.map((c) => [c.id, c.name]));
  return rows.map((f) => ({
    id: f.id, customerId: f.customerId, customerName: f.customerId === null ? null : customerName.get(f.customerId) ?? null,
    at: f.at.toISOString(), type: f.type, notes: f.notes, nextAt: f.nextAt?.toISOString() ?? null,
    by: users.get(f.userId) ?? { id: f.userId, name: '', workNo: '' }, createdAt: f.createdAt.toISOString(),
  }));
}

export async function followUpRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.post<{ Params: { id: number }; Body: FollowUpInput }>('/customers/:id/follow-ups', {
    config: { roles: MEMBERS },
    preValidation: requireVisibleCustomer,
    schema: {
      tags: ['crm'], summary: '添加跟进记录 Record a follow-up on a customer (time defaults to now)',
      params: idParams,
      body: {
        type: 'object', additionalProperties: false, required: ['type'],
        properties: {
          at: { type: 'string', format: 'date-time' },
          type: { type: 'string', minLength: 1, maxLength: 20, description: '跟进类型, e.g. phone, visit, wechat, sms, other, or the enterprise\'s own word' },
          notes: { type: 'string', maxLength: 2000 },
          nextAt: { type: ['string', 'null'], format: 'date-time', description: '下次跟进 next follow-up' },
        },
      },
      response: { 201: { type: 'object', properties: { followUp: followUpSchema } } },
    },
  }, async (request, reply) => {
    const db = dbOf(request);
    const customer = visibleCustomer(request);
    const { type, notes, nextAt } = request.body;
    const at = new Date(request.body.at ?? services.clock());
    const row = await db.$transaction(async (tx) => {
      const f = await tx.followUp.create({
        data: tenantOwned({ customerId: customer.id, userId: principalOf(request).userId, at, type: type.trim(), notes: notes ?? '', nextAt: nextAt ? new Date(nextAt) : null, createdAt: new Date(services.clock()) }),
      });
      // The latest follow-up wins; recording an older one leaves the date alone.
      await tx.customer.updateMany({ where: { id: customer.id, OR: [{ lastFollowUpAt: null }, { lastFollowUpAt: { lt: at } }] }, data: { lastFollowUpAt: at } });
      return f;
    });
    return reply.status(201).send({ followUp: (await view(db, [row]))[0] });
  });

  app.get<{ Params: { id: number } }>('/customers/:id/follow-ups', {
    config: { roles: MEMBERS },
    preValidation: requireVisibleCustomer,
    schema: {
      tags: ['crm'], summary: '跟进记录 A customer\'s follow-ups, newest first', params: idParams,
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: followUpSchema } } } },
    },
  }, async (request) => {
    const db = dbOf(request);
    const rows = await db.followUp.findMany({ where: { customerId: visibleCustomer(request).id }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 500 });
    return { items: await view(db, rows) };
  });

  app.get<{ Querystring: { customerName?: string; from?: string; to?: string } & Paging }>('/follow-ups', {
    config: { roles: MEMBERS },
    schema: {
      tags: ['crm'], summary: '跟进记录查询 Search follow-ups by customer name and date (agents: their customers only), newest first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          customerName: { type: 'string', maxLength: 100, description: '客户名称包含 customer name contains' },
          from: { ...dateOrDateTime, description: '跟进时间起 from (a date is a whole day, Beijing time)' },
          to: { ...dateOrDateTime, description: '跟进时间止 to (inclusive for a date)' },
          ...paging,
        },
      },
      response: { 200: pageOf(followUpSchema) },
    },
  }, async (request) => {
    const db = dbOf(request);
    const p = principalOf(request);
    const { customerName, from, to } = request.query;
    // A relation filter, safe here: the follow-up itself is confined to the enterprise, and a
    // follow-up only ever points at a customer of its own enterprise.
    const customer: Prisma.CustomerWhereInput = {
      ...(p.role === 'AGENT' ? { ownerId: p.userId } : {}),
      ...(customerName ? { name: { contains: customerName } } : {}),
    };
    const at = instantRange(from, to);
    const where: Prisma.FollowUpWhereInput = { customerId: { not: null }, customer: { is: customer }, ...(at ? { at } : {}) };
    const [rows, total] = await Promise.all([
      db.followUp.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], ...skipTake(request.query) }),
      db.followUp.count({ where }),
    ]);
    return { items: await view(db, rows), total, page: request.query.page, pageSize: request.query.pageSize };
  });
}
