/**
 * 是否共享: scripts an enterprise shares are starting points for the others. Reading them is
 * the one deliberate cross-tenant read in the API, and it is confined to this file: only
 * `shared` scripts, only their current version, only to copy.
 */
import type { FastifyInstance } from 'fastify';
import type { Template as ScriptTemplate } from '@waihu/engine';
import type { Services } from '../app.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { notFound } from '../errors.js';
import { createScript } from './store.js';

export async function sharedScriptRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const db = services.db; // unscoped on purpose: see the file comment

  app.get('/scripts/shared', {
    config: { roles: MANAGERS },
    schema: { tags: ['scripts'], summary: '共享话术 Scripts other enterprises share as starting points' },
  }, async (request) => {
    const own = enterpriseOf(request);
    const rows = await db.template.findMany({
      where: { shared: true, archivedAt: null, enterpriseId: { not: own } },
      orderBy: { updatedAt: 'desc' },
      take: 200,
      select: { id: true, name: true, industry: true, currentVersion: true, updatedAt: true, enterprise: { select: { name: true } } },
    });
    return { items: rows.map((r) => ({ id: r.id, name: r.name, industry: r.industry, version: r.currentVersion, from: r.enterprise.name, updatedAt: r.updatedAt.toISOString() })) };
  });

  app.post<{ Params: { id: number }; Body: { name?: string } }>('/scripts/shared/:id/copy', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['scripts'], summary: 'Copy a shared script into your enterprise (its current version becomes your version 1)',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
      body: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } },
    },
  }, async (request, reply) => {
    const source = await db.template.findFirst({ where: { id: request.params.id, shared: true, archivedAt: null } });
    if (!source) throw notFound('shared script');
    const version = await db.templateVersion.findFirst({ where: { templateId: source.id, number: source.currentVersion } });
    if (!version) throw notFound('shared script');
    const template = JSON.parse(version.source) as ScriptTemplate;
    const script = await createScript(dbOf(request), principalOf(request).userId, request.body?.name ?? source.name, template, `复制自共享话术 #${source.id}`);
    return reply.status(201).send({ script });
  });
}
