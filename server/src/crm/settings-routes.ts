/** 系统配置: the enterprise's settings; managers read them, the enterprise admin writes. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { ADMINS, MANAGERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { readSettings, sectionSchemas, writeSettings } from './settings.js';
import type { EnterpriseSettings } from './settings.js';

const reply = {
  type: 'object',
  properties: { settings: { type: 'object', properties: sectionSchemas }, updatedAt: { type: ['string', 'null'] } },
} as const;

export async function settingsRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/settings', {
    config: { roles: MANAGERS },
    schema: { tags: ['settings'], summary: '系统配置 The enterprise\'s settings: robot working hours, SMS switch (defaults until saved)', response: { 200: reply } },
  }, async (request) => readSettings(dbOf(request)));

  app.put<{ Body: Partial<EnterpriseSettings> }>('/settings', {
    config: { roles: ADMINS },
    schema: {
      tags: ['settings'], summary: '保存系统配置 Save settings: each section given is replaced whole, the others stay',
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: sectionSchemas },
      response: { 200: reply },
    },
  }, async (request) => {
    const db = dbOf(request);
    await writeSettings(db, principalOf(request).userId, request.body, services.clock());
    return readSettings(db);
  });
}
