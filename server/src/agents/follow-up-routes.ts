/**
 * After a transferred call (话后处理): the agent records a follow-up note and a disposition
 * (处理结果) on the call, and either moves the lead to the CRM (移到CRM, the agent keeps it) or
 * schedules a callback (预约回电: a time, which puts the lead in the agent's follow-up list and
 * makes the agent its owner). Submitting ends the agent's after-call work. Also: the agent's
 * follow-up list (callbacks due, transferred calls still without a follow-up) and, for
 * managers, a task's transfer figures with the abandoned-transfer rate.
 */
import type { FastifyInstance } from 'fastify';
import type { Db, FollowUp } from '@waihu/db';
import type { Services } from '../app.js';
import type { Role } from '../auth/roles.js';
import { mustExist } from '../http/exists.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { ApiError, conflict, forbidden, notFound } from '../errors.js';
import { moveToCrm } from '../leads/crm.js';
import { tenantOwned } from '../tenancy.js';
import { agentStateView } from './state-routes.js';
import { beijingMidnight, type AgentHub } from './hub.js';

const TAGS = ['agents'];
/** Who takes calls (and so writes follow-ups on them). */
const STAFF: readonly Role[] = ['AGENT', 'LEADER'];

interface FollowUpBody {
  notes?: string;
  disposition: string;
  action?: 'none' | 'move-to-crm' | 'callback';
  callbackAt?: string;
  customerTypeId?: number | null;
  company?: string;
}

const followUpView = (f: FollowUp) => ({
  id: f.id, leadId: f.leadId, customerId: f.customerId, attemptId: f.attemptId, at: f.at.toISOString(), type: f.type, notes: f.notes,
  nextAt: f.nextAt?.toISOString() ?? null,
});

const followUpSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, leadId: { type: ['integer', 'null'] }, customerId: { type: ['integer', 'null'] }, attemptId: { type: ['integer', 'null'] },
    at: { type: 'string' }, type: { type: 'string' }, notes: { type: 'string' }, nextAt: { type: ['string', 'null'] },
  },
} as const;

/** The transfer figures of a task's calls: how many were tried and how they ended. */
export async function transferStats(db: Db, taskId: number): Promise<{ attempted: number; connected: number; noAnswer: number; noAgents: number; abandoned: number; timeout: number; abandonedRate: number | null }> {
  const rows = await db.callAttempt.groupBy({ by: ['transferOutcome'], where: { taskId, transferOutcome: { not: null } }, _count: { _all: true } });
  const n = (o: string): number => rows.find((r) => r.transferOutcome === o)?._count._all ?? 0;
  const attempted = rows.reduce((sum, r) => sum + r._count._all, 0);
  const abandoned = n('ABANDONED');
  return {
    attempted, connected: n('CONNECTED'), noAnswer: n('NO_ANSWER'), noAgents: n('NO_AGENTS'), abandoned, timeout: n('TIMEOUT'),
    abandonedRate: attempted === 0 ? null : abandoned / attempted,
  };
}

