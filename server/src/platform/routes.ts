/** Platform administration (企业管理): create, list, disable and re-enable enterprises. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isUniqueViolation } from '@waihu/db';
import type { Services } from '../app.js';
import { PLATFORM } from '../auth/roles.js';
import { hashPassword, passwordProblem } from '../auth/secrets.js';
import { ApiError, conflict, notFound } from '../errors.js';

const enterpriseOut = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, name: { type: 'string' }, account: { type: 'string' }, kind: { type: 'string' }, disabled: { type: 'boolean' },
    balanceFen: { type: 'integer' }, users: { type: 'integer' }, createdAt: { type: 'string' },
  },
} as const;

export async function platformRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const db = services.db;

  app.get('/platform/enterprises', {
    config: { roles: PLATFORM },
    schema: { tags: ['platform'], summary: '企业列表 Enterprises with their balance and user count', response: { 200: { type: 'object', properties: { items: { type: 'array', items: enterpriseOut } } } } },
  }, async () => {
    const rows = await db.enterprise.findMany({ orderBy: { id: 'asc' }, include: { _count: { select: { users: true } } } });
    return { items: rows.map((e) => ({ id: e.id, name: e.name, account: e.account, kind: e.kind, disabled: e.disabled, balanceFen: e.balanceFen, users: e._count.users, createdAt: e.createdAt.toISOString() })) };
  });

  app.post<{ Body: { name: string; account: string; kind?: 'merchant' | 'reseller'; adminName?: string; adminPassword?: string } }>('/platform/enterprises', {
    config: { roles: PLATFORM },
    schema: {
      tags: ['platform'], summary: '添加企业 Create an enterprise and its admin (a generated password is returned once)',
      body: {
        type: 'object', additionalProperties: false, required: ['name', 'account'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          account: { type: 'string', pattern: '^[A-Za-z0-9_.-]{2,40}$' },
          kind: { type: 'string', enum: ['merchant', 'reseller'] },
          adminName: { type: 'string', minLength: 1, maxLength: 50 },
          adminPassword: { type: 'string', maxLength: 200 },
        },
      },
    },
  }, async (request, reply) => {
    const { name, account, kind = 'merchant', adminName = '企业管理员' } = request.body;
    const password = request.body.adminPassword ?? `${randomBytes(6).toString('base64url')}7k`;
    const weak = passwordProblem(password);
    if (weak) throw new ApiError(400, 'WEAK_PASSWORD', `the admin password needs ${weak}`);
    const passwordHash = await hashPassword(password);
    try {
      const e = await db.enterprise.create({
        data: { name, account, kind, users: { create: { role: 'ENTERPRISE_ADMIN', workNo: 'admin', name: adminName, passwordHash } } },
      });
      return reply.status(201).send({ enterprise: { id: e.id, name: e.name, account: e.account, kind: e.kind, disabled: e.disabled }, admin: { login: account, password: request.body.adminPassword ? undefined : password } });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ACCOUNT_TAKEN', `the enterprise account "${account}" is taken`);
      throw err;
    }
  });

  app.patch<{ Params: { id: number }; Body: { disabled?: boolean; name?: string } }>('/platform/enterprises/:id', {
    config: { roles: PLATFORM },
    schema: {
      tags: ['platform'], summary: '禁止/启用 Disable or re-enable an enterprise (its users are logged out at once), or rename it',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { disabled: { type: 'boolean' }, name: { type: 'string', minLength: 1, maxLength: 100 } } },
    },
  }, async (request) => {
    const found = await db.enterprise.findUnique({ where: { id: request.params.id } });
    if (!found) throw notFound('enterprise');
    const e = await db.enterprise.update({ where: { id: found.id }, data: request.body });
    if (request.body.disabled) await db.session.deleteMany({ where: { user: { enterpriseId: e.id } } });
    return { enterprise: { id: e.id, name: e.name, account: e.account, kind: e.kind, disabled: e.disabled } };
  });
}
