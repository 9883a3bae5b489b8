/**
 * Starting asr's TypeScript worker threads (internal to the package).
 */
import { Worker } from 'node:worker_threads';

/** Starts a worker running the TypeScript module `entry`; it reads `data` as `workerData.data`. */
export function startTsWorker(entry: URL, data: unknown): Worker {
  return new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { entry: entry.href, data } });
}
