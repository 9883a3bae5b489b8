/**
 * 外显管理 and 分机: caller numbers an enterprise may show (added by its admin, approved by the
 * platform before any dial may use them — carriers hold the platform to that) and the
 * extensions agents' phones register with (their SIP secret sealed, shown once).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CallerId, Extension } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import type { Services } from '../app.js';
import { ADMINS, MANAGERS, PLATFORM } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { normalizePhone } from '../leads/phone.js';
import { idParams } from './schemas.js';
import { mustExist } from '../http/exists.js';

const TAGS = ['telephony'];
const nullableString = { type: ['string', 'null'] } as const;

const callerIdSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, number: { type: 'string' }, trunkId: { type: ['integer', 'null'] }, approved: { type: 'boolean' },
    approvedAt: nullableString, note: nullableString, createdAt: { type: 'string' }, enterpriseId: { type: 'integer' },
  },
} as const;
const extensionSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, number: { type: 'string' }, kind: { type: 'string' }, enabled: { type: 'boolean' },
    user: { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: { type: 'string' }, workNo: { type: 'string' } } }, createdAt: { type: 'string' },
  },
} as const;

const callerIdView = (c: CallerId) => ({
  id: c.id, number: c.number, trunkId: c.trunkId, approved: c.approved, approvedAt: c.approvedAt?.toISOString() ?? null, note: c.note,
  createdAt: c.createdAt.toISOString(), enterpriseId: c.enterpriseId,
});
const extensionView = (e: Extension & { user: { id: number; name: string; workNo: string } | null }) => ({
  id: e.id, number: e.number, kind: e.kind, enabled: e.enabled, user: e.user, createdAt: e.createdAt.toISOString(),
});
const withUser = { user: { select: { id: true, name: true, workNo: true } } } as const;

/** A SIP secret: long, and only characters every phone's keypad UI can enter. */
const newSipSecret = (): string => randomBytes(12).toString('base64url').replace(/[-_]/g, '9');

const extensionExists = mustExist('extension', (db, id) => db.extension.findUnique({ where: { id }, select: { id: true } }));

