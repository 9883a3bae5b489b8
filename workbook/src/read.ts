import { Worker } from 'node:worker_threads';
import type { WorkbookError } from './errors.js';
import { workbookError } from './messages.js';
import type { LooksLike, Problem } from './messages.js';
import { hasZipEnd, sniffFile } from './sniff.js';
import type { Workbook } from './types.js';
import { readWorkerReply } from './worker-reply.js';
import type { WorkerFailureCode } from './worker-reply.js';

/** Options for {@link readWorkbook}. */
export interface ReadWorkbookOptions {
  /** The uploaded file's name, quoted back in error messages. Never used to guess the format. */
  readonly fileName?: string;
  /** Largest file accepted, in bytes. Default 10 MiB. */
  readonly maxBytes?: number;
  /** How long parsing may take before it is abandoned, worker start included. Default 15 s. */
  readonly timeoutMs?: number;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Most cells all sheets together may span once trimmed. A script is a few thousand cells;
 * this stops one stray value at row 1,000,000 of column XFD from becoming billions of nulls.
 */
export const MAX_CELLS = 2_000_000;

/**
 * Heap for the parsing thread. SheetJS holds the whole unpacked file in memory; a ZIP bomb
 * inside the size limit runs this thread out of memory instead of the server.
 */
export const WORKER_HEAP_MB = 1024;

/**
 * Reads `.xlsx` or legacy `.xls` bytes into plain sheets of cells.
 *
 * Row `i` of a sheet's `rows` is spreadsheet row `i + 1` and column `j` is column `j + 1`
 * (inner blank rows stay, trailing blank rows and columns go); every row has the same length.
 * Values are strings as written, numbers (dates are Excel serial numbers), booleans, or
 * `null` for empty and error cells (#N/A…). Each sheet also lists its merged ranges, the
 * cells holding formulas (whose cached values are in `rows`) and, for .xlsx, the filled cells
 * in red font (how the seeds' templates mark instructions). Sheets keep the file's order.
 *
 * Parsing runs in a fresh worker thread that is terminated after one file or at the timeout.
 *
 * @throws {WorkbookError} with a `code` saying why the file cannot be read; only
 *   `READ_TIMEOUT` is `retryable`.
 */
export async function readWorkbook(bytes: Uint8Array, opts: ReadWorkbookOptions = {}): Promise<Workbook> {
  const { fileName } = opts;
  const maxBytes = positive(opts.maxBytes, DEFAULT_MAX_BYTES, 'maxBytes');
  const timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const refused = checkBytes(bytes, maxBytes);
  if (refused !== undefined) throw workbookError(refused, fileName);
  return parseInWorker(bytes, timeoutMs, fileName);
}

/** The checks that need no parser: size and signature. SheetJS would read a PNG as CSV. */
export function checkBytes(bytes: Uint8Array, maxBytes: number): Problem | undefined {
  if (bytes.byteLength === 0) return { code: 'FILE_EMPTY' };
  if (bytes.byteLength > maxBytes) {
    return { code: 'FILE_TOO_LARGE', limit: 'bytes', sizeBytes: bytes.byteLength, maxBytes };
  }
  const kind = sniffFile(bytes);
  switch (kind) {
    case 'zip':
      return hasZipEnd(bytes) ? undefined : { code: 'FILE_CORRUPT' };
    case 'cfb':
      return undefined;
    default:
      return { code: 'NOT_A_SPREADSHEET', looksLike: kind satisfies LooksLike };
  }
}

function parseInWorker(bytes: Uint8Array, timeoutMs: number, fileName: string | undefined): Promise<Workbook> {
  // A private copy, transferred rather than cloned: the caller's array stays usable, and a
  // Buffer that views a large pooled ArrayBuffer does not drag all of it across.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), {
    workerData: { bytes: copy, maxCells: MAX_CELLS },
    transferList: [copy.buffer],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    // The worker is plain JavaScript: inheriting a TypeScript loader (tsx's --import) would
    // only add its start-up, 100-150 ms here, to every read.
    execArgv: [],
  });

  return new Promise<Workbook>((resolve, reject) => {
    let settled = false;
    // Every path ends here exactly once: the first outcome wins and the thread is stopped.
    const finish = (outcome: { workbook: Workbook } | { error: WorkbookError }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Listeners stay attached: later events (the exit after a reply) meet the guard above,
      // and an 'error' with no listener would crash the process. Terminating a thread that
      // already exited has nothing to report, hence the empty catch.
      worker.terminate().catch(() => undefined);
      if ('workbook' in outcome) resolve(outcome.workbook);
      else reject(outcome.error);
    };
    const fail = (problem: Problem, cause?: unknown): void => {
      finish({ error: workbookError(problem, fileName, cause) });
    };

    const timer = setTimeout(() => fail({ code: 'READ_TIMEOUT', timeoutMs }), timeoutMs);
    worker.on('message', (data: unknown) => {
      const reply = readWorkerReply(data);
      if (reply === undefined) fail({ code: 'FILE_CORRUPT' }, new Error('malformed reply from the parsing worker'));
      else if (reply.ok) finish({ workbook: reply.workbook });
      else fail(problemFor(reply.code), new Error(reply.reason));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      // Out of memory means the file unpacks to too much; anything else escaped the worker's
      // own handling, and the file is the only input it had.
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') fail({ code: 'FILE_TOO_LARGE', limit: 'memory' }, error);
      else fail({ code: 'FILE_CORRUPT' }, error);
    });
    worker.on('exit', (exitCode) => {
      fail({ code: 'FILE_CORRUPT' }, new Error(`parsing worker exited (${exitCode}) without a reply`));
    });
  });
}

function problemFor(code: WorkerFailureCode): Problem {
  switch (code) {
    case 'NOT_A_SPREADSHEET':
      return { code, looksLike: 'other-document' };
    case 'FILE_TOO_LARGE':
      return { code, limit: 'cells', maxCells: MAX_CELLS };
    case 'FILE_CORRUPT':
    case 'FILE_ENCRYPTED':
      return { code };
  }
}

/** Options are programmer input, not user input: a bad value is a bug, so it throws plainly. */
export function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`readWorkbook: ${name} must be a positive number, got ${value}`);
  return value;
}
