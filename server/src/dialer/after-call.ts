/**
 * After the call, in one transaction keyed on the row still being DIALING (so a call finished
 * by its worker and by a reclaimer is finished once): the row's next state by the retry rules
 * (E becomes F once retries are exhausted), a spoken opt-out onto the blacklist when the
 * enterprise enables it, the grade's SMS and the webhook push into the outbox, a warm lead
 * assigned to an agent for a callback, and the number's active-dial guard released.
 * Everything is read back from the stored CallAttempt, so recovery after a crash takes the
 * same path as a call finished normally.
 */
import type { Db } from '@waihu/db';
import { afterCall, findOptOut, readTaskSettings } from './core/index.js';
import type { AfterCall, GradeLetter, Outcome, TaskSettings } from './core/index.js';
import { readDialerSettings } from './enterprise-settings.js';
import type { DialerSettings } from './enterprise-settings.js';
import { readSettings } from '../crm/settings.js';

export interface FinishRow {
  readonly id: number;
  readonly taskId: number;
  readonly enterpriseId: number;
  readonly leadId: number;
}

/** Settings the caller already holds (the scheduler caches them for a few seconds); read from the database when absent. */
export interface KnownSettings {
  readonly task?: { readonly settings: TaskSettings; readonly agentGroupId: number | null };
  readonly dialer?: DialerSettings;
  readonly smsEnabled?: boolean;
  /**
   * The worker that placed the call. Its row may have been put back in the queue meanwhile (its
   * lease ran out while the worker was stalled, not dead): still waiting and not yet dialed
   * again, it is finished from this call rather than dialed a second time. Without it (a
   * reclaimer finishing a dead worker's call) only a row still being dialed is finished.
   */
  readonly owner?: string;
}

/** What the finished call means, for logs and tests. */
export interface Finished {
  readonly attemptId: number;
  readonly decision: AfterCall;
  readonly optOut: string | null;
}

/** The webhook's body: one finished call. */
export interface CallPush {
  readonly event: 'call.finished';
  readonly enterpriseId: number;
  readonly taskId: number;
  readonly leadId: number;
  readonly attemptId: number;
  readonly attemptNo: number;
  readonly phone: string;
  readonly callerNumber: string;
  readonly outcome: string;
  readonly grade: string;
  readonly gradeReasons: readonly string[];
  readonly queueState: string;
  readonly dialAt: string;
  readonly answerAt: string | null;
  readonly endAt: string | null;
  readonly talkMs: number;
  readonly tags: readonly string[];
  readonly transcript: readonly { readonly who: string; readonly text: string; readonly startMs: number }[];
}