export async function numberRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/caller-ids', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '外显号码 The enterprise\'s caller numbers and whether the platform approved them', response: { 200: { type: 'object', properties: { items: { type: 'array', items: callerIdSchema } } } } },
  }, async (request) => ({ items: (await dbOf(request).callerId.findMany({ orderBy: { id: 'asc' } })).map(callerIdView) }));

  app.post<{ Body: { number: string; trunkId?: number | null; note?: string | null } }>('/caller-ids', {
    config: { roles: ADMINS },
    schema: {
      tags: TAGS, summary: '添加外显 Add a caller number (unapproved until the platform approves it)',
      body: {
        type: 'object', additionalProperties: false, required: ['number'],
        properties: { number: { type: 'string', minLength: 1, maxLength: 40 }, trunkId: { type: ['integer', 'null'], minimum: 1 }, note: { type: ['string', 'null'], maxLength: 200 } },
      },
      response: { 201: { type: 'object', properties: { callerId: callerIdSchema } } },
    },
  }, async (request, reply) => {
    const db = dbOf(request);
    const phone = normalizePhone(request.body.number);
    if (!phone.ok) throw new ApiError(400, 'PHONE_INVALID', `number: ${phone.reason.en}`, [{ path: '/number', code: phone.reason.code, message: phone.reason.en }]);
    const trunkId = request.body.trunkId ?? null;
    if (trunkId !== null && !(await db.trunk.findUnique({ where: { id: trunkId }, select: { id: true } }))) {
      throw new ApiError(400, 'TRUNK_UNKNOWN', `no trunk ${trunkId}`, [{ path: '/trunkId', code: 'TRUNK_UNKNOWN', message: 'no such trunk' }]);
    }
    try {
      const c = await db.callerId.create({ data: tenantOwned({ number: phone.phone, trunkId, note: request.body.note ?? null, createdAt: new Date(services.clock()) }) });
      return reply.status(201).send({ callerId: callerIdView(c) });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('CALLER_ID_EXISTS', 'this caller number is already listed');
      throw e;
    }
  });

  app.delete<{ Params: { id: number } }>('/caller-ids/:id', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: '删除外显 Remove a caller number', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    if ((await dbOf(request).callerId.deleteMany({ where: { id: request.params.id } })).count === 0) throw notFound('caller ID');
    return reply.status(204).send();
  });

  app.get<{ Querystring: { approved?: boolean } }>('/platform/caller-ids', {
    config: { roles: PLATFORM },
    schema: {
      tags: ['platform'], summary: '外显审核 Caller numbers of every enterprise, to approve',
      querystring: { type: 'object', additionalProperties: false, properties: { approved: { type: 'boolean' } } },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: callerIdSchema } } } },
    },
  }, async (request) => {
    const where = request.query.approved === undefined ? {} : { approved: request.query.approved };
    return { items: (await services.db.callerId.findMany({ where, orderBy: { id: 'asc' }, take: 5_000 })).map(callerIdView) };
  });

  app.patch<{ Params: { id: number }; Body: { approved: boolean } }>('/platform/caller-ids/:id', {
    config: { roles: PLATFORM },
    schema: {
      tags: ['platform'], summary: '审核外显 Approve a caller number (or withdraw approval)', params: idParams,
      body: { type: 'object', additionalProperties: false, required: ['approved'], properties: { approved: { type: 'boolean' } } },
      response: { 200: { type: 'object', properties: { callerId: callerIdSchema } } },
    },
  }, async (request) => {
    const { approved } = request.body;
    const n = await services.db.callerId.updateMany({
      where: { id: request.params.id },
      data: { approved, approvedAt: approved ? new Date(services.clock()) : null, approvedById: approved ? principalOf(request).userId : null },
    });
    if (n.count === 0) throw notFound('caller ID');
    return { callerId: callerIdView(await services.db.callerId.findUniqueOrThrow({ where: { id: request.params.id } })) };
  });

  app.get('/extensions', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: '分机 The enterprise\'s extensions and who they are bound to', response: { 200: { type: 'object', properties: { items: { type: 'array', items: extensionSchema } } } } },
  }, async (request) => ({ items: (await dbOf(request).extension.findMany({ include: withUser, orderBy: { number: 'asc' } })).map(extensionView) }));

  app.post<{ Body: { number: string; kind?: string; password?: string } }>('/extensions', {
    config: { roles: ADMINS },
    schema: {
      tags: TAGS, summary: '添加分机 Add an extension; without `password` a SIP secret is generated and returned once',
      body: {
        type: 'object', additionalProperties: false, required: ['number'],
        properties: {
          number: { type: 'string', pattern: '^[0-9]{2,10}$' }, kind: { type: 'string', enum: ['softphone', 'deskphone', 'gateway'] },
          password: { type: 'string', minLength: 8, maxLength: 100 },
        },
      },
      response: { 201: { type: 'object', properties: { extension: extensionSchema, password: nullableString } } },
    },
  }, async (request, reply) => {
    const secret = request.body.password ?? newSipSecret();
    try {
      const e = await dbOf(request).extension.create({
        data: tenantOwned({ number: request.body.number, kind: request.body.kind ?? 'softphone', sipPassword: services.secrets.seal(secret), createdAt: new Date(services.clock()) }),
        include: withUser,
      });
      return reply.status(201).send({ extension: extensionView(e), password: request.body.password === undefined ? secret : null });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('EXTENSION_EXISTS', `extension ${request.body.number} already exists`);
      throw e;
    }
  });

  app.patch<{ Params: { id: number }; Body: { kind?: string; enabled?: boolean } }>('/extensions/:id', {
    config: { roles: ADMINS },
    preValidation: extensionExists,
    schema: {
      tags: TAGS, summary: '编辑分机 Change an extension\'s kind or switch it off', params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { kind: { type: 'string', enum: ['softphone', 'deskphone', 'gateway'] }, enabled: { type: 'boolean' } } },
      response: { 200: { type: 'object', properties: { extension: extensionSchema } } },
    },
  }, async (request) => ({ extension: extensionView(await dbOf(request).extension.update({ where: { id: request.params.id }, data: request.body, include: withUser })) }));

  app.post<{ Params: { id: number } }>('/extensions/:id/reset-secret', {
    config: { roles: ADMINS },
    preValidation: extensionExists,
    schema: { tags: TAGS, summary: '重置分机密码 A new SIP secret (shown once); the phone must be set up again', params: idParams, response: { 200: { type: 'object', properties: { password: { type: 'string' } } } } },
  }, async (request) => {
    const secret = newSipSecret();
    await dbOf(request).extension.update({ where: { id: request.params.id }, data: { sipPassword: services.secrets.seal(secret) } });
    return { password: secret };
  });

  app.delete<{ Params: { id: number } }>('/extensions/:id', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: '删除分机 Delete an extension (its user keeps their account, without a phone)', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    if ((await dbOf(request).extension.deleteMany({ where: { id: request.params.id } })).count === 0) throw notFound('extension');
    return reply.status(204).send();
  });
}
