/**
 * 用户: the enterprise's people. Managers (admins and team leaders) list them — leaders need the
 * agents to assign customers to; only enterprise admins add, edit, disable and reset passwords.
 */
import type { FastifyInstance } from 'fastify';
import type { Prisma } from '@waihu/db';
import type { Services } from '../app.js';
import { ADMINS, MANAGERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { createUser, resetPassword, updateUser, userView, withExtension } from './service.js';
import type { MemberRole, UserInput } from './service.js';
import { mustExist } from '../http/exists.js';

const TAGS = ['users'];
const MEMBER_ROLES = ['ENTERPRISE_ADMIN', 'LEADER', 'AGENT'] as const;
const nullableString = { type: ['string', 'null'] } as const;

const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, role: { type: 'string', enum: MEMBER_ROLES }, workNo: { type: 'string' }, name: { type: 'string' },
    mobile: nullableString, callerNumber: nullableString,
    extension: { type: ['object', 'null'], properties: { id: { type: 'integer' }, number: { type: 'string' } } },
    disabled: { type: 'boolean' }, lockedUntil: nullableString, lastLoginAt: nullableString, createdAt: { type: 'string' },
  },
} as const;

const inputProperties = {
  role: { type: 'string', enum: MEMBER_ROLES },
  workNo: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,20}$', description: '工号: logs in as 工号@企业账号' },
  name: { type: 'string', minLength: 1, maxLength: 50 },
  mobile: { type: ['string', 'null'], maxLength: 40 },
  callerNumber: { type: ['string', 'null'], maxLength: 40, description: '绑定主叫: a number this user may also log in with; unique across all enterprises' },
  extensionId: { type: ['integer', 'null'], minimum: 1, description: '分机 bound to the user (their phone)' },
} as const;

const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;
const userReply = { type: 'object', properties: { user: userSchema } } as const;

interface ListQuery {
  role?: MemberRole;
  q?: string;
  disabled?: boolean;
}

/** Another enterprise's user is a 404 before any complaint about the body (see http/exists.ts). */
const userMustExist = mustExist('user', (db, id) => db.user.findUnique({ where: { id }, select: { id: true } }));

export async function userRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get<{ Querystring: ListQuery }>('/users', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '用户列表 The enterprise\'s users, by role and work number',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          role: { type: 'string', enum: MEMBER_ROLES },
          q: { type: 'string', minLength: 1, maxLength: 50, description: 'part of the name or the start of the work number' },
          disabled: { type: 'boolean' },
        },
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: userSchema } } } },
    },
  }, async (request) => {
    const { role, q, disabled } = request.query;
    const where: Prisma.UserWhereInput = {
      ...(role ? { role } : {}),
      ...(disabled === undefined ? {} : { disabled }),
      ...(q ? { OR: [{ name: { contains: q } }, { workNo: { startsWith: q } }] } : {}),
    };
    // An enterprise has at most a few thousand users: one page.
    const rows = await dbOf(request).user.findMany({ where, include: withExtension, orderBy: [{ role: 'asc' }, { workNo: 'asc' }], take: 5_000 });
    return { items: rows.map(userView) };
  });

  app.post<{ Body: UserInput & { role: MemberRole; workNo: string; name: string } }>('/users', {
    config: { roles: ADMINS },
    schema: {
      tags: TAGS, summary: '添加用户 Add a leader, agent or admin; without `password` one is generated and returned once',
      body: {
        type: 'object', additionalProperties: false, required: ['role', 'workNo', 'name'],
        properties: { ...inputProperties, password: { type: 'string', maxLength: 200 } },
      },
      response: { 201: { type: 'object', properties: { user: userSchema, password: { type: ['string', 'null'], description: 'the generated password, shown once' } } } },
    },
  }, async (request, reply) => {
    const r = await createUser(dbOf(request), request.body, services.clock());
    return reply.status(201).send(r);
  });

  app.patch<{ Params: { id: number }; Body: UserInput }>('/users/:id', {
    config: { roles: ADMINS },
    preValidation: userMustExist,
    schema: {
      tags: TAGS, summary: '编辑用户 Edit a user; `disabled: true` ends their sessions (409 SELF_LOCKOUT / LAST_ADMIN protect the admins)',
      params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { ...inputProperties, disabled: { type: 'boolean' } } },
      response: { 200: userReply },
    },
  }, async (request) => ({ user: await updateUser(dbOf(request), principalOf(request), request.params.id, request.body, services.clock()) }));

  app.post<{ Params: { id: number } }>('/users/:id/reset-password', {
    config: { roles: ADMINS },
    preValidation: userMustExist,
    schema: {
      tags: TAGS, summary: '重置密码 A new generated password (shown once); clears a lockout and ends the user\'s sessions',
      params: idParams,
      response: { 200: { type: 'object', properties: { password: { type: 'string' } } } },
    },
  }, async (request) => ({ password: await resetPassword(dbOf(request), request.params.id, services.clock()) }));
}
