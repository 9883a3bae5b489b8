/**
 * The trunks a marketer may choose for a call task: id, name and whether it is enabled — nothing
 * about where it connects or how it logs in. The full trunk list (/api/trunks) stays with the
 * enterprise admin; leaders create tasks too and must be able to pick a trunk. Read-only,
 * tenant-scoped through the caller's client.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf } from '../auth/plugin.js';

export async function trunkChoiceRoutes(app: FastifyInstance, _services: Services): Promise<void> {
  app.get('/dialer/trunks', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['dialer'], summary: '任务可选外线 Trunks to choose for a call task: id, name, enabled (no address or credentials)',
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, enabled: { type: 'boolean' } } } } } } },
    },
  }, async (request) => ({ items: await dbOf(request).trunk.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, enabled: true } }) }));
}
