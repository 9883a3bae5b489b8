/**
 * The scheduler of one worker process. Each {@link Dialer.tick} looks at the running tasks and,
 * within each task's calling window, takes as many due jobs from the queue as the shared budget
 * seems to allow (budget.ts: lines in use by every worker, the task's last second of dials),
 * claims their rows, checks each against the calling window, the blacklist and the skip rules,
 * then asks the budget for lines in one transaction — which also re-checks that the task still
 * runs and that no other dial holds the number — and starts the granted dials without waiting
 * for them. So lines and calls per second hold across processes and machines, not just here.
 * A finished call is kept through the AttemptStore and finished from the stored attempt
 * (after-call.ts). The tick also renews this worker's leases and reclaims the expired leases of
 * dead workers.
 *
 * Time is an input: `clock` is read, never `Date.now`, and `tick` returns when it wants to run
 * next, so tests drive whole campaigns in simulated time and the runner in real time.
 */
import type { Db } from '@waihu/db';
import { CallerIdPool } from '@waihu/dialogs';
import type { TrunkConfig } from '@waihu/dialogs';
import type { SecretBox } from '../secrets/box.js';
import { tenantClients } from '../tenancy.js';
import { readSettings } from '../crm/settings.js';
import type { WorkingHours } from '../crm/settings.js';
import { trunkConfigOf } from '../telephony/index.js';
import { chinaDay, chinaDayStart, isOpen, nextOpen, nextSlotAt, readTaskSettings, readWindow, windowRoom } from './core/index.js';
import type { CallingWindow, TaskSettings } from './core/index.js';
import type { DialJob, JobQueue } from './queue/job-queue.js';
import { DialStore } from './store.js';
import { grantLines, linesInUse } from './budget.js';
import type { LinesInUse } from './budget.js';
import type { ClaimedRow } from './store.js';
import { finishFromAttempt } from './after-call.js';
import { readDialerSettings } from './enterprise-settings.js';
import type { DialerSettings } from './enterprise-settings.js';
import type { Finished } from './after-call.js';
import type { AttemptStore, DialFn, DialTask } from './types.js';
import { DialerError } from './types.js';

export interface DialerLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface DialerOptions {
  /** The unscoped client: the worker serves every enterprise; each query names its enterprise. */
  readonly db: Db;
  readonly dial: DialFn;
  readonly attempts: AttemptStore;
  readonly queue: JobQueue | ((store: DialStore) => JobQueue);
  readonly clock: () => number;
  readonly secrets: SecretBox;
  /** Unique per process (host:pid:random); it names this worker's leases. */
  readonly workerId: string;
  /** How long a claim lasts without renewal (renewed every third of it while the call runs). */
  readonly leaseMs?: number;
  /** How often expired leases are looked for. */
  readonly reclaimEveryMs?: number;
  /** Most calls at once in this process, across tasks. */
  readonly maxInflight?: number;
  /** How long before a busy number (dialed by another task right now) is tried again. */
  readonly busyNumberRetryMs?: number;
  readonly log?: DialerLog;
  /** Random source for caller-ID rotation (tests pass a fixed one). */
  readonly random?: () => number;
  /** Called after each finished call (tests and the demo's progress). */
  readonly onFinished?: (f: Finished & { readonly rowId: number }) => void;
  /**
   * 发送比例 pacing: the robot calls a task with an agent group may have at once (its dialing
   * ratio × the group's idle agents, from the agents' board). Only a process that holds the
   * board can say; without it such tasks are held by their lines alone.
   */
  readonly transferCapacity?: (enterpriseId: number, groupId: number, ratioPercent: number) => Promise<number>;
  /** Called as each granted dial starts, with the instant its line and calls-per-second slot were granted (tests). */
  readonly onDial?: (d: { readonly rowId: number; readonly taskId: number; readonly phone: string; readonly grantedAt: number }) => void;
}

interface TaskRuntime {
  readonly version: number;
  readonly task: DialTask & { readonly lines: number; readonly maxCallsPerSecond: number };
  readonly settings: TaskSettings;
  readonly trunk: TrunkConfig | null;
  readonly pool: CallerIdPool | null;
  window: CallingWindow;
}

export interface TickResult {
  /** Dials started by this tick. */
  readonly started: number;
  /** When the scheduler wants to run again (epoch ms on its clock). */
  readonly wakeAt: number;
}

