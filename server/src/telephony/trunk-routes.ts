/** 外线设置 over HTTP: enterprise admins list, add, edit and delete trunks. */
import type { FastifyInstance } from 'fastify';
import { isForeignKeyViolation } from '@waihu/db';
import type { Services } from '../app.js';
import { ADMINS } from '../auth/roles.js';
import { dbOf } from '../auth/plugin.js';
import { conflict, notFound } from '../errors.js';
import { createTrunk, trunkView, updateTrunk } from './trunks.js';
import type { TrunkInput } from './trunks.js';
import { idParams } from './schemas.js';
import { mustExist } from '../http/exists.js';

const TAGS = ['telephony'];
const prefixes = { type: 'array', maxItems: 100, items: { type: 'string', pattern: '^[0-9]{1,20}$' } } as const;

const inputProperties = {
  name: { type: 'string', minLength: 1, maxLength: 50, description: '外线号码 / a name users recognize' },
  host: { type: 'string', minLength: 1, maxLength: 255, description: '网关地址: IP or host name, no port' },
  port: { type: 'integer', minimum: 1, maximum: 65535, description: '网关端口 (5060)' },
  transport: { type: 'string', enum: ['udp', 'tcp'] },
  mode: { type: 'string', enum: ['register', 'peer'], description: 'register: we register with the carrier; peer: 普通落地网关, by address' },
  username: { type: ['string', 'null'], maxLength: 100, description: '网关账号' },
  password: { type: ['string', 'null'], maxLength: 200, description: '网关密码: write-only; null clears it' },
  lines: { type: 'integer', minimum: 1, maximum: 10000, description: '并发外线数' },
  campaignLines: { type: 'integer', minimum: 0, maximum: 10000, description: '群呼并发外线数 (≤ lines)' },
  stripDigits: { type: 'integer', minimum: 0, maximum: 10, description: '去除前缀个数' },
  addPrefix: { type: ['string', 'null'], maxLength: 20, description: '前呼号码: digits put in front of the number' },
  callerIdPrefixes: { ...prefixes, description: '外显前缀: only caller IDs starting with one of these' },
  calleePrefixes: { ...prefixes, description: '限制被叫前缀: only numbers starting with one of these' },
  registerExpiresS: { type: 'integer', minimum: 60, maximum: 86400 },
  ringTimeoutMs: { type: 'integer', minimum: 5000, maximum: 180000 },
  enabled: { type: 'boolean' },
} as const;

const nullableString = { type: ['string', 'null'] } as const;
export const trunkSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, name: { type: 'string' }, host: { type: 'string' }, port: { type: 'integer' }, transport: { type: 'string' }, mode: { type: 'string' },
    username: nullableString, hasPassword: { type: 'boolean' }, lines: { type: 'integer' }, campaignLines: { type: 'integer' }, stripDigits: { type: 'integer' },
    addPrefix: { type: 'string' }, callerIdPrefixes: { type: 'array', items: { type: 'string' } }, calleePrefixes: { type: 'array', items: { type: 'string' } },
    registerExpiresS: { type: 'integer' }, ringTimeoutMs: { type: 'integer' }, enabled: { type: 'boolean' }, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
  },
} as const;
const trunkReply = { type: 'object', properties: { trunk: trunkSchema } } as const;

export async function trunkRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/trunks', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: '外线列表 The enterprise\'s trunks (passwords never shown)', response: { 200: { type: 'object', properties: { items: { type: 'array', items: trunkSchema } } } } },
  }, async (request) => ({ items: (await dbOf(request).trunk.findMany({ orderBy: { id: 'asc' } })).map(trunkView) }));

  app.post<{ Body: TrunkInput & { name: string; host: string } }>('/trunks', {
    config: { roles: ADMINS },
    schema: {
      tags: TAGS, summary: '添加外线 Add a trunk; settings are checked together (400 TRUNK_INVALID lists each field)',
      body: { type: 'object', additionalProperties: false, required: ['name', 'host'], properties: inputProperties },
      response: { 201: trunkReply },
    },
  }, async (request, reply) => reply.status(201).send({ trunk: trunkView(await createTrunk(dbOf(request), services.secrets, request.body, services.clock())) }));

  app.patch<{ Params: { id: number }; Body: TrunkInput }>('/trunks/:id', {
    config: { roles: ADMINS },
    preValidation: mustExist('trunk', (db, id) => db.trunk.findUnique({ where: { id }, select: { id: true } })),
    schema: {
      tags: TAGS, summary: '编辑外线 Edit a trunk (the result is checked whole)', params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: inputProperties },
      response: { 200: trunkReply },
    },
  }, async (request) => ({ trunk: trunkView(await updateTrunk(dbOf(request), services.secrets, request.params.id, request.body, services.clock())) }));

  app.delete<{ Params: { id: number } }>('/trunks/:id', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: '删除外线 Delete a trunk (tasks and past calls keep their records; their trunk becomes empty)', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    try {
      const n = await dbOf(request).trunk.deleteMany({ where: { id: request.params.id } });
      if (n.count === 0) throw notFound('trunk');
    } catch (e) {
      if (isForeignKeyViolation(e)) throw conflict('TRUNK_IN_USE', 'the trunk is still referenced');
      throw e;
    }
    return reply.status(204).send();
  });
}
