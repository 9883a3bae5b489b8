/**
 * Keeping a finished robot call (the session's {@link CallRecord}) in one piece: the recording
 * is moved into the enterprise's recording store first, then one transaction writes the
 * CallAttempt, its Turns, the Recording row, the 未匹配 counts and the Lead's grade and status.
 * A failed transaction removes the stored recording again and leaves the WAV where the session
 * put it, so the caller can retry the whole save; a failed store write writes no rows.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Db } from '@waihu/db';
import type { CallRecord, CallStore, TurnRecord } from '@waihu/dialogs';
import { scopedDb, tenantOwned } from '../tenancy.js';
import type { RecordingStorage } from './recordings.js';
import { recordingKey } from './recordings.js';

/** What the dialer (or the `call` command) knows about a call that the call itself does not. */
export interface CallContext {
  readonly enterpriseId: number;
  /** The script version the robot ran. */
  readonly templateVersionId: number | null;
  readonly trunkId?: number | null;
  readonly taskId?: number | null;
  readonly leadId?: number | null;
  readonly customerId?: number | null;
  /** The agent who took the transfer. */
  readonly agentId?: number | null;
  /** 1 for the first dial of the lead in the task, 2 for the first retry… */
  readonly attemptNo?: number;
}

export interface CallRecordsDeps {
  /** The unscoped client; every write goes through a client confined to the call's enterprise. */
  readonly db: Db;
  readonly recordings: RecordingStorage;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** A board id (`String(User.id)`, `String(AgentGroup.id)`) as the row's integer, or null. */
const idOf = (s: string | null | undefined): number | null => (s != null && /^[1-9][0-9]{0,9}$/.test(s) ? Number(s) : null);

/** The agent leg's columns (a warm transfer's outcome, when the record has one). */
function agentLeg(record: CallRecord): Record<string, unknown> {
  const t = record.transfer;
  if (!t) return {};
  return {
    transferGroupId: idOf(t.group), transferOutcome: t.outcome, transferTried: JSON.stringify(t.tried.map((a) => idOf(a) ?? a)),
    agentRingAt: date(t.ringAt), agentAnswerAt: date(t.answerAt), agentEndAt: date(t.endAt), agentTalkMs: Math.round(t.talkMs),
  };
}

function turnRow(attemptId: number, t: TurnRecord): Record<string, unknown> {
  return tenantOwned({
    attemptId, seq: t.seq, who: t.who, text: t.text, correctedText: t.correctedText,
    matched: t.matched === null ? null : JSON.stringify(t.matched), flow: t.flow,
    startMs: Math.round(t.startMs), endMs: Math.round(t.endMs),
    latencyMs: t.latency === null ? null : Math.round(t.latency.totalMs),
    latency: t.latency === null ? null : JSON.stringify(t.latency),
    bargedIn: t.bargedIn, source: t.source ?? null,
  });
}

/** Lead.status after a call: CALLED when someone answered, FAILED otherwise; a lead moved to the CRM stays MOVED. */
function leadStatus(current: string, record: CallRecord): string {
  if (current === 'MOVED') return current;
  return record.outcome === 'ANSWERED' ? 'CALLED' : 'FAILED';
}

export class CallRecords {
  constructor(private readonly deps: CallRecordsDeps) {}

  /** A {@link CallStore} for one call: the session saves its record through it. */
  store(context: CallContext): CallStore {
    return { save: (record) => this.save(context, record) };
  }

