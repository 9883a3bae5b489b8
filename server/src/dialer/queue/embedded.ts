/**
 * The embedded queue: the database table is the queue. `take` reads the task's due rows; two
 * takers may be handed the same row, and the claim decides (only one wins it). Within one
 * process, rows handed out and not yet done are not handed out again.
 */
import type { DialJob, DueRows, JobQueue } from './job-queue.js';

export class EmbeddedQueue implements JobQueue {
  readonly mode = 'embedded' as const;
  private readonly out = new Set<number>();

  constructor(private readonly due: DueRows) {}

  async take(taskId: number, max: number, nowMs: number): Promise<DialJob[]> {
    if (max <= 0) return [];
    const rows = await this.due(taskId, max + this.out.size, nowMs);
    const jobs: DialJob[] = [];
    for (const r of rows) {
      if (jobs.length >= max) break;
      if (this.out.has(r.id)) continue;
      this.out.add(r.id);
      jobs.push({ taskId, rowId: r.id });
    }
    return jobs;
  }

  async done(job: DialJob): Promise<void> {
    this.out.delete(job.rowId);
  }

  async forget(): Promise<void> {}

  async close(): Promise<void> {
    this.out.clear();
  }
}
