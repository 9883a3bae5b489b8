// @ts-check
/**
 * Parses one spreadsheet file in a worker thread and posts back plain cells (see
 * `worker-reply.ts` for the shape, `sheetjs-read.mjs` for how and why in a worker). Plain
 * JavaScript because vitest and tsx do not transform worker entry files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFile } from './sheetjs-read.mjs';

const { bytes, maxCells } = /** @type {{ bytes: Uint8Array, maxCells: number }} */ (workerData);
parentPort?.postMessage(readFile(bytes, maxCells));