const silent: DialerLog = { info: () => undefined, warn: () => undefined };
/** With nothing to do, the scheduler wakes this late (the runner polls more often; a call ending wakes it). */
const IDLE_MS = 60_000;

export class Dialer {
  readonly store: DialStore;
  readonly queue: JobQueue;
  private readonly tenant: (enterpriseId: number) => Db;
  private readonly runtimes = new Map<number, TaskRuntime>();
  private readonly robotHours = new Map<number, { hours: WorkingHours; at: number }>();
  private readonly enterpriseSettings = new Map<number, { dialer: DialerSettings; smsEnabled: boolean; at: number }>();
  private readonly inflight = new Set<Promise<void>>();
  private nextRenewAt = 0;
  private nextReclaimAt = 0;
  private readonly leaseMs: number;
  private readonly log: DialerLog;
  private ended = deferred();

  constructor(private readonly opts: DialerOptions) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.store = new DialStore(opts.db, opts.workerId, this.leaseMs);
    this.queue = typeof opts.queue === 'function' ? opts.queue(this.store) : opts.queue;
    this.tenant = tenantClients(opts.db);
    this.log = opts.log ?? silent;
  }

  /** Calls in progress in this process. */
  get active(): number {
    return this.inflight.size;
  }

  /** Resolves when the next call of this process ends (the runner ticks at once: a line is free). */
  callEnded(): Promise<void> {
    return this.ended.promise;
  }

  /** Waits for every call in progress to end and be kept. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  async tick(): Promise<TickResult> {
    const now = this.opts.clock();
    let wakeAt = now + IDLE_MS;
    const wake = (at: number): void => { wakeAt = Math.min(wakeAt, Math.max(at, now)); };
    if (this.inflight.size > 0) {
      if (now >= this.nextRenewAt) {
        await this.store.renew(now);
        this.nextRenewAt = now + Math.floor(this.leaseMs / 3);
      }
      wake(this.nextRenewAt);
    }
    if (now >= this.nextReclaimAt) {
      await this.reclaim(now);
      this.nextReclaimAt = now + (this.opts.reclaimEveryMs ?? Math.min(10_000, this.leaseMs));
    }
    wake(this.nextReclaimAt);

    const tasks = await this.opts.db.callTask.findMany({ where: { state: { in: ['SCHEDULED', 'RUNNING'] } }, orderBy: { id: 'asc' } });
    // Every worker's lines in use, read once per tick: what to ask for; the grant decides.
    let used: LinesInUse | null = null;
    let started = 0;
    for (const t of tasks) {
      if (t.state === 'SCHEDULED') {
        if (t.startAt === null || t.startAt.getTime() <= now) {
          await this.opts.db.callTask.updateMany({ where: { id: t.id, state: 'SCHEDULED' }, data: { state: 'RUNNING', startedAt: t.startedAt ?? new Date(now), stateChangedAt: new Date(now), stateReason: 'start-time-reached' } });
          wake(now);
        } else wake(t.startAt.getTime());
        continue;
      }
      if (t.endAt !== null && now >= t.endAt.getTime()) {
        await this.complete(t.id, 'end-date-passed', now);
        continue;
      }
      const rt = await this.runtime(t, now);
      const openAt = nextOpen(rt.window, now);
      if (openAt === null) {
        if (t.endAt !== null) await this.complete(t.id, 'end-date-passed', now);
        continue;
      }
      if (openAt > now) { wake(openAt); continue; }
      used ??= await linesInUse(this.opts.db, now);
      const trunkRoom = rt.trunk && t.trunkId !== null ? rt.trunk.campaignLines - (used.byTrunk.get(t.trunkId) ?? 0) : Number.POSITIVE_INFINITY;
      const agentRoom = t.agentGroupId !== null && this.opts.transferCapacity
        ? (await this.opts.transferCapacity(t.enterpriseId, t.agentGroupId, t.dialRatioPercent)) - (used.byTask.get(t.id) ?? 0)
        : Number.POSITIVE_INFINITY;
      const room = Math.min(rt.task.lines - (used.byTask.get(t.id) ?? 0), trunkRoom, agentRoom, (this.opts.maxInflight ?? 1_000) - this.inflight.size);
      if (room <= 0) continue; // a call ending wakes the runner; an agent turning idle or another worker's call, its next poll
      const recent = readWindow(t.recentDials, now);
      const slots = windowRoom(recent, t.maxCallsPerSecond);
      if (slots <= 0) { wake(nextSlotAt(recent, t.maxCallsPerSecond, now)); continue; }
      const want = Math.min(room, slots);
      const jobs = await this.queue.take(t.id, want, now);
      if (jobs.length === 0) {
        const next = await this.store.nextDue(t.id);
        // One count over every unfinished state: a row claimed by another worker meanwhile is DIALING, never in none.
        if (next === null && (await this.store.unfinished(t.id)) === 0) await this.complete(t.id, 'no-leads-left', now);
        else if (next !== null) wake(next);
        continue;
      }
      const ready = (await Promise.all(jobs.map((j) => this.prepare(rt, j)))).filter((r): r is ClaimedRow => r !== null);
      const { n, nextSlot } = await this.grantAndStart(rt, ready);
      started += n;
      if (jobs.length === want) wake(Math.max(now + 1, nextSlot));
    }
    return { started, wakeAt };
  }

  private async complete(taskId: number, reason: string, now: number): Promise<void> {
    const n = await this.opts.db.callTask.updateMany({
      where: { id: taskId, state: 'RUNNING' }, data: { state: 'COMPLETED', stateReason: reason, stateChangedAt: new Date(now), finishedAt: new Date(now) },
    });
    if (n.count > 0) {
      this.log.info({ taskId, reason }, 'call task completed');
      await this.queue.forget(taskId);
    }
  }

  private async runtime(t: { id: number; enterpriseId: number; name: string; templateVersionId: number; trunkId: number | null; agentGroupId: number | null; lines: number; maxCallsPerSecond: number; settings: string; startAt: Date | null; endAt: Date | null; updatedAt: Date }, now: number): Promise<TaskRuntime> {
    const robot = await this.robotHoursOf(t.enterpriseId, now);
    let rt = this.runtimes.get(t.id);
    if (!rt || rt.version !== t.updatedAt.getTime()) {
      const settings = readTaskSettings(t.settings);
      const db = this.tenant(t.enterpriseId);
      const trunkRow = t.trunkId === null ? null : await db.trunk.findUnique({ where: { id: t.trunkId } });
      const trunk = trunkRow ? trunkConfigOf(trunkRow, this.opts.secrets) : null;
      const numbers = settings.callerIds.ids.length === 0 ? [] : (await db.callerId.findMany({ where: { id: { in: [...settings.callerIds.ids] }, approved: true }, orderBy: { id: 'asc' } })).map((c) => c.number);
      const pool = numbers.length === 0 ? null : new CallerIdPool({ numbers, rule: settings.callerIds.rule, maxDailyPerNumber: settings.callerIds.maxDailyPerNumber });
      rt = {
        version: t.updatedAt.getTime(), settings, trunk, pool: rt?.pool && numbers.length > 0 && sameNumbers(rt.pool, numbers) ? rt.pool : pool,
        task: { id: t.id, enterpriseId: t.enterpriseId, name: t.name, templateVersionId: t.templateVersionId, trunkId: t.trunkId, agentGroupId: t.agentGroupId, lines: t.lines, maxCallsPerSecond: t.maxCallsPerSecond },
        window: { task: settings.hours, robot, startAt: t.startAt?.getTime() ?? null, endAt: t.endAt?.getTime() ?? null },
      };
      this.runtimes.set(t.id, rt);
    }
    rt.window = { ...rt.window, robot };
    return rt;
  }

  /** The enterprise's dialer settings and SMS switch for the after-call step, re-read at most every five seconds. */
  private async settingsOf(enterpriseId: number, now: number): Promise<{ dialer: DialerSettings; smsEnabled: boolean }> {
    const cached = this.enterpriseSettings.get(enterpriseId);
    if (cached && now - cached.at < 5_000 && now >= cached.at) return cached;
    const db = this.tenant(enterpriseId);
    const fresh = { dialer: await readDialerSettings(db), smsEnabled: (await readSettings(db)).settings.sms.enabled, at: now };
    this.enterpriseSettings.set(enterpriseId, fresh);
    return fresh;
  }

  /** 机器人工作时间, re-read at most every five seconds (of the dialer's clock). */
  private async robotHoursOf(enterpriseId: number, now: number): Promise<WorkingHours> {
    const cached = this.robotHours.get(enterpriseId);
    if (cached && now - cached.at < 5_000 && now >= cached.at) return cached.hours;
    const hours = (await readSettings(this.tenant(enterpriseId))).settings.workingHours;
    this.robotHours.set(enterpriseId, { hours, at: now });
    return hours;
  }

  /** Claims the job's row and checks it against the calling window, the blacklist and the skip rules; null when it is not to be dialed now. */
  private async prepare(rt: TaskRuntime, job: DialJob): Promise<ClaimedRow | null> {
    let row: ClaimedRow | null;
    try {
      row = await this.store.claim(job.rowId, this.opts.clock());
    } finally {
      await this.queue.done(job);
    }
    if (!row) return null;
    try {
      return await this.check(rt, row) ? row : null;
    } catch (e) {
      this.log.warn({ err: e, rowId: row.id }, 'could not check a dial; the row goes back to the queue');
      await this.store.release(row, this.opts.clock() + 30_000).catch(() => undefined);
      return null;
    }
  }

  /** The checks that need no lock, immediately before the grant; a row that fails one is released or skipped here. */
  private async check(rt: TaskRuntime, row: ClaimedRow): Promise<boolean> {
    const db = this.tenant(row.enterpriseId);
    const now = this.opts.clock();
    if (!isOpen(rt.window, now)) {
      await this.store.release(row, nextOpen(rt.window, now) ?? now + 3_600_000);
      return false;
    }
    const phone = row.lead.phone;
    if (await db.blacklist.findUnique({ where: { enterpriseId_phone: { enterpriseId: row.enterpriseId, phone } }, select: { id: true } })) {
      await this.store.skip(row, 'blacklisted');
      return false;
    }
    if (row.attempts === 0) {
      const { skip } = rt.settings;
      if (skip.calledToday && await db.callAttempt.findFirst({
        where: { calleeNumber: phone, dialAt: { gte: new Date(chinaDayStart(now)) }, OR: [{ taskId: null }, { taskId: { not: row.taskId } }] }, select: { id: true },
      })) {
        await this.store.skip(row, 'called-today');
        return false;
      }
      if (skip.inCrm && await db.customer.findUnique({ where: { enterpriseId_phone: { enterpriseId: row.enterpriseId, phone } }, select: { id: true } })) {
        await this.store.skip(row, 'in-crm');
        return false;
      }
    }
    return true;
  }

  /**
   * Asks the shared budget for lines for the checked rows (one transaction: the task still runs,
   * lines and calls per second across every worker, each number's guard) and starts the granted
   * dials at once; the others go back to the queue. Returns the dials started and when the
   * calls-per-second window next has room.
   */
  private async grantAndStart(rt: TaskRuntime, rows: readonly ClaimedRow[]): Promise<{ n: number; nextSlot: number }> {
    const now = this.opts.clock();
    if (rows.length === 0) return { n: 0, nextSlot: now };
    let grant;
    try {
      grant = await grantLines(this.opts.db, rt.task.id, rows, { workerId: this.opts.workerId, clock: this.opts.clock, leaseMs: this.leaseMs });
    } catch (e) {
      this.log.warn({ err: e, taskId: rt.task.id }, 'could not take lines from the shared budget; the rows go back to the queue');
      await Promise.all(rows.map((r) => this.store.release(r, r.nextAttemptAt.getTime()).catch(() => undefined)));
      return { n: 0, nextSlot: now + 1_000 };
    }
    // The granted dials start first: nothing stands between the grant and the dial.
    let n = 0;
    for (const row of grant.granted) if (await this.startGranted(rt, row, grant.grantedAt)) n++;
    await Promise.all([
      // Refused (no room, or paused meanwhile): back as they were, keeping their place in the queue.
      ...grant.refused.map((r) => this.store.release(r, r.nextAttemptAt.getTime())),
      ...grant.busy.map((r) => this.store.release(r, grant.grantedAt + (this.opts.busyNumberRetryMs ?? 60_000))),
    ]);
    return { n, nextSlot: grant.nextSlotAt };
  }

  /** Starts a granted dial (its line and number guard are held) without waiting for the call. */
  private async startGranted(rt: TaskRuntime, row: ClaimedRow, grantedAt: number): Promise<boolean> {
    const callerNumber = rt.pool ? rt.pool.take(chinaDay(grantedAt), this.opts.random ?? Math.random) : null;
    if (rt.pool && callerNumber === null) {
      await this.store.releaseNumber(row.enterpriseId, row.lead.phone, row.id);
      await this.store.release(row, grantedAt + 60_000);
      return false;
    }
    this.opts.onDial?.({ rowId: row.id, taskId: row.taskId, phone: row.lead.phone, grantedAt });
    const p = this.run(rt, row, callerNumber).finally(() => {
      this.inflight.delete(p);
      if (callerNumber !== null) rt.pool?.release(callerNumber);
      const ended = this.ended;
      this.ended = deferred();
      ended.resolve();
    });
    this.inflight.add(p);
    return true;
  }

  private async run(rt: TaskRuntime, row: ClaimedRow, callerNumber: string | null): Promise<void> {
    const attemptNo = row.attempts + 1;
    let record;
    try {
      record = await this.opts.dial(row.lead, rt.task, { callerNumber, trunk: rt.trunk, attemptNo, now: this.opts.clock });
    } catch (e) {
      const now = this.opts.clock();
      await this.store.releaseNumber(row.enterpriseId, row.lead.phone, row.id);
      if (e instanceof DialerError && !e.retryable) {
        // Nothing can dial for this task until someone fixes it: say so on the task instead of failing every lead.
        await this.store.release(row, row.nextAttemptAt.getTime());
        await this.opts.db.callTask.updateMany({ where: { id: row.taskId, state: 'RUNNING' }, data: { state: 'PAUSED', stateReason: e.code, stateChangedAt: new Date(now) } });
        this.log.warn({ taskId: row.taskId, code: e.code }, 'call task paused: the dial cannot work');
      } else {
        await this.store.release(row, now + 60_000);
        this.log.warn({ err: e, rowId: row.id }, 'dial failed before a call was made; retrying later');
      }
      return;
    }
    let attemptId: number;
    try {
      ({ attemptId } = await this.opts.attempts.save({
        enterpriseId: row.enterpriseId, templateVersionId: rt.task.templateVersionId, trunkId: rt.task.trunkId, taskId: row.taskId, leadId: row.leadId, attemptNo,
      }, record));
    } catch (e) {
      // The row stays DIALING: when its lease expires it goes back to the queue (no attempt was kept).
      this.log.warn({ err: e, rowId: row.id }, 'keeping the call failed');
      return;
    }
    const now = this.opts.clock();
    const known = { task: { settings: rt.settings, agentGroupId: rt.task.agentGroupId }, ...(await this.settingsOf(row.enterpriseId, now)), owner: this.opts.workerId };
    const finished = await finishFromAttempt(this.tenant(row.enterpriseId), row, attemptId, now, known);
    if (finished) this.opts.onFinished?.({ ...finished, rowId: row.id });
  }

  /** Rows of dead workers: finished from their stored attempt when the call was kept, else back to the queue. */
  private async reclaim(now: number): Promise<void> {
    const rows = await this.store.expired(now);
    for (const r of rows) {
      const attempt = await this.opts.db.callAttempt.findFirst({ where: { enterpriseId: r.enterpriseId, taskId: r.taskId, leadId: r.leadId, attemptNo: r.attempts + 1 }, select: { id: true } });
      if (attempt) {
        const f = await finishFromAttempt(this.tenant(r.enterpriseId), r, attempt.id, now);
        if (f) this.log.info({ rowId: r.id, attemptId: attempt.id }, 'reclaimed a dead worker\'s call: finished from its kept attempt');
      } else if (await this.store.requeueExpired(r, now)) {
        this.log.info({ rowId: r.id }, 'reclaimed a dead worker\'s lease: back in the queue');
      }
    }
    await this.store.sweepGuards(now);
  }

  async close(): Promise<void> {
    await this.drain();
    await this.queue.close();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

function sameNumbers(pool: CallerIdPool, numbers: readonly string[]): boolean {
  const have = [...pool.stats().keys()];
  return have.length === numbers.length && have.every((n, i) => n === numbers[i]);
}
