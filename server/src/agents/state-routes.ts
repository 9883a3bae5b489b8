/**
 * Agent states over HTTP: an agent's own state (签入 idle, 示忙 busy with a reason, 签出
 * offline), a group's agents and every agent's state for leaders (坐席监控), the state log
 * (坐席状态明细), the wallboard snapshot (calls in progress, agent states with durations,
 * today's counts) and a live stream of the same events (Server-Sent Events).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AgentBusEvent, AgentView } from '@waihu/dialogs';
import type { Services } from '../app.js';
import type { Role } from '../auth/roles.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { ApiError, notFound } from '../errors.js';
import { beijingMidnight, type AgentHub } from './hub.js';

const TAGS = ['agents'];
/** Who has a state: agents and leaders (leaders take calls too). */
const STAFF: readonly Role[] = ['AGENT', 'LEADER'];

export const agentStateSchema = {
  type: 'object',
  properties: {
    userId: { type: 'integer' }, name: { type: 'string' }, extensionId: { type: ['integer', 'null'] },
    status: { type: 'string', enum: ['offline', 'idle', 'ringing', 'talking', 'after-call', 'busy'] },
    since: { type: 'string' }, durationMs: { type: 'integer' }, busyReason: { type: ['string', 'null'] }, registered: { type: ['boolean', 'null'] },
    afterCallUntil: { type: ['string', 'null'] }, onCall: { type: 'boolean' }, callsToday: { type: 'integer' }, talkMsToday: { type: 'integer' },
  },
} as const;

/** The API's view of an agent (ids as numbers, instants as ISO strings). */
export function agentStateView(a: AgentView) {
  return {
    userId: Number(a.agentId), name: a.name, extensionId: a.extensionId === null ? null : Number(a.extensionId), status: a.status,
    since: new Date(a.sinceMs).toISOString(), durationMs: a.durationMs, busyReason: a.busyReason, registered: a.registered,
    afterCallUntil: a.acwUntilMs === null ? null : new Date(a.acwUntilMs).toISOString(), onCall: a.callRef !== null, callsToday: a.callsToday, talkMsToday: a.talkMsToday,
  };
}

