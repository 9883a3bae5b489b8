/**
 * The Redis queue (BullMQ): one BullMQ queue per task (`dial-<taskId>`). Each worker process
 * feeds it from the database when it runs short (due rows, as jobs keyed `<rowId>-<attempts>`
 * so every process's feeding of the same row is one job) and takes jobs without blocking, so
 * pacing and line limits stay with the scheduler. A job is completed as soon as its claim is
 * decided; a worker that dies holding one loses nothing — the row is still due in the database
 * and BullMQ's stalled check hands the job out again.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Job, ConnectionOptions } from 'bullmq';
import type { DialJob, DueRows, JobQueue } from './job-queue.js';

interface TaskQueue {
  readonly queue: Queue;
  readonly worker: Worker;
}

interface Held extends DialJob {
  readonly job: Job;
  readonly token: string;
}

export interface RedisQueueOptions {
  /** redis://host:port[/db] */
  readonly url: string;
  /** Key prefix, so test runs and installations do not meet. */
  readonly prefix?: string;
  readonly due: DueRows;
  /**
   * How long a taken job is locked before BullMQ may hand it out again, and how often stalled
   * jobs are looked for (default 5 s). A job is held only from its take to its row's claim, so a
   * short lock costs nothing; a long one strands the rows of a worker killed in between (their
   * jobs stay "active" and feeding the same row again is deduplicated) until the stalled check.
   */
  readonly lockMs?: number;
}

export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname, port: u.port ? Number(u.port) : 6379, db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}), ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export class RedisQueue implements JobQueue {
  readonly mode = 'redis' as const;
  private readonly tasks = new Map<number, TaskQueue>();
  private readonly held = new WeakMap<DialJob, Held>();
  private readonly connection: ConnectionOptions;
  private readonly prefix: string;

  constructor(private readonly opts: RedisQueueOptions) {
    this.connection = redisConnection(opts.url);
    this.prefix = opts.prefix ?? 'waihu';
  }

  private of(taskId: number): TaskQueue {
    let t = this.tasks.get(taskId);
    if (!t) {
      const name = `dial-${taskId}`;
      const queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      const lockMs = this.opts.lockMs ?? 5_000;
      const worker = new Worker(name, null, { connection: this.connection, prefix: this.prefix, autorun: false, lockDuration: lockMs, stalledInterval: lockMs });
      // Manual processing: the stalled check must be started by hand; it re-offers jobs of dead takers.
      void worker.startStalledCheckTimer().catch(() => undefined);
      t = { queue, worker };
      this.tasks.set(taskId, t);
    }
    return t;
  }

  private async next(t: TaskQueue, taskId: number, max: number, into: DialJob[]): Promise<void> {
    while (into.length < max) {
      const token = randomUUID();
      const job = (await t.worker.getNextJob(token, { block: false })) as Job | undefined;
      if (!job) return;
      const d: DialJob = { taskId, rowId: (job.data as { rowId: number }).rowId };
      this.held.set(d, { ...d, job, token });
      into.push(d);
    }
  }

  async take(taskId: number, max: number, nowMs: number): Promise<DialJob[]> {
    if (max <= 0) return [];
    const t = this.of(taskId);
    const jobs: DialJob[] = [];
    await this.next(t, taskId, max, jobs);
    if (jobs.length < max) {
      const rows = await this.opts.due(taskId, Math.max(2 * max, 20), nowMs);
      if (rows.length > 0) {
        await t.queue.addBulk(rows.map((r) => ({
          name: 'dial', data: { rowId: r.id, taskId }, opts: { jobId: `${r.id}-${r.attempts}`, removeOnComplete: true, removeOnFail: true },
        })));
        await this.next(t, taskId, max, jobs);
      }
    }
    return jobs;
  }

  async done(job: DialJob): Promise<void> {
    const h = this.held.get(job);
    if (!h) return;
    this.held.delete(job);
    // A job whose lock was lost (stalled and handed out again) cannot be completed; the row's claim already decided.
    await h.job.moveToCompleted(null, h.token, false).catch(() => undefined);
  }

  async forget(taskId: number): Promise<void> {
    const t = this.tasks.get(taskId);
    if (!t) return;
    this.tasks.delete(taskId);
    await t.queue.obliterate({ force: true }).catch(() => undefined);
    await t.worker.close();
    await t.queue.close();
  }

  async close(): Promise<void> {
    for (const t of this.tasks.values()) {
      await t.worker.close();
      await t.queue.close();
    }
    this.tasks.clear();
  }
}