const parseList = (json: string | null): string[] => {
  try {
    const v: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/**
 * Finishes a row from its stored attempt; null when the row was already finished (by this
 * worker's other path, or by another worker that reclaimed it). `scoped`: a client confined to
 * the row's enterprise.
 */
export async function finishFromAttempt(scoped: Db, row: FinishRow, attemptId: number, nowMs: number, known?: KnownSettings): Promise<Finished | null> {
  const attempt = await scoped.callAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const turns = attempt.outcome === 'ANSWERED' ? await scoped.turn.findMany({ where: { attemptId }, orderBy: { seq: 'asc' }, select: { who: true, text: true, startMs: true } }) : [];
  let task: { readonly settings: TaskSettings; readonly agentGroupId: number | null };
  if (known?.task) task = known.task;
  else {
    const t = await scoped.callTask.findUniqueOrThrow({ where: { id: row.taskId }, select: { settings: true, agentGroupId: true } });
    task = { settings: readTaskSettings(t.settings), agentGroupId: t.agentGroupId };
  }
  const settings = task.settings;
  const dialer = known?.dialer ?? await readDialerSettings(scoped);
  const sms = known?.smsEnabled === undefined ? (await readSettings(scoped)).settings.sms : { enabled: known.smsEnabled };
  const decision = afterCall({
    outcome: (attempt.outcome ?? 'NETWORK_ERROR') as Outcome, grade: attempt.grade as GradeLetter | null,
    attempts: attempt.attemptNo, endedAt: attempt.endAt?.getTime() ?? nowMs, retries: settings.retries,
  });
  const optOut = attempt.outcome === 'ANSWERED' ? findOptOut(turns.filter((t) => t.who === 'CALLEE').map((t) => t.text)) : null;
  const final = decision.state !== 'RETRY';
  const now = new Date(nowMs);

  const done = await scoped.$transaction(async (tx) => {
    const n = await tx.callTaskLead.updateMany({
      where: known?.owner === undefined
        ? { id: row.id, state: 'DIALING' }
        : { id: row.id, OR: [{ state: 'DIALING', claimedBy: known.owner }, { state: { in: ['PENDING', 'RETRY'] }, attempts: attempt.attemptNo - 1 }] },
      data: {
        state: decision.state, attempts: attempt.attemptNo, nextAttemptAt: decision.nextAttemptAt === null ? null : new Date(decision.nextAttemptAt),
        lastAttemptId: attempt.id, lastOutcome: attempt.outcome, grade: decision.grade, claimedBy: null, claimedUntil: null,
      },
    });
    if (n.count === 0) return false;
    if (decision.grade === 'F') {
      await tx.callAttempt.update({ where: { id: attempt.id }, data: { grade: 'F', gradeReasons: JSON.stringify([`F 多次未接通：共拨打${attempt.attemptNo}次均未接通，重呼次数已用完`]) } });
      await tx.lead.update({ where: { id: row.leadId }, data: { grade: 'F' } });
    }
    if (optOut && dialer.optOutBlacklist) {
      await tx.blacklist.upsert({
        where: { enterpriseId_phone: { enterpriseId: row.enterpriseId, phone: attempt.calleeNumber } },
        create: { enterpriseId: row.enterpriseId, phone: attempt.calleeNumber, reason: `客户要求不再拨打（通话中说“${optOut}”，呼叫记录 ${attempt.id}）`, createdAt: now },
        update: {},
      });
    }
    const dedupeKey = `attempt:${attempt.id}`;
    if (final && sms.enabled) {
      const template = await tx.smsTemplate.findFirst({ where: { grade: decision.grade, approved: true, enabled: true }, orderBy: { id: 'asc' } });
      if (template) {
        await tx.delivery.upsert({
          where: { enterpriseId_kind_dedupeKey: { enterpriseId: row.enterpriseId, kind: 'sms', dedupeKey } },
          create: {
            enterpriseId: row.enterpriseId, kind: 'sms', dedupeKey, attemptId: attempt.id, taskId: row.taskId, target: attempt.calleeNumber,
            payload: JSON.stringify({ phone: attempt.calleeNumber, text: template.text, templateId: template.id, grade: decision.grade, attemptId: attempt.id }),
            nextAttemptAt: now, createdAt: now,
          },
          update: {},
        });
      }
    }
    if (dialer.webhook.enabled && dialer.webhook.url) {
      const push: CallPush = {
        event: 'call.finished', enterpriseId: row.enterpriseId, taskId: row.taskId, leadId: row.leadId, attemptId: attempt.id, attemptNo: attempt.attemptNo,
        phone: attempt.calleeNumber, callerNumber: attempt.callerNumber, outcome: attempt.outcome ?? 'NETWORK_ERROR', grade: decision.grade,
        gradeReasons: decision.grade === 'F' ? ['F 多次未接通'] : parseList(attempt.gradeReasons), queueState: decision.state,
        dialAt: attempt.dialAt.toISOString(), answerAt: attempt.answerAt?.toISOString() ?? null, endAt: attempt.endAt?.toISOString() ?? null,
        talkMs: attempt.talkMs, tags: parseList(attempt.tags), transcript: turns,
      };
      await tx.delivery.upsert({
        where: { enterpriseId_kind_dedupeKey: { enterpriseId: row.enterpriseId, kind: 'webhook', dedupeKey } },
        create: { enterpriseId: row.enterpriseId, kind: 'webhook', dedupeKey, attemptId: attempt.id, taskId: row.taskId, target: dialer.webhook.url, payload: JSON.stringify(push), nextAttemptAt: now, createdAt: now },
        update: {},
      });
    }
    if (final && dialer.callback.enabled && dialer.callback.grades.includes(decision.grade)) {
      await assignForCallback(tx as unknown as Db, row, dialer.callback.agentGroupId ?? task.agentGroupId, now);
    }
    await tx.activeDial.deleteMany({ where: { enterpriseId: row.enterpriseId, phone: attempt.calleeNumber, taskLeadId: row.id } });
    return true;
  }, { timeout: 20_000 });
  return done ? { attemptId: attempt.id, decision, optOut } : null;
}

/** The group's member with the fewest leads to call back gets this one (unless someone already owns it). */
async function assignForCallback(tx: Db, row: FinishRow, groupId: number | null, now: Date): Promise<void> {
  if (groupId === null) return;
  const lead = await tx.lead.findUnique({ where: { id: row.leadId }, select: { ownerId: true } });
  if (!lead || lead.ownerId !== null) return;
  const members = await tx.agentGroupMember.findMany({ where: { groupId }, orderBy: { position: 'asc' }, select: { userId: true } });
  if (members.length === 0) return;
  const load = await tx.lead.groupBy({ by: ['ownerId'], where: { ownerId: { in: members.map((m) => m.userId) } }, _count: { _all: true } });
  const count = new Map(load.map((l) => [l.ownerId, l._count._all]));
  const agent = members.reduce((best, m) => ((count.get(m.userId) ?? 0) < (count.get(best.userId) ?? 0) ? m : best));
  await tx.lead.update({ where: { id: row.leadId }, data: { ownerId: agent.userId } });
  await tx.assignment.create({ data: { enterpriseId: row.enterpriseId, leadId: row.leadId, toUserId: agent.userId, reason: '意向客户回访（外呼任务自动分配）', at: now } });
}
