/**
 * The dialer's API: call tasks (任务发送 / 任务查询) with start / pause / resume / stop and
 * progress, the call queue (呼叫队列), SMS templates by grade (等级短信模板) with approval, the
 * enterprise's dialer settings (opt-out blacklisting, callbacks, webhook, SMS provider) and the
 * deliveries' dead-letter list with replay.
 *
 * SMS approval: an enterprise writes its templates; the platform admin approves them (the seed's
 * 需向管理员备案: carriers hold the platform to what is sent, as with caller numbers). Editing the
 * text withdraws the approval.
 */
import type { FastifyInstance } from 'fastify';
import type { Prisma } from '@waihu/db';
import type { Services } from '../app.js';
import { ADMINS, MANAGERS, PLATFORM } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { ApiError, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { taskSettingsSchema } from './core/index.js';
import { createTask, deleteTask, progress, submitLeads, TASK_ACTIONS, TASK_STATES, taskView, transition, updateTask } from './tasks.js';
import type { SubmitInput, TaskAction, TaskInput } from './tasks.js';
import { dialerSettingsBody, dialerSettingsView, readDialerSettings, viewDialerSettings, writeDialerSettings } from './enterprise-settings.js';
import type { DialerSettingsInput } from './enterprise-settings.js';
import { replayDeliveries } from './deliveries.js';
import { mustExist } from '../http/exists.js';

const TAGS = ['dialer'];
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const dateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const taskFields = {
  name: { type: 'string', minLength: 1, maxLength: 100 },
  templateId: { type: 'integer', minimum: 1 },
  templateVersion: { type: 'integer', minimum: 1 },
  trunkId: { type: ['integer', 'null'], minimum: 1 },
  agentGroupId: { type: ['integer', 'null'], minimum: 1 },
  startAt: dateTime, endAt: dateTime,
  lines: { type: 'integer', minimum: 1, maximum: 1000 },
  maxCallsPerSecond: { type: 'integer', minimum: 1, maximum: 1000 },
  dialRatioPercent: { type: 'integer', minimum: 10, maximum: 1000 },
  settings: taskSettingsSchema,
} as const;
const taskSchema = { type: 'object', additionalProperties: true } as const;
const leadFilter = {
  type: 'object', additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 100 }, phone: { type: 'string', maxLength: 20 }, batchId: { type: 'integer', minimum: 1 }, batch: { type: 'string', maxLength: 100 },
    grade: { type: 'array', items: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E', 'F'] } }, status: { type: 'array', items: { type: 'string' } },
    createdFrom: { type: 'string', format: 'date-time' }, createdTo: { type: 'string', format: 'date-time' },
  },
} as const;
const page = { page: { type: 'integer', minimum: 1, default: 1 }, pageSize: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } as const;
const QUEUE_STATES = ['PENDING', 'DIALING', 'RETRY', 'DONE', 'FAILED', 'SKIPPED'] as const;

const taskExists = mustExist('call task', (db, id) => db.callTask.findUnique({ where: { id }, select: { id: true } }));

