/**
 * The audit log (who changed what), kept in one place: every successful change made through the
 * API — any POST, PUT, PATCH or DELETE under /api but logging in and out, simulations and the
 * speech engines check — is recorded with who, when, the route, the entity and what was sent
 * (secrets removed, large bodies summarized). Reading it: audit-routes.ts.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from './app.js';
import { auditRoutes } from './audit-routes.js';

const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const NOT_CHANGES = [/^\/api\/auth\/(login|logout)$/, /\/simulate$/, /^\/api\/speech\/check$/];
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

/**
 * The id a create answered with (`{ id }` or `{ type: { id } }`), so later edits of the same
 * thing can be read against it (audit-routes.ts's before/after). Only collection creates
 * (`POST /api/<entity>` answering 201) and only small JSON answers are looked at.
 */
const createdIds = new WeakMap<FastifyRequest, string>();
const MAX_CREATED_ANSWER = 64 * 1024;

function createdIdOf(payload: unknown): string | null {
  if (typeof payload !== 'string' || payload.length > MAX_CREATED_ANSWER || !payload.startsWith('{')) return null;
  let body: unknown;
  try { body = JSON.parse(payload); } catch { return null; }
  const idOf = (o: unknown): string | null => {
    const id = (o as { id?: unknown } | null)?.id;
    return typeof id === 'number' || typeof id === 'string' ? String(id) : null;
  };
  const values = Object.values(body as Record<string, unknown>);
  return idOf(body) ?? (values.length === 1 ? idOf(values[0]) : null);
}

export const auditPlugin = fp(async (app: FastifyInstance, services: Services) => {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'POST' && reply.statusCode === 201 && /^\/api\/[^/]+$/.test(request.routeOptions.url ?? '')) {
      const id = createdIdOf(payload);
      if (id !== null) createdIds.set(request, id);
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!CHANGING.has(request.method) || reply.statusCode >= 400 || !route?.startsWith('/api') || !request.principal) return;
    if (NOT_CHANGES.some((re) => re.test(route))) return;
    const { entity, entityId: routeId } = entityOf(request);
    const entityId = routeId ?? createdIds.get(request) ?? null;
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

  await auditRoutes(app);
});
