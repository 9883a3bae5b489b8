/**
 * Call tasks (呼叫任务) as the API and the demo make them: create and edit a draft, submit leads
 * (by ids, batches or a saved lead filter) into the task's queue, move between states, and
 * read progress. Every function takes a client scoped to the caller's enterprise.
 *
 * States: DRAFT → (start) RUNNING, or SCHEDULED when its start time is ahead; RUNNING ⇄ PAUSED
 * (pause / resume); RUNNING | PAUSED | SCHEDULED → STOPPED (手工结束, final); the dialer moves
 * RUNNING → COMPLETED when no lead is left or the end date passed. Progress is counted from the
 * queue rows and attempts, not kept as counters, so a crash can never leave it wrong.
 */
import type { CallTask, Db, Prisma } from '@waihu/db';
import { ApiError, conflict, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { whereOf } from '../leads/store.js';
import type { LeadFilter } from '../leads/store.js';
import { VISIBLE } from '../leads/visible.js';
import { DEFAULT_TASK_SETTINGS, hoursProblems, mergeTaskSettings, readTaskSettings } from './core/index.js';
import type { TaskSettings, TaskSettingsInput } from './core/index.js';

export const TASK_STATES = ['DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'STOPPED', 'COMPLETED'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_ACTIONS = ['start', 'pause', 'resume', 'stop'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface TaskInput {
  readonly name?: string;
  readonly templateId?: number;
  /** A version number of the template; default: its current version. */
  readonly templateVersion?: number;
  readonly trunkId?: number | null;
  readonly agentGroupId?: number | null;
  readonly startAt?: string | null;
  readonly endAt?: string | null;
  readonly lines?: number;
  readonly maxCallsPerSecond?: number;
  readonly dialRatioPercent?: number;
  readonly settings?: TaskSettingsInput;
}

export interface TaskView {
  readonly id: number;
  readonly name: string;
  readonly templateId: number;
  readonly templateVersionId: number;
  readonly trunkId: number | null;
  readonly agentGroupId: number | null;
  readonly state: string;
  readonly stateReason: string | null;
  readonly startAt: string | null;
  readonly endAt: string | null;
  readonly lines: number;
  readonly maxCallsPerSecond: number;
  readonly dialRatioPercent: number;
  readonly settings: TaskSettings;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly createdAt: string;
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export function taskView(t: CallTask): TaskView {
  return {
    id: t.id, name: t.name, templateId: t.templateId, templateVersionId: t.templateVersionId, trunkId: t.trunkId, agentGroupId: t.agentGroupId,
    state: t.state, stateReason: t.stateReason, startAt: iso(t.startAt), endAt: iso(t.endAt), lines: t.lines, maxCallsPerSecond: t.maxCallsPerSecond,
    dialRatioPercent: t.dialRatioPercent, settings: readTaskSettings(t.settings), startedAt: iso(t.startedAt), finishedAt: iso(t.finishedAt), createdAt: t.createdAt.toISOString(),
  };
}

const bad = (path: string, message: string, code = 'VALIDATION'): ApiError => new ApiError(400, code, `${path}: ${message}`, [{ path, message }]);

/** References must exist in the caller's enterprise (the scoped client sees nothing else). */
async function checkRefs(db: Db, input: TaskInput, settings: TaskSettings): Promise<{ templateVersionId?: number }> {
  const out: { templateVersionId?: number } = {};
  if (input.templateId !== undefined) {
    const t = await db.template.findUnique({ where: { id: input.templateId }, select: { id: true, currentVersion: true, archivedAt: true } });
    if (!t || t.archivedAt) throw bad('/templateId', 'no such script', 'TEMPLATE_UNKNOWN');
    const v = await db.templateVersion.findFirst({ where: { templateId: t.id, number: input.templateVersion ?? t.currentVersion }, select: { id: true } });
    if (!v) throw bad('/templateVersion', 'no such version of the script', 'TEMPLATE_VERSION_UNKNOWN');
    out.templateVersionId = v.id;
  }
  if (input.trunkId != null && !(await db.trunk.findUnique({ where: { id: input.trunkId }, select: { id: true } }))) throw bad('/trunkId', 'no such trunk', 'TRUNK_UNKNOWN');
  if (input.agentGroupId != null && !(await db.agentGroup.findUnique({ where: { id: input.agentGroupId }, select: { id: true } }))) throw bad('/agentGroupId', 'no such agent group', 'AGENT_GROUP_UNKNOWN');
  if (settings.callerIds.ids.length > 0) {
    const found = await db.callerId.findMany({ where: { id: { in: [...settings.callerIds.ids] } }, select: { id: true, approved: true } });
    settings.callerIds.ids.forEach((id, i) => {
      const c = found.find((f) => f.id === id);
      if (!c) throw bad(`/settings/callerIds/ids/${i}`, 'no such caller number', 'CALLER_ID_UNKNOWN');
      if (!c.approved) throw bad(`/settings/callerIds/ids/${i}`, 'this caller number is not approved by the platform yet', 'CALLER_ID_UNAPPROVED');
    });
  }
  const problems = hoursProblems(settings.hours, '/settings/hours');
  if (problems.length > 0) throw new ApiError(400, 'VALIDATION', `calling hours: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  if (input.startAt && input.endAt && Date.parse(input.startAt) >= Date.parse(input.endAt)) throw bad('/endAt', 'must be after startAt');
  return out;
}

const date = (s: string | null | undefined): Date | null | undefined => (s === undefined ? undefined : s === null ? null : new Date(s));

export async function createTask(db: Db, userId: number, input: TaskInput & { name: string; templateId: number }, nowMs: number): Promise<TaskView> {
  const settings = mergeTaskSettings(DEFAULT_TASK_SETTINGS, input.settings ?? {});
  const refs = await checkRefs(db, input, settings);
  const t = await db.callTask.create({
    data: tenantOwned({
      name: input.name, templateId: input.templateId, templateVersionId: refs.templateVersionId!, trunkId: input.trunkId ?? null, agentGroupId: input.agentGroupId ?? null,
      startAt: date(input.startAt) ?? null, endAt: date(input.endAt) ?? null, lines: input.lines ?? 1, maxCallsPerSecond: input.maxCallsPerSecond ?? 1,
      dialRatioPercent: input.dialRatioPercent ?? 100, settings: JSON.stringify(settings), state: 'DRAFT', createdById: userId, createdAt: new Date(nowMs),
    }),
  });
  return taskView(t);
}

/** Edits any task that is not finished; a running task picks up the change at the dialer's next tick. */
export async function updateTask(db: Db, id: number, input: TaskInput): Promise<TaskView> {
  const t = await db.callTask.findUnique({ where: { id } });
  if (!t) throw notFound('call task');
  if (t.state === 'STOPPED' || t.state === 'COMPLETED') throw conflict('TASK_FINISHED', 'a stopped or completed task cannot be changed');
  if (input.templateId !== undefined && t.state !== 'DRAFT') throw conflict('TASK_STARTED', 'the script of a started task cannot change');
  const settings = mergeTaskSettings(readTaskSettings(t.settings), input.settings ?? {});
  const refs = await checkRefs(db, input, settings);
  const u = await db.callTask.update({
    where: { id },
    data: {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.templateId === undefined ? {} : { templateId: input.templateId, templateVersionId: refs.templateVersionId! }),
      ...(input.trunkId === undefined ? {} : { trunkId: input.trunkId }),
      ...(input.agentGroupId === undefined ? {} : { agentGroupId: input.agentGroupId }),
      ...(input.startAt === undefined ? {} : { startAt: date(input.startAt) ?? null }),
      ...(input.endAt === undefined ? {} : { endAt: date(input.endAt) ?? null }),
      ...(input.lines === undefined ? {} : { lines: input.lines }),
      ...(input.maxCallsPerSecond === undefined ? {} : { maxCallsPerSecond: input.maxCallsPerSecond }),
      ...(input.dialRatioPercent === undefined ? {} : { dialRatioPercent: input.dialRatioPercent }),
      settings: JSON.stringify(settings),
    },
  });
  return taskView(u);
}

export async function deleteTask(db: Db, id: number): Promise<void> {
  const t = await db.callTask.findUnique({ where: { id }, select: { state: true } });
  if (!t) throw notFound('call task');
  if (t.state === 'RUNNING' || t.state === 'PAUSED' || t.state === 'SCHEDULED') throw conflict('TASK_ACTIVE', 'stop the task before deleting it');
  if (await db.callAttempt.count({ where: { taskId: id } }) > 0) throw conflict('TASK_HAS_CALLS', 'a task that dialed keeps its records; it cannot be deleted');
  await db.callTask.deleteMany({ where: { id } });
}

export interface SubmitInput {
  readonly leadIds?: readonly number[];
  readonly batchIds?: readonly number[];
  /** A saved lead filter (the lead list's search). */
  readonly filter?: LeadFilter;
}

/** Adds leads to the task's queue (加入呼叫); leads already in it are left as they are. */
export async function submitLeads(db: Db, taskId: number, input: SubmitInput, nowMs: number): Promise<{ added: number; alreadyQueued: number }> {
  const t = await db.callTask.findUnique({ where: { id: taskId }, select: { state: true } });
  if (!t) throw notFound('call task');
  if (t.state === 'STOPPED' || t.state === 'COMPLETED') throw conflict('TASK_FINISHED', 'leads cannot be added to a stopped or completed task');
  // Ids go in chunks of 500 (the databases' parameter limits); batches and the filter as one OR.
  const sources: Prisma.LeadWhereInput[] = [];
  const ids = input.leadIds ?? [];
  for (let i = 0; i < ids.length; i += 500) sources.push({ id: { in: ids.slice(i, i + 500) } });
  const wheres: Prisma.LeadWhereInput[] = [];
  if (input.batchIds?.length) wheres.push({ batchId: { in: [...input.batchIds] } });
  if (input.filter) {
    const w = await whereOf(db, input.filter);
    if (w) wheres.push(w);
  }
  if (wheres.length > 0) sources.push({ OR: wheres });
  let added = 0;
  let already = 0;
  const now = new Date(nowMs);
  for (const source of sources) {
    let cursor = 0;
    // Pages of 500 leads: a 100,000-lead batch never sits in memory at once.
    for (;;) {
      // Leads of an import still being written are not leads yet, however they are named.
      const page = await db.lead.findMany({ where: { AND: [source, VISIBLE, { id: { gt: cursor } }] }, orderBy: { id: 'asc' }, take: 500, select: { id: true } });
      if (page.length === 0) break;
      cursor = page[page.length - 1]!.id;
      const pageIds = page.map((l) => l.id);
      const have = new Set((await db.callTaskLead.findMany({ where: { taskId, leadId: { in: pageIds } }, select: { leadId: true } })).map((r) => r.leadId));
      const fresh = pageIds.filter((id) => !have.has(id));
      already += pageIds.length - fresh.length;
      for (let i = 0; i < fresh.length; i += 200) {
        const r = await db.callTaskLead.createMany({ data: fresh.slice(i, i + 200).map((leadId) => tenantOwned({ taskId, leadId, state: 'PENDING', nextAttemptAt: now, createdAt: now })) });
        added += r.count;
      }
    }
  }
  return { added, alreadyQueued: already };
}

/** start / pause / resume / stop, refused with 409 from a state where it makes no sense. */
export async function transition(db: Db, id: number, action: TaskAction, nowMs: number): Promise<TaskView> {
  const t = await db.callTask.findUnique({ where: { id } });
  if (!t) throw notFound('call task');
  const now = new Date(nowMs);
  const from: Record<TaskAction, readonly string[]> = {
    start: ['DRAFT'], pause: ['RUNNING', 'SCHEDULED'], resume: ['PAUSED'], stop: ['DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED'],
  };
  if (!from[action].includes(t.state)) throw conflict('TASK_STATE', `cannot ${action} a task that is ${t.state}`, { state: t.state });
  let data: Prisma.CallTaskUpdateManyMutationInput;
  if (action === 'start' || action === 'resume') {
    if (action === 'start' && (await db.callTaskLead.count({ where: { taskId: id } })) === 0) throw conflict('TASK_EMPTY', 'add leads before starting the task');
    const later = t.startAt !== null && t.startAt.getTime() > nowMs;
    data = { state: later ? 'SCHEDULED' : 'RUNNING', stateReason: `${action}ed-by-user`, stateChangedAt: now, ...(later || t.startedAt ? {} : { startedAt: now }) };
  } else if (action === 'pause') data = { state: 'PAUSED', stateReason: 'paused-by-user', stateChangedAt: now };
  else data = { state: 'STOPPED', stateReason: 'stopped-by-user', stateChangedAt: now, finishedAt: now };
  // Conditional on the state read: two clicks at once cannot both apply.
  const n = await db.callTask.updateMany({ where: { id, state: t.state }, data });
  if (n.count === 0) throw conflict('TASK_STATE_CHANGED', 'the task changed state meanwhile; reload', undefined);
  return taskView(await db.callTask.findUniqueOrThrow({ where: { id } }));
}

export interface Progress {
  /** 提交数: leads in the task. */
  readonly submitted: number;
  /** Queue rows by state. */
  readonly byState: Readonly<Record<string, number>>;
  /** Dials made (attempts), and how many leads were dialed at least once. */
  readonly dialed: number;
  readonly leadsDialed: number;
  /** 接通 (answered attempts). */
  readonly connected: number;
  /** 转接数. */
  readonly transferred: number;
  /** Leads that ended without a conversation, by their last outcome. */
  readonly failedByOutcome: Readonly<Record<string, number>>;
  /** Attempts by outcome. */
  readonly attemptsByOutcome: Readonly<Record<string, number>>;
  /** Leads by their grade in this task (A–F). */
  readonly byGrade: Readonly<Record<string, number>>;
  readonly skippedByReason: Readonly<Record<string, number>>;
}

export async function progress(db: Db, taskId: number): Promise<Progress> {
  const [states, grades, failed, skipped, outcomes, transferred, leadsDialed] = await Promise.all([
    db.callTaskLead.groupBy({ by: ['state'], where: { taskId }, _count: { _all: true } }),
    db.callTaskLead.groupBy({ by: ['grade'], where: { taskId, grade: { not: null }, state: { in: ['DONE', 'FAILED'] } }, _count: { _all: true } }),
    db.callTaskLead.groupBy({ by: ['lastOutcome'], where: { taskId, state: 'FAILED' }, _count: { _all: true } }),
    db.callTaskLead.groupBy({ by: ['skipReason'], where: { taskId, state: 'SKIPPED' }, _count: { _all: true } }),
    db.callAttempt.groupBy({ by: ['outcome'], where: { taskId }, _count: { _all: true } }),
    db.callAttempt.count({ where: { taskId, transferAt: { not: null } } }),
    db.callTaskLead.count({ where: { taskId, attempts: { gt: 0 } } }),
  ]);
  const tally = <K extends string>(rows: readonly ({ _count: { _all: number } } & Record<K, string | null>)[], key: K): Record<string, number> =>
    Object.fromEntries(rows.map((r) => [r[key] ?? 'null', r._count._all]));
  const attemptsByOutcome = tally(outcomes, 'outcome');
  return {
    submitted: states.reduce((s, r) => s + r._count._all, 0), byState: tally(states, 'state'),
    dialed: outcomes.reduce((s, r) => s + r._count._all, 0), leadsDialed, connected: attemptsByOutcome['ANSWERED'] ?? 0, transferred,
    failedByOutcome: tally(failed, 'lastOutcome'), attemptsByOutcome, byGrade: tally(grades, 'grade'), skippedByReason: tally(skipped, 'skipReason'),
  };
}