export async function stateRoutes(app: FastifyInstance, services: Services & { agents: AgentHub }): Promise<void> {
  const hub = services.agents;
  /** Open event streams, ended when the server closes. */
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => { for (const end of [...streams]) end(); });
  const mine = async (request: FastifyRequest): Promise<{ view: AgentView; agentId: string }> => {
    const board = await hub.board(enterpriseOf(request));
    const agentId = String(principalOf(request).userId);
    const view = board.agent(agentId);
    if (!view) throw notFound('agent');
    return { view, agentId };
  };

  app.get('/agents/me/state', {
    config: { roles: STAFF },
    schema: { tags: TAGS, summary: '我的状态 My state and how long I have been in it', response: { 200: { type: 'object', properties: { state: agentStateSchema } } } },
  }, async (request) => ({ state: agentStateView((await mine(request)).view) }));

  app.put<{ Body: { status: 'idle' | 'busy' | 'offline'; reason?: string } }>('/agents/me/state', {
    config: { roles: STAFF },
    schema: {
      tags: TAGS, summary: '签入/示忙/签出 Set my state: idle, busy with a reason (示忙), or offline. Refused with AGENT_ON_CALL while ringing or talking',
      body: {
        type: 'object', additionalProperties: false, required: ['status'],
        properties: { status: { type: 'string', enum: ['idle', 'busy', 'offline'] }, reason: { type: 'string', minLength: 1, maxLength: 40 } },
      },
      response: { 200: { type: 'object', properties: { state: agentStateSchema } } },
    },
  }, async (request) => {
    const { agentId } = await mine(request);
    const board = await hub.board(enterpriseOf(request));
    const { status, reason } = request.body;
    const step = board.apply(agentId, status === 'busy' ? { type: 'set', status, reason: reason ?? '示忙' } : { type: 'set', status });
    if (step && !step.ok) throw new ApiError(409, step.code, step.code === 'AGENT_ON_CALL' ? 'you are on a call; change your state after it' : 'this state cannot be set now');
    return { state: agentStateView(board.agent(agentId)!) };
  });

  app.get('/agents', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '坐席监控 Every agent\'s state and duration', response: { 200: { type: 'object', properties: { items: { type: 'array', items: agentStateSchema } } } } },
  }, async (request) => ({ items: (await hub.board(enterpriseOf(request))).agents().map(agentStateView) }));

  app.get<{ Params: { id: number } }>('/agent-groups/:id/agents', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: 'A group\'s agents in ring order with their states', params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: agentStateSchema } } } },
    },
  }, async (request) => {
    const board = await hub.board(enterpriseOf(request));
    const group = board.group(String(request.params.id));
    if (!group || group.id !== String(request.params.id)) throw notFound('agent group');
    return { items: group.members.flatMap((id) => { const a = board.agent(id); return a ? [agentStateView(a)] : []; }) };
  });

  app.get<{ Querystring: { userId?: number; from?: string; to?: string; limit?: number } }>('/agents/state-log', {
    config: { roles: [...MANAGERS, 'AGENT'] },
    schema: {
      tags: TAGS, summary: '坐席状态明细 Finished state spans, newest first (agents see their own)',
      querystring: { type: 'object', additionalProperties: false, properties: { userId: { type: 'integer', minimum: 1 }, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
    },
  }, async (request) => {
    const p = principalOf(request);
    const q = request.query;
    const userId = p.role === 'AGENT' ? p.userId : q.userId;
    const rows = await dbOf(request).agentStateLog.findMany({
      where: { ...(userId ? { userId } : {}), ...(q.from || q.to ? { startAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}) },
      orderBy: [{ startAt: 'desc' }, { id: 'desc' }], take: q.limit ?? 200,
    });
    return {
      items: rows.map((r) => ({ userId: r.userId, state: r.state, reason: r.reason, startAt: r.startAt.toISOString(), endAt: r.endAt.toISOString(), durationMs: r.durationMs, nextState: r.nextState })),
    };
  });

  app.get('/agents/wallboard', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '实时监控 Calls in progress, agent states with durations, today\'s counts (since 00:00 Beijing time)' },
  }, async (request) => {
    const enterpriseId = enterpriseOf(request);
    const db = dbOf(request);
    const board = await hub.board(enterpriseId);
    const now = services.clock();
    const since = new Date(beijingMidnight(now));
    const [robotCalls, dialed, answered, transferred] = await Promise.all([
      db.activeDial.count(),
      db.callAttempt.count({ where: { dialAt: { gte: since } } }),
      db.callAttempt.count({ where: { dialAt: { gte: since }, outcome: 'ANSWERED' } }),
      db.callAttempt.count({ where: { dialAt: { gte: since }, transferAt: { not: null } } }),
    ]);
    const agents = board.agents();
    const byStatus: Record<string, number> = { offline: 0, idle: 0, ringing: 0, talking: 0, 'after-call': 0, busy: 0 };
    for (const a of agents) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    return {
      at: new Date(now).toISOString(),
      calls: { robot: robotCalls, ringingAgents: byStatus['ringing'], withAgents: byStatus['talking'] },
      agents: agents.map(agentStateView),
      byStatus,
      today: { dialed, answered, transferred, agentCalls: agents.reduce((n, a) => n + a.callsToday, 0), agentTalkMs: agents.reduce((n, a) => n + a.talkMsToday, 0) },
      groups: board.groups().map((g) => ({ id: Number(g.id), name: g.name, strategy: g.strategy, enabled: g.enabled, members: g.members.length, idle: g.members.filter((m) => board.agent(m)?.status === 'idle').length })),
    };
  });

  app.get('/agents/events', {
    config: { roles: [...MANAGERS, 'AGENT'] },
    schema: { tags: TAGS, summary: 'Live events (text/event-stream): agent states, screen pops and transfers. Agents get their own states and pops; managers everything' },
  }, async (request, reply) => {
    const p = principalOf(request);
    const enterpriseId = enterpriseOf(request);
    await hub.board(enterpriseId);
    const me = String(p.userId);
    const visible = (e: AgentBusEvent): boolean => {
      if (p.role !== 'AGENT') return true;
      if (e.type === 'agent-state') return e.agent.agentId === me;
      if (e.type === 'screen-pop' || e.type === 'screen-pop-withdrawn') return e.agentId === me;
      return e.agentId === me;
    };
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    out.write(': waihu agents\n\n');
    const unsubscribe = hub.subscribe(({ enterpriseId: from, event }) => {
      if (from !== enterpriseId || !visible(event)) return;
      const data = event.type === 'agent-state' ? { ...event, agent: agentStateView(event.agent) } : event;
      out.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
    });
    const ping = setInterval(() => out.write(': ping\n\n'), 15_000);
    ping.unref();
    const stop = (): void => { clearInterval(ping); unsubscribe(); streams.delete(end); };
    const end = (): void => { stop(); out.end(); };
    streams.add(end);
    request.raw.once('close', stop);
    out.once('close', stop);
  });
}
