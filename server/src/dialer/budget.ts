/**
 * The shared budget: a task's lines and calls per second, and its trunk's campaign lines across
 * all of the trunk's tasks, hold however many worker processes on however many machines dial
 * them — in both queue modes, because the database decides, not the queue.
 *
 * A line in use is a live ActiveDial row (the number guard, now naming its task and trunk): it
 * is inserted when the dial is granted and deleted when the call is kept, and its lease is the
 * worker's lease (renewed while the call runs), so a dead worker's lines free themselves when
 * its lease expires. Calls per second is a sliding one-second window of grants kept on the task
 * row (core/pacing.ts). A grant runs as one transaction that first locks the task row (and its
 * trunk's): PostgreSQL row locks (`FOR NO KEY UPDATE`, which foreign-key checks of queue rows do
 * not wait on), SQLite's single writer (the first statement writes, so the transaction holds the
 * write lock from its start). Inside it: the task must still be RUNNING (pause and stop win),
 * the lines in use are counted, the window is read, at most the room left is granted, each
 * granted number's guard is inserted (a number another live dial holds is refused as busy), and
 * the window is written back. One grant serves a batch of dials, so its cost is shared.
 *
 * Clocks: grants are stamped with the granting worker's clock; machines sharing a campaign are
 * expected to keep NTP time (a grant stamped ahead still counts until it leaves the window).
 */
import { Prisma } from '@waihu/db';
import type { Db } from '@waihu/db';
import { grantIn, nextSlotAt, readWindow, windowRoom } from './core/index.js';

/** A dial asking for a line: the claimed queue row and its number. */
export interface LineRequest {
  readonly id: number;
  readonly enterpriseId: number;
  readonly lead: { readonly phone: string };
}

export interface GrantResult<R extends LineRequest> {
  /** These hold a line and their number's guard: dial them now. */
  readonly granted: R[];
  /** Their number is in another live dial: try later. */
  readonly busy: R[];
  /** No room (lines or calls per second) or the task no longer runs: back to the queue as they were. */
  readonly refused: R[];
  /** False when the task is no longer RUNNING (paused, stopped, completed, deleted). */
  readonly running: boolean;
  /** When the calls-per-second window next has room. */
  readonly nextSlotAt: number;
  /** The instant of the grant (read under the lock); the granted dials start right after the commit. */
  readonly grantedAt: number;
}

/** What the scheduler reads before asking (a guess: the grant decides). */
export interface LinesInUse {
  readonly byTask: ReadonlyMap<number, number>;
  readonly byTrunk: ReadonlyMap<number, number>;
}

const isPostgres = (db: unknown): boolean => (db as { _activeProvider?: string })._activeProvider === 'postgresql';

interface TaskBudgetRow {
  state: string;
  lines: number | bigint;
  maxCallsPerSecond: number | bigint;
  recentDials: string;
  trunkId: number | bigint | null;
  campaignLines?: number | bigint | null;
  taskUsed?: number | bigint;
  trunkUsed?: number | bigint;
}

/** Live lines per task and per trunk, in one statement (for the scheduler's estimate). */
export async function linesInUse(db: Db, nowMs: number): Promise<LinesInUse> {
  const rows = await db.activeDial.groupBy({ by: ['taskId', 'trunkId'], where: { leaseUntil: { gte: new Date(nowMs) } }, _count: { _all: true } });
  const byTask = new Map<number, number>();
  const byTrunk = new Map<number, number>();
  for (const r of rows) {
    if (r.taskId !== null) byTask.set(r.taskId, (byTask.get(r.taskId) ?? 0) + r._count._all);
    if (r.trunkId !== null) byTrunk.set(r.trunkId, (byTrunk.get(r.trunkId) ?? 0) + r._count._all);
  }
  return { byTask, byTrunk };
}

/**
 * Grants lines to the requests (oldest first), within the task's lines, its trunk's campaign
 * lines and its calls-per-second window; each granted request's number guard is held by
 * `workerId` until `leaseUntilMs` (renewed with the worker's other leases).
 */
