/**
 * The CRM (客户管理) and its neighbours: customers with their assignments and follow-ups,
 * customer types and custom fields (定义字段), the blacklist (黑名单) and the enterprise's
 * settings (系统配置). Visibility: agents see only the customers assigned to them; leaders
 * and enterprise admins the whole enterprise.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { customerRoutes } from './customer-routes.js';
import { customerFileRoutes } from './customer-files.js';
import { assignmentRoutes } from './assignment-routes.js';
import { followUpRoutes } from './follow-up-routes.js';
import { definitionRoutes } from './definition-routes.js';
import { blacklistRoutes } from './blacklist-routes.js';
import { settingsRoutes } from './settings-routes.js';

export async function crmRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await customerRoutes(app, services);
  await customerFileRoutes(app, services);
  await assignmentRoutes(app, services);
  await followUpRoutes(app, services);
  await definitionRoutes(app, services);
  await blacklistRoutes(app, services);
  await settingsRoutes(app, services);
}
