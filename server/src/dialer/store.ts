/**
 * The queue's state in the database, which is its source of truth (the JobQueue only
 * distributes row ids). A row is claimed by flipping it to DIALING with a lease (claimedBy,
 * claimedUntil) in one conditional update, so two workers never both win it; a number is guarded
 * by an ActiveDial row keyed by (enterprise, phone), so it is never dialed twice at once — taken
 * together with a line of the shared budget (budget.ts); a lease that expired (its worker died)
 * is reclaimed.
 */
import type { Db } from '@waihu/db';
import type { DialLead } from './types.js';

/** A claimed queue row with its lead. */
export interface ClaimedRow {
  readonly id: number;
  readonly taskId: number;
  readonly enterpriseId: number;
  readonly leadId: number;
  /** Dials so far (this one not counted). */
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lead: DialLead;
}

/** Where an unclaimed row goes back to: PENDING if never dialed, RETRY otherwise. */
export const waitingState = (attempts: number): 'PENDING' | 'RETRY' => (attempts === 0 ? 'PENDING' : 'RETRY');

const parseFields = (json: string): Record<string, unknown> => {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export class DialStore {
  constructor(readonly db: Db, readonly workerId: string, readonly leaseMs: number) {}

  /** Rows of a task due now, oldest first: what the queue hands out. */
  async due(taskId: number, max: number, nowMs: number): Promise<{ id: number; attempts: number }[]> {
    if (max <= 0) return [];
    return this.db.callTaskLead.findMany({
      where: { taskId, state: { in: ['PENDING', 'RETRY'] }, nextAttemptAt: { lte: new Date(nowMs) } },
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }], take: max, select: { id: true, attempts: true },
    });
  }

  /** The earliest time a waiting row of the task becomes due, or null when none waits. */
  async nextDue(taskId: number): Promise<number | null> {
    const r = await this.db.callTaskLead.findFirst({
      where: { taskId, state: { in: ['PENDING', 'RETRY'] } }, orderBy: { nextAttemptAt: 'asc' }, select: { nextAttemptAt: true },
    });
    return r?.nextAttemptAt?.getTime() ?? (r ? 0 : null);
  }

  /** Rows waiting or being dialed, counted in one statement (so a claim in between cannot hide one). */
  async unfinished(taskId: number): Promise<number> {
    return this.db.callTaskLead.count({ where: { taskId, state: { in: ['PENDING', 'RETRY', 'DIALING'] } } });
  }

  /** Claims a due row for this worker; null when another worker has it or it is no longer due. */
  async claim(rowId: number, nowMs: number): Promise<ClaimedRow | null> {
    const now = new Date(nowMs);
    const won = await this.db.callTaskLead.updateMany({
      where: { id: rowId, state: { in: ['PENDING', 'RETRY'] }, nextAttemptAt: { lte: now } },
      data: { state: 'DIALING', claimedBy: this.workerId, claimedUntil: new Date(nowMs + this.leaseMs) },
    });
    if (won.count === 0) return null;
    const r = await this.db.callTaskLead.findUniqueOrThrow({
      where: { id: rowId },
      select: { id: true, taskId: true, enterpriseId: true, leadId: true, attempts: true, nextAttemptAt: true, lead: { select: { id: true, name: true, phone: true, fields: true } } },
    });
    return {
      id: r.id, taskId: r.taskId, enterpriseId: r.enterpriseId, leadId: r.leadId, attempts: r.attempts, nextAttemptAt: r.nextAttemptAt ?? now,
      lead: { id: r.lead.id, name: r.lead.name, phone: r.lead.phone, fields: parseFields(r.lead.fields) },
    };
  }

  /** Puts a claimed row back, undialed, due at `nextAttemptAt`. */
  async release(row: ClaimedRow, nextAttemptAtMs: number): Promise<void> {
    await this.db.callTaskLead.updateMany({
      where: { id: row.id, state: 'DIALING', claimedBy: this.workerId },
      data: { state: waitingState(row.attempts), nextAttemptAt: new Date(nextAttemptAtMs), claimedBy: null, claimedUntil: null },
    });
  }

  /** A skip rule held immediately before the dial: the row is decided without a call. */
  async skip(row: ClaimedRow, reason: string): Promise<void> {
    await this.db.callTaskLead.updateMany({
      where: { id: row.id, state: 'DIALING', claimedBy: this.workerId },
      data: { state: 'SKIPPED', skipReason: reason, nextAttemptAt: null, claimedBy: null, claimedUntil: null },
    });
  }

  /** Frees the number's guard, and with it the line it held (budget.ts takes both). */
  async releaseNumber(enterpriseId: number, phone: string, taskLeadId: number): Promise<void> {
    await this.db.activeDial.deleteMany({ where: { enterpriseId, phone, taskLeadId } });
  }

  /** Extends the leases of this worker's calls in progress (rows and number guards). */
  async renew(nowMs: number): Promise<void> {
    const until = new Date(nowMs + this.leaseMs);
    await this.db.callTaskLead.updateMany({ where: { claimedBy: this.workerId, state: 'DIALING' }, data: { claimedUntil: until } });
    await this.db.activeDial.updateMany({ where: { workerId: this.workerId }, data: { leaseUntil: until } });
  }

  /** Rows whose lease expired: their worker died (or stalled past its lease). */
  async expired(nowMs: number, max = 200): Promise<{ id: number; taskId: number; enterpriseId: number; leadId: number; attempts: number; claimedBy: string | null }[]> {
    return this.db.callTaskLead.findMany({
      where: { state: 'DIALING', claimedUntil: { lt: new Date(nowMs) } }, take: max,
      select: { id: true, taskId: true, enterpriseId: true, leadId: true, attempts: true, claimedBy: true },
    });
  }

  /** Back to the queue, due now, without counting a dial: the call was cut by the crash (or never placed). */
  async requeueExpired(row: { id: number; attempts: number; claimedBy: string | null }, nowMs: number): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const n = await tx.callTaskLead.updateMany({
        where: { id: row.id, state: 'DIALING', claimedUntil: { lt: new Date(nowMs) } },
        data: { state: waitingState(row.attempts), nextAttemptAt: new Date(nowMs), claimedBy: null, claimedUntil: null },
      });
      if (n.count === 0) return false;
      // The dead claim's number guard (and line) goes with it, whatever its own lease says: it was
      // taken at the grant, a little after the claim, so it outlives the row's lease by that much —
      // and the requeued row would find its own number busy and wait a minute.
      await tx.activeDial.deleteMany({ where: { taskLeadId: row.id, ...(row.claimedBy === null ? { leaseUntil: { lt: new Date(nowMs) } } : { workerId: row.claimedBy }) } });
      return true;
    });
  }

  /** Guards left by dead workers. */
  async sweepGuards(nowMs: number): Promise<void> {
    await this.db.activeDial.deleteMany({ where: { leaseUntil: { lt: new Date(nowMs) } } });
  }
}
