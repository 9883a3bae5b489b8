/**
 * 分配 / 回收分配: giving customers to an agent and taking them back. Every change of owner
 * writes an Assignment row (from, to, by, when), so a customer's history is complete.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '@waihu/db';
import type { Services } from '../app.js';
import { ApiError } from '../errors.js';
import { MANAGERS, MEMBERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { tenantOwned } from '../tenancy.js';
import { requireVisibleCustomer, usersById, visibleCustomer } from './customers.js';
import { assignmentSchema, idParams } from './schemas.js';

const customerIds = { type: 'array', minItems: 1, maxItems: 1000, uniqueItems: true, items: { type: 'integer', minimum: 1 } } as const;
const reason = { type: 'string', maxLength: 200 } as const;
const outcome = { type: 'object', properties: { changed: { type: 'integer' }, unchanged: { type: 'integer' } } } as const;

/** Roles that can own customers. */
const OWNER_ROLES = ['AGENT', 'LEADER'];

/**
 * Moves the customers to `toUserId` (null: reclaim), recording each change. All ids must be
 * customers of the enterprise, or nothing changes (404 listing the missing ones).
 */
async function reassign(db: Db, ids: readonly number[], toUserId: number | null, byUserId: number, why: string | null, nowMs: number): Promise<{ changed: number; unchanged: number }> {
  const at = new Date(nowMs);
  return db.$transaction(async (tx) => {
    const rows = await tx.customer.findMany({ where: { id: { in: [...ids] } }, select: { id: true, ownerId: true } });
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      throw new ApiError(404, 'NOT_FOUND', `customer(s) not found: ${missing.join(', ')}`, { missing });
    }
    const moving = rows.filter((r) => r.ownerId !== toUserId);
    if (moving.length > 0) {
      await tx.customer.updateMany({ where: { id: { in: moving.map((r) => r.id) } }, data: { ownerId: toUserId, assignedAt: toUserId === null ? null : at, updatedAt: at } });
      await tx.assignment.createMany({
        data: moving.map((r) => tenantOwned({ customerId: r.id, fromUserId: r.ownerId, toUserId, byUserId, reason: why, at })),
      });
    }
    return { changed: moving.length, unchanged: rows.length - moving.length };
  });
}

export async function assignmentRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.post<{ Body: { customerIds: number[]; agentId: number; reason?: string } }>('/customers/assign', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['crm'], summary: '分配 Assign customers to an agent or a leader of the enterprise (recorded in the history)',
      body: { type: 'object', additionalProperties: false, required: ['customerIds', 'agentId'], properties: { customerIds, agentId: { type: 'integer', minimum: 1 }, reason } },
      response: { 200: outcome },
    },
  }, async (request) => {
    const db = dbOf(request);
    const { agentId } = request.body;
    // Through the scoped client: a user of another enterprise is simply not found.
    const agent = await db.user.findFirst({ where: { id: agentId, role: { in: OWNER_ROLES }, disabled: false }, select: { id: true } });
    if (!agent) {
      throw new ApiError(400, 'AGENT_INVALID', `user ${agentId} is not an active agent or leader of this enterprise`, [{ path: '/agentId', code: 'AGENT_INVALID', message: 'not an active agent or leader of this enterprise' }]);
    }
    return reassign(db, request.body.customerIds, agent.id, principalOf(request).userId, request.body.reason ?? null, services.clock());
  });

  app.post<{ Body: { customerIds: number[]; reason?: string } }>('/customers/reclaim', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['crm'], summary: '回收分配 Reclaim customers: back to unassigned (recorded in the history)',
      body: { type: 'object', additionalProperties: false, required: ['customerIds'], properties: { customerIds, reason } },
      response: { 200: outcome },
    },
  }, async (request) => reassign(dbOf(request), request.body.customerIds, null, principalOf(request).userId, request.body.reason ?? null, services.clock()));

  app.get<{ Params: { id: number } }>('/customers/:id/assignments', {
    config: { roles: MEMBERS },
    preValidation: requireVisibleCustomer,
    schema: {
      tags: ['crm'], summary: '分配记录 A customer\'s assignment history, newest first', params: idParams,
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: assignmentSchema } } } },
    },
  }, async (request) => {
    const db = dbOf(request);
    const rows = await db.assignment.findMany({ where: { customerId: visibleCustomer(request).id }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 500 });
    const users = await usersById(db, rows.flatMap((r) => [r.fromUserId, r.toUserId, r.byUserId]));
    const ref = (id: number | null) => (id === null ? null : users.get(id) ?? { id, name: '', workNo: '' });
    return {
      items: rows.map((r) => ({
        id: r.id, at: r.at.toISOString(), action: r.toUserId === null ? 'reclaim' : 'assign', from: ref(r.fromUserId), to: ref(r.toUserId), by: ref(r.byUserId), reason: r.reason,
      })),
    };
  });
}
