/**
 * Reading the audit log (操作日志): who changed what and when, newest first, paged on the server
 * and filtered by person, entity and date. Enterprise admins read their own enterprise through
 * their scoped client; the platform admin's client is unscoped and sees every enterprise.
 *
 * The writer (audit.ts) records what was sent, secrets already removed. A change's `before` is
 * what the log recorded for the same thing last time (the previous PUT/PATCH/POST body for the
 * same entity and id, or for an id-less setting such as /api/speech the previous save of the
 * same route), so the console can show a before/after diff without this file ever reading the
 * changed rows themselves. Where the writer stored a real `before`, that wins.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '@waihu/db';
import { ADMINS, PLATFORM } from './auth/roles.js';
import { dbOf } from './auth/plugin.js';
import { dateOrDateTime, instantRange } from './time.js';

const TAGS = ['audit'];
/** Methods whose body describes the thing's new state, so the previous one is its old state. */
const STATEFUL = new Set(['PUT', 'PATCH', 'DELETE']);

interface AuditQuery {
  readonly page: number;
  readonly pageSize: number;
  readonly userId?: number;
  readonly entity?: string;
  readonly entityId?: string;
  readonly from?: string;
  readonly to?: string;
}

type Row = { id: number; enterpriseId: number | null; userId: number | null; action: string; entity: string; entityId: string | null; before: string | null; after: string | null; ip: string | null; at: Date };

const userRef = { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: { type: 'string' }, workNo: { type: 'string' } } } as const;
const json = { description: 'the JSON body as recorded (secrets shown as "[redacted]"), or null' } as const;

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    enterpriseId: { type: ['integer', 'null'] },
    userId: { type: ['integer', 'null'] },
    user: userRef,
    action: { type: 'string', description: 'method and route, e.g. "PATCH /api/scripts/:id"' },
    entity: { type: 'string', description: 'the first path segment after /api, e.g. "scripts"' },
    entityId: { type: ['string', 'null'] },
    before: json,
    beforeFrom: { type: ['integer', 'null'], description: 'the entry `before` was taken from; null when the writer stored it or there is none' },
    after: json,
    ip: { type: ['string', 'null'] },
  },
} as const;

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The last earlier entry about the same thing, for rows whose writer kept no `before`. */
async function previousOf(db: Db, row: Row): Promise<Row | null> {
  const method = row.action.split(' ')[0] ?? '';
  if (row.before !== null || !STATEFUL.has(method)) return null;
  // An id-less route (a setting) is "the same thing" only as the same route; an id names it across routes.
  const same = row.entityId === null ? { entity: row.entity, entityId: null, action: { endsWith: row.action.slice(method.length) } } : { entity: row.entity, entityId: row.entityId };
  return db.auditLog.findFirst({
    where: { ...same, enterpriseId: row.enterpriseId, id: { lt: row.id }, after: { not: null } },
    orderBy: { id: 'desc' },
  });
}

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: AuditQuery }>('/api/audit', {
    config: { roles: [...ADMINS, ...PLATFORM] },
    schema: {
      tags: TAGS,
      summary: '操作日志 Who changed what, newest first (your enterprise; every enterprise for the platform admin)',
      description: 'Filters: userId, entity (e.g. scripts, speech, customer-types), entityId, from/to (a date is a whole Beijing day). `before` is what the log last recorded for the same thing (see beforeFrom). Secrets are redacted when written.',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          page: { type: 'integer', minimum: 1, default: 1 },
          pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          userId: { type: 'integer', minimum: 1 },
          entity: { type: 'string', minLength: 1, maxLength: 50 },
          entityId: { type: 'string', minLength: 1, maxLength: 50 },
          from: { ...dateOrDateTime, description: '起 from (inclusive)' },
          to: { ...dateOrDateTime, description: '止 to (inclusive for a date)' },
        },
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: entrySchema }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } } } },
    },
  }, async (request) => {
    const { page, pageSize, userId, entity, entityId, from, to } = request.query;
    const at = instantRange(from, to);
    const where = { ...(userId ? { userId } : {}), ...(entity ? { entity } : {}), ...(entityId ? { entityId } : {}), ...(at ? { at } : {}) };
    const db = dbOf(request);
    const [rows, total] = await Promise.all([
      db.auditLog.findMany({ where, orderBy: { id: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
      db.auditLog.count({ where }),
    ]);
    const [previous, users] = await Promise.all([
      Promise.all(rows.map((r) => previousOf(db, r))),
      db.user.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.userId === null ? [] : [r.userId])))] } }, select: { id: true, name: true, workNo: true } }),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return {
      items: rows.map((r, i) => ({
        id: r.id, at: r.at.toISOString(), enterpriseId: r.enterpriseId, userId: r.userId, user: r.userId === null ? null : byId.get(r.userId) ?? null,
        action: r.action, entity: r.entity, entityId: r.entityId,
        before: r.before !== null ? parse(r.before) : parse(previous[i]?.after ?? null), beforeFrom: previous[i]?.id ?? null,
        after: parse(r.after), ip: r.ip,
      })),
      total, page, pageSize,
    };
  });

  app.get('/api/audit/entities', {
    config: { roles: [...ADMINS, ...PLATFORM] },
    schema: {
      tags: TAGS, summary: '操作对象 The entities the log holds entries for (for the filter)',
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: { type: 'string' } } } } },
    },
  }, async (request) => {
    const groups = await dbOf(request).auditLog.groupBy({ by: ['entity'], orderBy: { entity: 'asc' } });
    return { items: groups.map((g) => g.entity) };
  });
}
