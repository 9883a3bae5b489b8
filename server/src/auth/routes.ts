/** Log in, log out, who am I, change password. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { ApiError } from '../errors.js';
import { MEMBERS, PLATFORM } from './roles.js';
import { parseLoginName } from './login-name.js';
import { changePassword, login } from './service.js';
import { SESSION_COOKIE, principalOf } from './plugin.js';
import { prismaAuthStore } from './prisma-store.js';
import { tokenHash } from './secrets.js';

const EVERYONE = [...MEMBERS, ...PLATFORM];

const principalSchema = {
  type: 'object',
  properties: {
    userId: { type: 'integer' }, enterpriseId: { type: ['integer', 'null'] }, role: { type: 'string' }, name: { type: 'string' },
  },
} as const;

export async function authRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const store = prismaAuthStore(services.db);
  const policy = { sessionTtlMs: services.config.sessionTtlMs, lockoutThreshold: services.config.lockoutThreshold, lockoutMs: services.config.lockoutMs };

  app.post<{ Body: { account: string; password: string } }>('/auth/login', {
    config: { public: true },
    schema: {
      tags: ['auth'],
      summary: '登录 Log in: 企业账号, 工号@企业账号, or a bound caller number, with the password',
      security: [],
      body: { type: 'object', required: ['account', 'password'], additionalProperties: false, properties: { account: { type: 'string', minLength: 1, maxLength: 120 }, password: { type: 'string', minLength: 1, maxLength: 200 } } },
      response: { 200: { type: 'object', properties: { principal: principalSchema, token: { type: 'string' }, expiresAt: { type: 'string' } } } },
    },
  }, async (request, reply) => {
    const name = parseLoginName(request.body.account);
    const result = name ? await login(store, policy, services.clock(), name, request.body.password) : ({ ok: false, code: 'INVALID_CREDENTIALS' } as const);
    if (!result.ok) {
      const status = result.code === 'INVALID_CREDENTIALS' ? 401 : 403;
      const message = { INVALID_CREDENTIALS: 'wrong account or password', ACCOUNT_LOCKED: 'too many failed logins; try again later', ACCOUNT_DISABLED: 'this account is disabled' }[result.code];
      if (result.retryAfterMs !== undefined) void reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
      throw new ApiError(status, result.code, message);
    }
    void reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true, sameSite: 'lax', secure: services.config.cookieSecure, path: '/', expires: new Date(result.expiresAtMs),
    });
    return { principal: result.principal, token: result.token, expiresAt: new Date(result.expiresAtMs).toISOString() };
  });

  app.post('/auth/logout', { config: { roles: EVERYONE }, schema: { tags: ['auth'], summary: 'Log out (ends this session)' } }, async (request, reply) => {
    if (request.sessionToken) await store.deleteSession(tokenHash(request.sessionToken));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/auth/me', { config: { roles: EVERYONE }, schema: { tags: ['auth'], summary: 'Who am I', response: { 200: { type: 'object', properties: { principal: principalSchema } } } } }, async (request) => ({
    principal: principalOf(request),
  }));

  app.post<{ Body: { oldPassword: string; newPassword: string } }>('/auth/password', {
    config: { roles: EVERYONE },
    schema: {
      tags: ['auth'], summary: '修改密码 Change password (ends your other sessions)',
      body: { type: 'object', required: ['oldPassword', 'newPassword'], additionalProperties: false, properties: { oldPassword: { type: 'string', maxLength: 200 }, newPassword: { type: 'string', maxLength: 200 } } },
    },
  }, async (request) => {
    const r = await changePassword(store, principalOf(request).userId, request.sessionToken, request.body.oldPassword, request.body.newPassword);
    if (!r.ok) throw new ApiError(r.code === 'WRONG_PASSWORD' ? 403 : 400, r.code, r.message);
    return { ok: true };
  });
}