  async save(context: CallContext, record: CallRecord): Promise<{ attemptId: number }> {
    const db = scopedDb(this.deps.db, context.enterpriseId);
    const endAt = new Date(record.endAt);

    // The recording first: if the store is down the call is not half-kept, and the caller retries.
    let stored: { locator: string; key: string; sizeBytes: number; durationMs: number; remove: () => Promise<void> } | null = null;
    if (record.recording) {
      const target = await this.deps.recordings.target(context.enterpriseId);
      const key = recordingKey(context.enterpriseId, endAt);
      const { sizeBytes } = await target.store.put(key, createReadStream(record.recording.path));
      stored = { locator: target.locate(key), key, sizeBytes, durationMs: Math.round(record.recording.durationMs), remove: () => target.store.delete(key) };
    }

    let attemptId: number;
    try {
      attemptId = await db.$transaction(async (tx) => {
        const c = record.counters;
        const attempt = await tx.callAttempt.create({
          data: tenantOwned({
            taskId: context.taskId ?? null, leadId: context.leadId ?? null, customerId: context.customerId ?? null,
            templateVersionId: context.templateVersionId, trunkId: context.trunkId ?? null, agentId: context.agentId ?? idOf(record.transfer?.agentId) ?? null,
            ...agentLeg(record),
            kind: 'ROBOT', attemptNo: context.attemptNo ?? 1,
            calleeNumber: record.calleeNumber, callerNumber: record.callerNumber, sipCallId: record.sipCallId,
            dialAt: new Date(record.dialAt), ringAt: date(record.ringAt), answerAt: date(record.answerAt), transferAt: date(record.transferAt), endAt,
            talkMs: Math.round(record.talkMs), outcome: record.outcome, outcomeSource: record.outcomeSource,
            sipStatus: record.sipStatus, cause: record.cause, hangupBy: record.hangupBy, endReason: record.endReason,
            grade: record.grade, gradeReasons: JSON.stringify(record.gradeReasons), tags: JSON.stringify(record.tags),
            affirmatives: c?.affirmative ?? 0, questions: c?.questions ?? 0, interactions: c?.interactions ?? 0, refusals: c?.refusals ?? 0,
            events: JSON.stringify(record.events), earlyMediaText: record.earlyMediaText, callbackRequested: record.callbackRequested,
            createdAt: endAt,
          }),
        });
        if (record.turns.length > 0) {
          await tx.turn.createMany({ data: record.turns.map((t) => turnRow(attempt.id, t)) as never });
        }
        if (stored) {
          await tx.recording.create({ data: tenantOwned({ attemptId: attempt.id, storageKey: stored.locator, durationMs: stored.durationMs, sizeBytes: stored.sizeBytes, format: 'wav', createdAt: endAt }) });
        }
        await this.countUnmatched(tx as unknown as Db, context, record, attempt.id, endAt);
        if (context.leadId != null) {
          const lead = await tx.lead.findUnique({ where: { id: context.leadId }, select: { status: true } });
          if (lead) {
            await tx.lead.update({
              where: { id: context.leadId },
              data: {
                status: leadStatus(lead.status, record), callCount: { increment: 1 }, lastCalledAt: new Date(record.dialAt),
                ...(record.grade === null ? {} : { grade: record.grade }),
              },
            });
          }
        }
        return attempt.id;
      }, { timeout: 20_000 });
    } catch (e) {
      if (stored) await stored.remove().catch(() => undefined);
      throw e;
    }
    // Moved: the session's temporary WAV is no longer needed.
    if (record.recording) await rm(record.recording.path, { force: true }).catch(() => undefined);
    return { attemptId };
  }

  /** 未匹配管理: one row per (script, flow, text), counted across calls. */
  private async countUnmatched(tx: Db, context: CallContext, record: CallRecord, attemptId: number, at: Date): Promise<void> {
    if (record.unmatched.length === 0 || context.templateVersionId === null) return;
    const version = await tx.templateVersion.findUnique({ where: { id: context.templateVersionId }, select: { templateId: true } });
    if (!version) return;
    const counts = new Map<string, { flow: string; text: string; n: number }>();
    for (const u of record.unmatched) {
      const text = u.text.trim();
      if (!text) continue;
      const k = JSON.stringify([u.flow, text]);
      const entry = counts.get(k);
      if (entry) entry.n += 1;
      else counts.set(k, { flow: u.flow, text, n: 1 });
    }
    for (const { flow, text, n } of counts.values()) {
      await tx.unmatchedUtterance.upsert({
        where: { templateId_flow_text: { templateId: version.templateId, flow, text } },
        create: tenantOwned({ templateId: version.templateId, flow, text, count: n, firstSeenAt: at, lastSeenAt: at, lastAttemptId: attemptId }),
        update: { count: { increment: n }, lastSeenAt: at, lastAttemptId: attemptId },
      });
    }
  }
}