export async function dialerRoutes(app: FastifyInstance, services: Services): Promise<void> {
  // ── tasks
  app.get<{ Querystring: { state?: string; name?: string; page: number; pageSize: number } }>('/call-tasks', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '任务查询 Call tasks, newest first, with their progress',
      querystring: { type: 'object', additionalProperties: false, properties: { state: { type: 'string', enum: [...TASK_STATES] }, name: { type: 'string', maxLength: 100 }, ...page } },
    },
  }, async (request) => {
    const db = dbOf(request);
    const q = request.query;
    const where: Prisma.CallTaskWhereInput = { ...(q.state ? { state: q.state } : {}), ...(q.name ? { name: { contains: q.name } } : {}) };
    const [rows, total] = await Promise.all([
      db.callTask.findMany({ where, orderBy: { id: 'desc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
      db.callTask.count({ where }),
    ]);
    const items = await Promise.all(rows.map(async (t) => ({ ...taskView(t), progress: await progress(db, t.id) })));
    return { items, total, page: q.page, pageSize: q.pageSize };
  });

  app.post<{ Body: TaskInput & { name: string; templateId: number; leads?: SubmitInput } }>('/call-tasks', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '新建任务 Create a call task (a draft) and optionally submit its leads',
      body: {
        type: 'object', additionalProperties: false, required: ['name', 'templateId'],
        properties: { ...taskFields, leads: { type: 'object', additionalProperties: false, properties: { leadIds: { type: 'array', maxItems: 10_000, items: { type: 'integer' } }, batchIds: { type: 'array', maxItems: 100, items: { type: 'integer' } }, filter: leadFilter } } },
      },
      response: { 201: { type: 'object', properties: { task: taskSchema, submitted: { type: 'object', additionalProperties: true } } } },
    },
  }, async (request, reply) => {
    const db = dbOf(request);
    const { leads, ...input } = request.body;
    const task = await createTask(db, principalOf(request).userId, input, services.clock());
    const submitted = leads ? await submitLeads(db, task.id, leads, services.clock()) : { added: 0, alreadyQueued: 0 };
    return reply.status(201).send({ task, submitted });
  });

  app.get<{ Params: { id: number } }>('/call-tasks/:id', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: 'A call task with its progress', params: idParams },
  }, async (request) => {
    const db = dbOf(request);
    const t = await db.callTask.findUnique({ where: { id: request.params.id } });
    if (!t) throw notFound('call task');
    return { task: taskView(t), progress: await progress(db, t.id) };
  });

  app.patch<{ Params: { id: number }; Body: TaskInput }>('/call-tasks/:id', {
    config: { roles: MANAGERS },
    preValidation: taskExists,
    schema: { tags: TAGS, summary: '修改 Edit a task (a running one picks it up within a second)', params: idParams, body: { type: 'object', additionalProperties: false, properties: taskFields } },
  }, async (request) => ({ task: await updateTask(dbOf(request), request.params.id, request.body) }));

  app.delete<{ Params: { id: number } }>('/call-tasks/:id', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '删除 Delete a task that never dialed', params: idParams },
  }, async (request, reply) => {
    await deleteTask(dbOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.post<{ Params: { id: number }; Body: SubmitInput }>('/call-tasks/:id/leads', {
    config: { roles: MANAGERS },
    preValidation: taskExists,
    schema: {
      tags: TAGS, summary: '加入呼叫 Submit leads by id, by batch, or by a saved lead filter', params: idParams,
      body: { type: 'object', additionalProperties: false, properties: { leadIds: { type: 'array', maxItems: 10_000, items: { type: 'integer' } }, batchIds: { type: 'array', maxItems: 100, items: { type: 'integer' } }, filter: leadFilter } },
    },
  }, async (request) => submitLeads(dbOf(request), request.params.id, request.body, services.clock()));

  for (const action of TASK_ACTIONS) {
    const summary: Record<TaskAction, string> = { start: '现在发送 Start (or schedule, when its start time is ahead)', pause: '暂停发送 Pause: no new dial within a second; calls in progress finish', resume: '恢复发送 Resume', stop: '手工结束 Stop for good: no new dial; calls in progress finish; undialed leads stay in the queue' };
    app.post<{ Params: { id: number } }>(`/call-tasks/:id/${action}`, {
      config: { roles: MANAGERS },
      schema: { tags: TAGS, summary: summary[action], params: idParams },
    }, async (request) => ({ task: await transition(dbOf(request), request.params.id, action, services.clock()) }));
  }

  app.get<{ Params: { id: number } }>('/call-tasks/:id/progress', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '进度 Submitted, dialed, connected, transferred, failed by outcome, per grade', params: idParams },
  }, async (request) => {
    const db = dbOf(request);
    if (!(await db.callTask.findUnique({ where: { id: request.params.id }, select: { id: true } }))) throw notFound('call task');
    return progress(db, request.params.id);
  });

  // ── 呼叫队列
  app.get<{ Querystring: { taskId?: number; state?: string; phone?: string; page: number; pageSize: number } }>('/call-queue', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '呼叫队列 Each lead\'s place in a task: state, attempts, next attempt, last outcome',
      querystring: { type: 'object', additionalProperties: false, properties: { taskId: { type: 'integer', minimum: 1 }, state: { type: 'string', enum: [...QUEUE_STATES] }, phone: { type: 'string', pattern: '^[0-9]{1,20}$' }, ...page } },
    },
  }, async (request) => {
    const db = dbOf(request);
    const q = request.query;
    let leadIds: number[] | undefined;
    if (q.phone) leadIds = (await db.lead.findMany({ where: { phone: { startsWith: q.phone } }, select: { id: true }, take: 1_000 })).map((l) => l.id);
    const where: Prisma.CallTaskLeadWhereInput = { ...(q.taskId ? { taskId: q.taskId } : {}), ...(q.state ? { state: q.state } : {}), ...(leadIds ? { leadId: { in: leadIds } } : {}) };
    const [rows, total] = await Promise.all([
      db.callTaskLead.findMany({ where, orderBy: { id: 'asc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
      db.callTaskLead.count({ where }),
    ]);
    const leads = new Map((await db.lead.findMany({ where: { id: { in: rows.map((r) => r.leadId) } }, select: { id: true, name: true, phone: true } })).map((l) => [l.id, l]));
    const tasks = new Map((await db.callTask.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.taskId))] } }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
    return {
      items: rows.map((r) => ({
        id: r.id, taskId: r.taskId, taskName: tasks.get(r.taskId) ?? null, leadId: r.leadId, name: leads.get(r.leadId)?.name ?? '', phone: leads.get(r.leadId)?.phone ?? '',
        state: r.state, attempts: r.attempts, nextAttemptAt: r.state === 'PENDING' || r.state === 'RETRY' ? r.nextAttemptAt?.toISOString() ?? null : null,
        lastOutcome: r.lastOutcome, grade: r.grade, skipReason: r.skipReason, lastAttemptId: r.lastAttemptId, updatedAt: r.updatedAt.toISOString(),
      })),
      total, page: q.page, pageSize: q.pageSize,
    };
  });

  // ── 等级短信模板
  const smsView = (t: { id: number; grade: string; name: string; text: string; approved: boolean; approvedAt: Date | null; enabled: boolean; enterpriseId: number; createdAt: Date }) => ({
    id: t.id, grade: t.grade, name: t.name, text: t.text, approved: t.approved, approvedAt: t.approvedAt?.toISOString() ?? null, enabled: t.enabled, enterpriseId: t.enterpriseId, createdAt: t.createdAt.toISOString(),
  });
  const smsBody = { grade: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E', 'F'] }, name: { type: 'string', maxLength: 50 }, text: { type: 'string', minLength: 1, maxLength: 500 }, enabled: { type: 'boolean' } } as const;
  app.get('/sms-templates', { config: { roles: MANAGERS }, schema: { tags: TAGS, summary: '等级短信模板 SMS templates by grade' } },
    async (request) => ({ items: (await dbOf(request).smsTemplate.findMany({ orderBy: [{ grade: 'asc' }, { id: 'asc' }] })).map(smsView) }));
  app.post<{ Body: { grade: string; name?: string; text: string; enabled?: boolean } }>('/sms-templates', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: 'Add an SMS template (unapproved until the platform approves it)', body: { type: 'object', additionalProperties: false, required: ['grade', 'text'], properties: smsBody } },
  }, async (request, reply) => {
    const b = request.body;
    const now = new Date(services.clock());
    const t = await dbOf(request).smsTemplate.create({ data: tenantOwned({ grade: b.grade, name: b.name ?? '', text: b.text, enabled: b.enabled ?? true, createdAt: now, updatedAt: now }) });
    return reply.status(201).send({ template: smsView(t) });
  });
  app.patch<{ Params: { id: number }; Body: { grade?: string; name?: string; text?: string; enabled?: boolean } }>('/sms-templates/:id', {
    config: { roles: ADMINS },
    preValidation: mustExist('SMS template', (db, id) => db.smsTemplate.findUnique({ where: { id }, select: { id: true } })),
    schema: { tags: TAGS, summary: 'Edit an SMS template (a changed text needs approval again)', params: idParams, body: { type: 'object', additionalProperties: false, properties: smsBody } },
  }, async (request) => {
    const db = dbOf(request);
    const t = await db.smsTemplate.findUnique({ where: { id: request.params.id } });
    if (!t) throw notFound('SMS template');
    const b = request.body;
    const reapprove = (b.text !== undefined && b.text !== t.text) || (b.grade !== undefined && b.grade !== t.grade);
    const u = await db.smsTemplate.update({ where: { id: t.id }, data: { ...b, ...(reapprove ? { approved: false, approvedAt: null, approvedById: null } : {}) } });
    return { template: smsView(u) };
  });
  app.delete<{ Params: { id: number } }>('/sms-templates/:id', { config: { roles: ADMINS }, schema: { tags: TAGS, summary: 'Delete an SMS template', params: idParams } }, async (request, reply) => {
    if ((await dbOf(request).smsTemplate.deleteMany({ where: { id: request.params.id } })).count === 0) throw notFound('SMS template');
    return reply.status(204).send();
  });
  app.get<{ Querystring: { approved?: boolean } }>('/platform/sms-templates', {
    config: { roles: PLATFORM },
    schema: { tags: ['platform'], summary: '短信备案 SMS templates of every enterprise, to approve', querystring: { type: 'object', additionalProperties: false, properties: { approved: { type: 'boolean' } } } },
  }, async (request) => ({ items: (await services.db.smsTemplate.findMany({ where: request.query.approved === undefined ? {} : { approved: request.query.approved }, orderBy: { id: 'asc' }, take: 5_000 })).map(smsView) }));
  app.patch<{ Params: { id: number }; Body: { approved: boolean } }>('/platform/sms-templates/:id', {
    config: { roles: PLATFORM },
    schema: { tags: ['platform'], summary: '审核短信 Approve an SMS template (or withdraw approval)', params: idParams, body: { type: 'object', additionalProperties: false, required: ['approved'], properties: { approved: { type: 'boolean' } } } },
  }, async (request) => {
    const { approved } = request.body;
    const n = await services.db.smsTemplate.updateMany({ where: { id: request.params.id }, data: { approved, approvedAt: approved ? new Date(services.clock()) : null, approvedById: approved ? principalOf(request).userId : null } });
    if (n.count === 0) throw notFound('SMS template');
    return { template: smsView(await services.db.smsTemplate.findUniqueOrThrow({ where: { id: request.params.id } })) };
  });

  // ── settings and deliveries
  app.get('/dialer/settings', { config: { roles: ADMINS }, schema: { tags: TAGS, summary: 'Opt-out blacklisting, callbacks, webhook and SMS provider', response: { 200: { type: 'object', properties: { settings: dialerSettingsView } } } } },
    async (request) => ({ settings: viewDialerSettings(await readDialerSettings(dbOf(request))) }));
  app.put<{ Body: DialerSettingsInput }>('/dialer/settings', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: 'Change dialer settings (a secret left out is kept; null clears it)', body: dialerSettingsBody, response: { 200: { type: 'object', properties: { settings: dialerSettingsView } } } },
  }, async (request) => {
    const db = dbOf(request);
    const group = request.body.callback?.agentGroupId;
    if (group != null && !(await db.agentGroup.findUnique({ where: { id: group }, select: { id: true } }))) throw new ApiError(400, 'AGENT_GROUP_UNKNOWN', 'no such agent group', [{ path: '/callback/agentGroupId', message: 'no such agent group' }]);
    return { settings: viewDialerSettings(await writeDialerSettings(db, services.secrets, principalOf(request).userId, request.body, services.clock())) };
  });
  app.get<{ Querystring: { status?: string; kind?: string; page: number; pageSize: number } }>('/deliveries', {
    config: { roles: ADMINS },
    schema: {
      tags: TAGS, summary: 'SMS and webhook deliveries; status=DEAD is the dead-letter list',
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['PENDING', 'SENT', 'DEAD'] }, kind: { type: 'string', enum: ['sms', 'webhook'] }, ...page } },
    },
  }, async (request) => {
    const q = request.query;
    const where = { ...(q.status ? { status: q.status } : {}), ...(q.kind ? { kind: q.kind } : {}) };
    const db = dbOf(request);
    const [rows, total] = await Promise.all([db.delivery.findMany({ where, orderBy: { id: 'desc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }), db.delivery.count({ where })]);
    return {
      items: rows.map((d) => ({ id: d.id, kind: d.kind, status: d.status, target: d.target, attemptId: d.attemptId, taskId: d.taskId, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt.toISOString(), lastError: d.lastError, createdAt: d.createdAt.toISOString(), sentAt: d.sentAt?.toISOString() ?? null })),
      total, page: q.page, pageSize: q.pageSize,
    };
  });
  app.post<{ Body: { ids?: number[] } }>('/deliveries/replay', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: 'Replay dead letters (the ids given, or all of them)', body: { type: 'object', additionalProperties: false, properties: { ids: { type: 'array', maxItems: 1000, items: { type: 'integer' } } } } },
  }, async (request) => ({ replayed: await replayDeliveries(dbOf(request), request.body.ids ?? 'all-dead', services.clock()) }));
}

