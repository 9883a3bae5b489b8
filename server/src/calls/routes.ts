/**
 * 呼叫记录 over HTTP: the call list with filters, one call with its transcript (every turn with
 * what matched and how long the callee waited, split by part), and its stereo recording.
 * Reads go through the caller's scoped client, so another enterprise's call is a 404. Managers
 * see every call of the enterprise; an agent only the calls they took part in (took the
 * transfer of), like the CRM's own-customers rule.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Prisma } from '@waihu/db';
import { CALL_OUTCOMES, GRADES } from '@waihu/db';
import type { Services } from '../app.js';
import { MANAGERS, MEMBERS } from '../auth/roles.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { notFound } from '../errors.js';
import { StorageError, storageApiError } from '../storage/index.js';
import { dateOrDateTime, instantRange } from '../time.js';
import type { RecordingStorage } from './recordings.js';
import { attemptDetail, attemptSchema, attemptSummary, callDetailSchema } from './views.js';

const TAGS = ['calls'];
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;

interface ListQuery {
  taskId?: number;
  leadId?: number;
  grade?: string;
  outcome?: string;
  from?: string;
  to?: string;
  phone?: string;
  page: number;
  pageSize: number;
}

/** An agent's filter: only the calls they took part in. */
function visibleTo(request: FastifyRequest): Prisma.CallAttemptWhereInput {
  const p = principalOf(request);
  return MANAGERS.includes(p.role) ? {} : { agentId: p.userId };
}

export async function callRoutes(app: FastifyInstance, services: Services & { recordings: RecordingStorage }): Promise<void> {
  app.get<{ Querystring: ListQuery }>('/calls', {
    config: { roles: MEMBERS },
    schema: {
      tags: TAGS,
      summary: '呼叫记录 Calls, newest first, with filters (agents: only calls they took part in)',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          taskId: { type: 'integer', minimum: 1, description: '呼叫任务' },
          leadId: { type: 'integer', minimum: 1, description: '线索' },
          grade: { type: 'string', enum: [...GRADES], description: '等级' },
          outcome: { type: 'string', enum: [...CALL_OUTCOMES], description: '呼叫结果' },
          from: { ...dateOrDateTime, description: '拨打时间起 dialed from (a date is a whole day, Beijing time)' },
          to: { ...dateOrDateTime, description: '拨打时间止 dialed until (inclusive for a date)' },
          phone: { type: 'string', pattern: '^[0-9]{1,20}$', description: '被叫号码前缀 callee number prefix' },
          page: { type: 'integer', minimum: 1, default: 1 },
          pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        },
      },
      response: { 200: { type: 'object', properties: { total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' }, items: { type: 'array', items: attemptSchema } } } },
    },
  }, async (request) => {
    const q = request.query;
    const dialAt = instantRange(q.from, q.to);
    const where: Prisma.CallAttemptWhereInput = {
      ...visibleTo(request),
      ...(q.taskId ? { taskId: q.taskId } : {}),
      ...(q.leadId ? { leadId: q.leadId } : {}),
      ...(q.grade ? { grade: q.grade } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      ...(q.phone ? { calleeNumber: { startsWith: q.phone } } : {}),
      ...(dialAt ? { dialAt } : {}),
    };
    const db = dbOf(request);
    const [rows, total] = await Promise.all([
      db.callAttempt.findMany({
        where, orderBy: [{ dialAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize,
        // A scoped read of the tenant's own Recording rows (same enterprise by construction).
        include: { recording: { select: { durationMs: true } } },
      }),
      db.callAttempt.count({ where }),
    ]);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map(attemptSummary) };
  });

  app.get<{ Params: { id: number } }>('/calls/:id', {
    config: { roles: MEMBERS },
    schema: {
      tags: TAGS, summary: '通话详情 One call: outcome, grade and reasons, tags, counters, the transcript with latency per turn, the event log', params: idParams,
      response: { 200: callDetailSchema },
    },
  }, async (request) => {
    const db = dbOf(request);
    const row = await db.callAttempt.findFirst({ where: { id: request.params.id, ...visibleTo(request) }, include: { recording: { select: { durationMs: true, sizeBytes: true } } } });
    if (!row) throw notFound('call');
    const turns = await db.turn.findMany({ where: { attemptId: row.id }, orderBy: { seq: 'asc' } });
    return attemptDetail(row, turns);
  });

  app.get<{ Params: { id: number } }>('/calls/:id/recording', {
    config: { roles: MEMBERS },
    schema: {
      tags: TAGS, summary: '录音 The stereo recording as WAV (customer left, robot right)', params: idParams,
      response: { 200: { type: 'string', format: 'binary' } },
    },
  }, async (request, reply) => {
    const db = dbOf(request);
    const attempt = await db.callAttempt.findFirst({ where: { id: request.params.id, ...visibleTo(request) }, select: { id: true } });
    const rec = attempt ? await db.recording.findUnique({ where: { attemptId: attempt.id } }) : null;
    if (!rec) throw notFound('recording');
    try {
      const stream = await services.recordings.open(enterpriseOf(request), rec.storageKey);
      if (rec.sizeBytes !== null) void reply.header('content-length', rec.sizeBytes);
      return reply.header('content-type', 'audio/wav')
        .header('content-disposition', `inline; filename="call-${attempt!.id}.wav"`)
        .header('cache-control', 'private, max-age=3600')
        .send(stream);
    } catch (e) {
      if (e instanceof StorageError) throw storageApiError(e);
      throw e;
    }
  });
}
