/**
 * How dial work is distributed. The database holds each lead's dial state; a JobQueue only hands
 * out row ids that the database says are due, and a worker must still win the row's claim
 * (store.ts) before dialing. So a lost, duplicated or stale job costs nothing: it fails its
 * claim and is dropped, and a due row that no job names is offered again.
 *
 * Two implementations with the same behaviour (one test suite runs against both): the
 * embedded queue reads due rows straight from the database (`npm start` needs nothing else);
 * the Redis queue (BullMQ) lets worker processes on several machines share a campaign.
 */

/** One unit of work: dial this queue row. */
export interface DialJob {
  readonly taskId: number;
  readonly rowId: number;
}

/** Due rows of a task, oldest first (the store's query). */
export type DueRows = (taskId: number, max: number, nowMs: number) => Promise<readonly { readonly id: number; readonly attempts: number }[]>;

export interface JobQueue {
  readonly mode: 'embedded' | 'redis';
  /** Up to `max` jobs of the task to run now; each is given to one taker until it is done. */
  take(taskId: number, max: number, nowMs: number): Promise<DialJob[]>;
  /** The taker is finished with the job (claimed it, or found it stale). */
  done(job: DialJob): Promise<void>;
  /** The task stopped or completed: drop what is queued for it. */
  forget(taskId: number): Promise<void>;
  close(): Promise<void>;
}
