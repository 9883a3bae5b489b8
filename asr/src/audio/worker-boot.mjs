// @ts-check
/**
 * Entry of every asr worker thread: registers tsx's loader so the worker can run the
 * TypeScript module named in `workerData.entry` (there is no build step; the main thread runs
 * under tsx or vitest, whose loaders do not reach into worker threads).
 */
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(/** @type {{ entry: string }} */ (workerData).entry);