export async function grantLines<R extends LineRequest>(db: Db, taskId: number, requests: readonly R[], opts: { readonly workerId: string; readonly clock: () => number; readonly leaseMs: number }): Promise<GrantResult<R>> {
  const pg = isPostgres(db);
  return db.$transaction(async (tx) => {
    let task: TaskBudgetRow | undefined;
    if (pg) {
      [task] = await tx.$queryRaw<TaskBudgetRow[]>`SELECT "state", "lines", "maxCallsPerSecond", "recentDials", "trunkId" FROM "CallTask" WHERE "id" = ${taskId} FOR NO KEY UPDATE`;
      if (task && task.trunkId !== null) {
        const [trunk] = await tx.$queryRaw<{ campaignLines: number }[]>`SELECT "campaignLines" FROM "Trunk" WHERE "id" = ${Number(task.trunkId)} FOR NO KEY UPDATE`;
        task.campaignLines = trunk?.campaignLines ?? null;
      }
      // Counted by a statement after the locks (a statement's snapshot is taken when it starts, so not in the locking one).
      if (task) {
        const live = new Date(opts.clock());
        const [used] = await tx.$queryRaw<{ taskUsed: number | bigint; trunkUsed: number | bigint }[]>`SELECT
          (SELECT count(*) FROM "ActiveDial" WHERE "taskId" = ${taskId} AND "leaseUntil" >= ${live}) AS "taskUsed",
          (SELECT count(*) FROM "ActiveDial" WHERE "trunkId" = ${task.trunkId === null ? null : Number(task.trunkId)} AND "leaseUntil" >= ${live}) AS "trunkUsed"`;
        task.taskUsed = used!.taskUsed;
        task.trunkUsed = used!.trunkUsed;
      }
    } else {
      // SQLite: writing first takes the database's write lock for the whole transaction, so one statement also counts what no one else can change now.
      const live = new Date(opts.clock());
      [task] = await tx.$queryRaw<TaskBudgetRow[]>`UPDATE "CallTask" SET "recentDials" = "recentDials" WHERE "id" = ${taskId}
        RETURNING "state", "lines", "maxCallsPerSecond", "recentDials", "trunkId",
          (SELECT "campaignLines" FROM "Trunk" WHERE "Trunk"."id" = "CallTask"."trunkId") AS "campaignLines",
          (SELECT count(*) FROM "ActiveDial" WHERE "ActiveDial"."taskId" = "CallTask"."id" AND "leaseUntil" >= ${live}) AS "taskUsed",
          (SELECT count(*) FROM "ActiveDial" WHERE "ActiveDial"."trunkId" = "CallTask"."trunkId" AND "leaseUntil" >= ${live}) AS "trunkUsed"`;
    }
    // The grant's instant is read once the lock is held: waiting for the lock must not age it.
    const nowMs = opts.clock();
    const now = new Date(nowMs);
    if (!task || task.state !== 'RUNNING') return { granted: [], busy: [], refused: [...requests], running: false, nextSlotAt: nowMs, grantedAt: nowMs };
    const perSecond = Number(task.maxCallsPerSecond);
    const trunkId = task.trunkId === null ? null : Number(task.trunkId);
    const trunkRoom = trunkId === null || task.campaignLines === null || task.campaignLines === undefined ? Number.POSITIVE_INFINITY : Number(task.campaignLines) - Number(task.trunkUsed ?? 0);
    const taskRoom = Number(task.lines) - Number(task.taskUsed ?? 0);
    const window = readWindow(task.recentDials, nowMs);
    const room = Math.max(0, Math.min(taskRoom, trunkRoom, windowRoom(window, perSecond), requests.length));
    const asked = requests.slice(0, room);
    const refused = requests.slice(room);
    if (asked.length === 0) return { granted: [], busy: [], refused, running: true, nextSlotAt: nextSlotAt(window, perSecond, nowMs), grantedAt: nowMs };

    // One statement for every guard, in number order (two grants inserting overlapping numbers take their index locks in the same order).
    const leaseUntil = new Date(nowMs + opts.leaseMs);
    const byPhone = [...asked].sort((a, b) => (a.lead.phone < b.lead.phone ? -1 : a.lead.phone > b.lead.phone ? 1 : a.enterpriseId - b.enterpriseId));
    const values = byPhone.map((r) => Prisma.sql`(${r.enterpriseId}, ${r.lead.phone}, ${r.id}, ${taskId}, ${trunkId}, ${opts.workerId}, ${leaseUntil}, ${now})`);
    const won = await tx.$queryRaw<{ enterpriseId: number | bigint; phone: string }[]>`
      INSERT INTO "ActiveDial" ("enterpriseId", "phone", "taskLeadId", "taskId", "trunkId", "workerId", "leaseUntil", "createdAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("enterpriseId", "phone") DO UPDATE SET "taskLeadId" = excluded."taskLeadId", "taskId" = excluded."taskId", "trunkId" = excluded."trunkId",
        "workerId" = excluded."workerId", "leaseUntil" = excluded."leaseUntil", "createdAt" = excluded."createdAt"
      WHERE "ActiveDial"."leaseUntil" < ${now}
      RETURNING "enterpriseId", "phone"`;
    const held = new Set(won.map((w) => `${Number(w.enterpriseId)}:${w.phone}`));
    const granted = asked.filter((r) => held.has(`${r.enterpriseId}:${r.lead.phone}`));
    const busy = asked.filter((r) => !held.has(`${r.enterpriseId}:${r.lead.phone}`));
    // Stamped as late as the transaction allows (the room was judged at `nowMs`, earlier, so more strictly): the dials start right after the commit.
    const stampMs = Math.max(nowMs, opts.clock());
    const next = grantIn(window, granted.length, stampMs);
    if (granted.length > 0) await tx.$executeRaw`UPDATE "CallTask" SET "recentDials" = ${JSON.stringify(next)} WHERE "id" = ${taskId}`;
    return { granted, busy, refused, running: true, nextSlotAt: nextSlotAt(next, perSecond, stampMs), grantedAt: stampMs };
  }, { maxWait: 10_000, timeout: 20_000 });
}