export async function followUpRoutes(app: FastifyInstance, services: Services & { agents: AgentHub }): Promise<void> {
  const hub = services.agents;

  app.post<{ Params: { id: number }; Body: FollowUpBody }>('/calls/:id/follow-up', {
    config: { roles: STAFF },
    preValidation: mustExist('call', (db, id) => db.callAttempt.findUnique({ where: { id }, select: { id: true } })),
    schema: {
      tags: TAGS,
      summary: '话后处理 The agent\'s follow-up on a call they took: note, disposition, then move the lead to the CRM or book a callback; ends after-call work',
      description: 'Only the agent who took the call, once. `action`: `none` (default), `move-to-crm` (the lead becomes a customer owned by the agent; '
        + 'refused with LEAD_ALREADY_MOVED / CUSTOMER_EXISTS like 移到CRM), or `callback` with `callbackAt` in the future (the agent becomes the lead\'s owner '
        + 'and the callback appears in GET /api/agents/me/follow-ups). 409 FOLLOW_UP_EXISTS when the call already has one; CALL_HAS_NO_LEAD for an action on a call without a lead.',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
      body: {
        type: 'object', additionalProperties: false, required: ['disposition'],
        properties: {
          notes: { type: 'string', maxLength: 2000, description: '跟进备注' },
          disposition: { type: 'string', minLength: 1, maxLength: 40, description: '处理结果, e.g. 有意向 / 已成交 / 无意向 / 需回访' },
          action: { type: 'string', enum: ['none', 'move-to-crm', 'callback'] },
          callbackAt: { type: 'string', format: 'date-time', description: '预约回电时间 (action callback)' },
          customerTypeId: { type: ['integer', 'null'], minimum: 1, description: '客户类型 (action move-to-crm)' },
          company: { type: 'string', maxLength: 100 },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            followUp: followUpSchema, disposition: { type: 'string' }, customerId: { type: ['integer', 'null'] },
            state: { type: ['object', 'null'], additionalProperties: true },
          },
        },
      },
    },
  }, async (request) => {
    const db = dbOf(request);
    const me = principalOf(request).userId;
    const body = request.body;
    const action = body.action ?? 'none';
    const now = new Date(services.clock());
    const call = await db.callAttempt.findUnique({ where: { id: request.params.id }, select: { id: true, agentId: true, leadId: true, followedUpAt: true } });
    if (!call) throw notFound('call');
    if (call.agentId !== me) throw forbidden('only the agent who took the call records its follow-up');
    if (call.followedUpAt !== null) throw conflict('FOLLOW_UP_EXISTS', 'this call already has its follow-up');
    if (action !== 'none' && call.leadId === null) throw conflict('CALL_HAS_NO_LEAD', 'the call has no lead to move or call back (a test call)');
    let callbackAt: Date | null = null;
    if (action === 'callback') {
      if (!body.callbackAt) throw new ApiError(400, 'CALLBACK_TIME_REQUIRED', 'give callbackAt for a callback', [{ path: '/callbackAt', code: 'REQUIRED' }]);
      callbackAt = new Date(body.callbackAt);
      if (callbackAt.getTime() <= now.getTime()) throw new ApiError(400, 'CALLBACK_IN_PAST', 'callbackAt must be in the future', [{ path: '/callbackAt', code: 'IN_PAST' }]);
    }
    // Claim the call first: two submissions (a double click) leave exactly one follow-up.
    const claimed = await db.callAttempt.updateMany({ where: { id: call.id, followedUpAt: null }, data: { followedUpAt: now, disposition: body.disposition.trim() } });
    if (claimed.count === 0) throw conflict('FOLLOW_UP_EXISTS', 'this call already has its follow-up');
    let customerId: number | null = null;
    try {
      if (call.leadId !== null && action !== 'none') {
        // The agent who closes (or calls back) a warm lead owns it, and keeps it in the CRM.
        await db.lead.update({ where: { id: call.leadId }, data: { ownerId: me } });
        await db.assignment.create({ data: tenantOwned({ leadId: call.leadId, toUserId: me, byUserId: me, reason: action === 'callback' ? '预约回电' : '转人工接听', at: now }) });
      }
      if (action === 'move-to-crm') {
        customerId = (await moveToCrm(db, call.leadId!, { typeId: body.customerTypeId ?? null, ...(body.company ? { company: body.company } : {}) }, me, now)).customer.id;
      } else if (call.leadId !== null) {
        customerId = (await db.customer.findFirst({ where: { sourceLeadId: call.leadId }, select: { id: true } }))?.id ?? null;
      }
    } catch (err) {
      // Nothing was recorded for the agent: let them submit again after fixing what was refused.
      await db.callAttempt.updateMany({ where: { id: call.id }, data: { followedUpAt: null, disposition: null } });
      throw err;
    }
    const followUp = await db.followUp.create({
      data: tenantOwned({
        leadId: call.leadId, customerId, userId: me, attemptId: call.id, at: now, type: 'phone',
        notes: [`【${body.disposition.trim()}】`, body.notes?.trim() ?? ''].filter((x) => x !== '').join(' '), nextAt: callbackAt, createdAt: now,
      }),
    });
    if (customerId !== null) await db.customer.updateMany({ where: { id: customerId }, data: { lastFollowUpAt: now } });
    // Submitting is the end of after-call work.
    const board = await hub.board(enterpriseOf(request));
    if (board.agent(String(me))?.status === 'after-call') board.apply(String(me), { type: 'set', status: 'idle' });
    const view = board.agent(String(me));
    return { followUp: followUpView(followUp), disposition: body.disposition.trim(), customerId, state: view ? agentStateView(view) : null };
  });

  app.get<{ Querystring: { from?: string } }>('/agents/me/follow-ups', {
    config: { roles: STAFF },
    schema: {
      tags: TAGS, summary: '我的回访 My callbacks (by time, from today on) and my transferred calls still without a follow-up (newest first)',
      querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'string', format: 'date-time', description: 'callbacks due from (default: today 00:00 Beijing time)' } } },
    },
  }, async (request) => {
    const db = dbOf(request);
    const me = principalOf(request).userId;
    const from = request.query.from ? new Date(request.query.from) : new Date(beijingMidnight(services.clock()));
    const [callbacks, pending] = await Promise.all([
      db.followUp.findMany({ where: { userId: me, nextAt: { gte: from } }, orderBy: [{ nextAt: 'asc' }, { id: 'asc' }], take: 200 }),
      db.callAttempt.findMany({
        where: { agentId: me, transferOutcome: 'CONNECTED', followedUpAt: null, dialAt: { gte: new Date(services.clock() - 7 * 86_400_000) } },
        orderBy: { dialAt: 'desc' }, take: 50,
        select: { id: true, sipCallId: true, leadId: true, taskId: true, calleeNumber: true, grade: true, agentAnswerAt: true, agentEndAt: true, agentTalkMs: true },
      }),
    ]);
    const leadIds = [...new Set(callbacks.map((f) => f.leadId).filter((x): x is number => x !== null))];
    const leads = leadIds.length === 0 ? [] : await db.lead.findMany({ where: { id: { in: leadIds } }, select: { id: true, name: true, phone: true, grade: true } });
    const leadOf = new Map(leads.map((l) => [l.id, l]));
    return {
      callbacks: callbacks.map((f) => ({ ...followUpView(f), lead: f.leadId === null ? null : leadOf.get(f.leadId) ?? null })),
      pending: pending.map((c) => ({
        attemptId: c.id, callRef: c.sipCallId, leadId: c.leadId, taskId: c.taskId, phone: c.calleeNumber, grade: c.grade,
        answerAt: c.agentAnswerAt?.toISOString() ?? null, endAt: c.agentEndAt?.toISOString() ?? null, talkMs: c.agentTalkMs,
      })),
    };
  });

  app.get<{ Querystring: { taskId: number } }>('/agents/transfer-stats', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '转人工统计 A task\'s transfers: attempted, connected, no answer, nobody free, abandoned (the customer hung up while an agent rang), and the abandoned rate',
      querystring: { type: 'object', additionalProperties: false, required: ['taskId'], properties: { taskId: { type: 'integer', minimum: 1 } } },
      response: {
        200: {
          type: 'object',
          properties: {
            taskId: { type: 'integer' }, attempted: { type: 'integer' }, connected: { type: 'integer' }, noAnswer: { type: 'integer' }, noAgents: { type: 'integer' },
            abandoned: { type: 'integer' }, timeout: { type: 'integer' }, abandonedRate: { type: ['number', 'null'], description: 'abandoned / attempted (null before any transfer)' },
          },
        },
      },
    },
  }, async (request) => {
    const db = dbOf(request);
    if (!(await db.callTask.findUnique({ where: { id: request.query.taskId }, select: { id: true } }))) throw notFound('task');
    return { taskId: request.query.taskId, ...(await transferStats(db, request.query.taskId)) };
  });
}
