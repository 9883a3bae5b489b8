/**
 * 坐席组管理: agent groups with their ring strategy (转接方式), ring time per agent, after-call
 * work, enabled switch and members in ring order. Managers (enterprise admins and leaders)
 * create, edit and delete them; every change reaches the live board at once.
 */
import type { FastifyInstance } from 'fastify';
import { isUniqueViolation, type Db } from '@waihu/db';
import { RING_STRATEGIES } from '@waihu/dialogs';
import type { Services } from '../app.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, enterpriseOf } from '../auth/plugin.js';
import { ApiError, conflict, notFound } from '../errors.js';
import type { AgentHub } from './hub.js';
import { mustExist } from '../http/exists.js';

const TAGS = ['agents'];

const groupProps = {
  name: { type: 'string', minLength: 1, maxLength: 60 },
  strategy: { type: 'string', enum: [...RING_STRATEGIES] },
  ringTimeoutMs: { type: 'integer', minimum: 5_000, maximum: 120_000 },
  afterCallWorkMs: { type: 'integer', minimum: 0, maximum: 3_600_000 },
  enabled: { type: 'boolean' },
  note: { type: ['string', 'null'], maxLength: 200 },
} as const;
const memberIds = { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 500, uniqueItems: true } as const;

export const groupSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, name: { type: 'string' }, strategy: { type: 'string' }, ringTimeoutMs: { type: 'integer' }, afterCallWorkMs: { type: 'integer' },
    enabled: { type: 'boolean' }, note: { type: ['string', 'null'] }, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
    members: { type: 'array', items: { type: 'object', properties: { userId: { type: 'integer' }, name: { type: 'string' }, workNo: { type: 'string' }, position: { type: 'integer' } } } },
  },
} as const;

interface GroupBody { name?: string; strategy?: string; ringTimeoutMs?: number; afterCallWorkMs?: number; enabled?: boolean; note?: string | null; memberIds?: number[] }

const withMembers = { members: { orderBy: [{ position: 'asc' as const }, { userId: 'asc' as const }], include: { user: { select: { name: true as const, workNo: true as const } } } } };

type GroupRow = { id: number; name: string; strategy: string; ringTimeoutMs: number; afterCallWorkMs: number; enabled: boolean; note: string | null; createdAt: Date; updatedAt: Date; members: { userId: number; position: number; user: { name: string; workNo: string } }[] };

const groupView = (g: GroupRow) => ({
  id: g.id, name: g.name, strategy: g.strategy, ringTimeoutMs: g.ringTimeoutMs, afterCallWorkMs: g.afterCallWorkMs, enabled: g.enabled, note: g.note,
  createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString(),
  members: g.members.map((m) => ({ userId: m.userId, name: m.user.name, workNo: m.user.workNo, position: m.position })),
});

/** Members must be enabled agents or leaders of the enterprise; says which entry is wrong. */
async function checkMembers(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.user.findMany({ where: { id: { in: [...ids] }, role: { in: ['AGENT', 'LEADER'] }, disabled: false }, select: { id: true } });
  const ok = new Set(found.map((u) => u.id));
  const bad = ids.flatMap((id, i) => (ok.has(id) ? [] : [{ path: `/memberIds/${i}`, code: 'AGENT_UNKNOWN', message: `user ${id} is not an enabled agent or leader of this enterprise` }]));
  if (bad.length > 0) throw new ApiError(400, 'AGENT_UNKNOWN', `${bad.length} member(s) cannot join a group`, bad);
}

export async function groupRoutes(app: FastifyInstance, services: Services & { agents: AgentHub }): Promise<void> {
  const hub = services.agents;
  const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

  const load = async (db: Db, id: number): Promise<GroupRow> => {
    const g = await db.agentGroup.findUnique({ where: { id }, include: withMembers });
    if (!g) throw notFound('agent group');
    return g;
  };
  const setMembers = async (db: Db, groupId: number, ids: readonly number[]): Promise<void> => {
    await db.agentGroupMember.deleteMany({ where: { groupId } });
    if (ids.length > 0) await db.agentGroupMember.createMany({ data: ids.map((userId, position) => ({ groupId, userId, position }) as never) });
  };

  app.get('/agent-groups', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '坐席组 The agent groups with their members in ring order', response: { 200: { type: 'object', properties: { items: { type: 'array', items: groupSchema } } } } },
  }, async (request) => ({ items: (await dbOf(request).agentGroup.findMany({ orderBy: { id: 'asc' }, include: withMembers })).map(groupView) }));

  app.get<{ Params: { id: number } }>('/agent-groups/:id', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: 'One agent group', params: idParams, response: { 200: { type: 'object', properties: { group: groupSchema } } } },
  }, async (request) => ({ group: groupView(await load(dbOf(request), request.params.id)) }));

  app.post<{ Body: GroupBody & { name: string } }>('/agent-groups', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '添加坐席组 Create a group (strategy default ROUND_ROBIN) with members in ring order',
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: { ...groupProps, memberIds } },
      response: { 201: { type: 'object', properties: { group: groupSchema } } },
    },
  }, async (request, reply) => {
    const db = dbOf(request);
    const { memberIds: ids = [], ...fields } = request.body;
    await checkMembers(db, ids);
    let id: number;
    try {
      id = (await db.agentGroup.create({ data: fields as never, select: { id: true } })).id;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('AGENT_GROUP_NAME_TAKEN', `a group named ${fields.name} exists`);
      throw err;
    }
    await setMembers(db, id, ids);
    await hub.reloadGroup(enterpriseOf(request), id);
    return reply.status(201).send({ group: groupView(await load(db, id)) });
  });

  app.patch<{ Params: { id: number }; Body: GroupBody }>('/agent-groups/:id', {
    config: { roles: MANAGERS },
    preValidation: mustExist('agent group', (db, id) => db.agentGroup.findUnique({ where: { id }, select: { id: true } })),
    schema: {
      tags: TAGS, summary: '修改坐席组 Rename, change strategy, timings, enable/disable; memberIds replaces the members (in ring order)', params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { ...groupProps, memberIds } },
      response: { 200: { type: 'object', properties: { group: groupSchema } } },
    },
  }, async (request) => {
    const db = dbOf(request);
    const id = request.params.id;
    await load(db, id);
    const { memberIds: ids, ...fields } = request.body;
    if (ids) await checkMembers(db, ids);
    try {
      if (Object.keys(fields).length > 0) await db.agentGroup.update({ where: { id }, data: fields });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('AGENT_GROUP_NAME_TAKEN', `a group named ${fields.name ?? ''} exists`);
      throw err;
    }
    if (ids) await setMembers(db, id, ids);
    await hub.reloadGroup(enterpriseOf(request), id);
    return { group: groupView(await load(db, id)) };
  });

  app.delete<{ Params: { id: number } }>('/agent-groups/:id', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '删除坐席组 Delete a group (tasks using it keep running without transfers to it)', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    const db = dbOf(request);
    await load(db, request.params.id);
    await db.agentGroup.delete({ where: { id: request.params.id } });
    await hub.reloadGroup(enterpriseOf(request), request.params.id);
    return reply.status(204).send();
  });
}
