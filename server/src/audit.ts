/**
 * The audit log (who changed what), kept in one place: every successful change made through the
 * API — any POST, PUT, PATCH or DELETE under /api but logging in and out and simulations — is
 * recorded with who, when, the route, the entity and what was sent (secrets removed, large
 * bodies summarized).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from './app.js';
import { MANAGERS, PLATFORM } from './auth/roles.js';
import { dbOf } from './auth/plugin.js';

const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const NOT_CHANGES = [/^\/api\/auth\/(login|logout)$/, /\/simulate$/];
/** Keys whose values never reach the audit log, at any depth (speech credentials nest them). */
const SECRET_KEYS = /password|token|secret|api_?key|app_?key|credential/i;
const MAX_BODY_CHARS = 4000;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v)]));
}

function snapshot(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return null;
  const clean = redact(body) as Record<string, unknown>;
  const text = JSON.stringify(clean);
  return text.length <= MAX_BODY_CHARS ? text : JSON.stringify({ truncated: true, keys: Object.keys(clean) });
}

function entityOf(request: FastifyRequest): { entity: string; entityId: string | null } {
  const route = request.routeOptions.url ?? request.url;
  const entity = route.replace(/^\/api\//, '').split('/')[0] ?? route;
  const id = (request.params as { id?: unknown } | undefined)?.id;
  return { entity, entityId: id === undefined ? null : String(id) };
}

export const auditPlugin = fp(async (app: FastifyInstance, services: Services) => {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!CHANGING.has(request.method) || reply.statusCode >= 400 || !route?.startsWith('/api') || !request.principal) return;
    if (NOT_CHANGES.some((re) => re.test(route))) return;
    const { entity, entityId } = entityOf(request);
    try {
      await services.db.auditLog.create({
        data: {
          enterpriseId: request.principal.enterpriseId, userId: request.principal.userId, action: `${request.method} ${route}`,
          entity, entityId, after: snapshot(request.body), ip: request.ip, at: new Date(services.clock()),
        },
      });
    } catch (err) {
      request.log.error({ err, action: `${request.method} ${route}` }, 'audit log write failed');
    }
  });

  app.get<{ Querystring: { page: number; pageSize: number; entity?: string } }>('/api/audit', {
    config: { roles: [...MANAGERS, ...PLATFORM] },
    schema: {
      tags: ['audit'], summary: '操作日志 Who changed what, newest first (your enterprise; everything for the platform admin)',
      querystring: { type: 'object', additionalProperties: false, properties: { page: { type: 'integer', minimum: 1, default: 1 }, pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, entity: { type: 'string', maxLength: 50 } } },
    },
  }, async (request) => {
    const { page, pageSize, entity } = request.query;
    const where = entity ? { entity } : {};
    // Members read through their scoped client (their enterprise only); the platform admin's is unscoped.
    const rows = await dbOf(request).auditLog.findMany({ where, orderBy: { id: 'desc' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), userId: r.userId, action: r.action, entity: r.entity, entityId: r.entityId, after: r.after === null ? null : JSON.parse(r.after) as unknown })) };
  });
});
