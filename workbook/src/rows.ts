import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { WorkbookError } from './errors.js';
import { workbookError } from './messages.js';
import type { Problem } from './messages.js';
import { MAX_CELLS, WORKER_HEAP_MB, checkBytes, positive } from './read.js';
import { hasZipEnd, sniffFile } from './sniff.js';
import type { CellValue } from './types.js';

/** One row of a sheet with content, as the row reader gives it. */
export interface SheetRow {
  /** 1-based spreadsheet row. */
  readonly row: number;
  /**
   * Column A to the row's last cell with content; empty cells are null. Values as
   * `readWorkbook` gives them (strings, numbers with dates as serial numbers, booleans).
   */
  readonly cells: readonly CellValue[];
  /** 0-based columns whose value is in red font (.xlsx only); absent when there are none. */
  readonly red?: readonly number[];
}

/**
 * What the row reader reads: bytes in memory, or a file on disk (an upload streamed to a
 * temporary file), which is read at offsets and never held whole.
 */
export type SheetSource = Uint8Array | { readonly path: string };

/** Options for {@link openSheetRows}. */
export interface ReadRowsOptions {
  /** The uploaded file's name, quoted back in error messages. */
  readonly fileName?: string;
  /** Largest file accepted, in bytes. Default 10 MiB. */
  readonly maxBytes?: number;
  /**
   * How long the reader may keep its consumer waiting, summed over the whole read (time the
   * consumer spends on rows it was given does not count). Default 15 s.
   */
  readonly timeoutMs?: number;
  /** Most cells a sheet may span (rows × widest row), as readWorkbook's limit. Default 2,000,000. */
  readonly maxCells?: number;
  /** Rows per batch, roughly: a batch is cut between inflated 64 KiB chunks once it holds this many. Default 2,000. */
  readonly batchRows?: number;
}

/** An open file whose sheets can be read row by row. Close it when done (or use `await using`). */
export interface SheetRows extends AsyncDisposable {
  /** Sheet names in the file's order. */
  readonly sheets: readonly string[];
  /**
   * The rows with content of one sheet (by 0-based index or name), in batches, in file order;
   * blank rows are not given (row numbers say where the gaps are). One sheet at a time:
   * starting another, or leaving the loop early, ends the current one.
   * @throws {WorkbookError} while iterating, when the sheet cannot be read.
   */
  rows(sheet: number | string): AsyncIterable<readonly SheetRow[]>;
  /** Stops the worker. Safe to call more than once. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_BATCH_ROWS = 2_000;
/** Batches the worker may read ahead of the consumer: one being used, one ready. */
const READ_AHEAD = 2;

/**
 * Opens an `.xlsx` (streamed) or `.xls`, as bytes or a file on disk, for reading row by row in
 * a worker thread.
 *
 * An .xlsx is never parsed whole: its shared strings are read, then a sheet's XML is inflated
 * and scanned as a stream, and rows come in batches that the worker posts only as fast as the
 * consumer takes them. Memory is the file (bytes are copied to the worker; a file on disk is
 * read 64 KiB at a time and not held at all), its shared strings and a few batches, whatever
 * the row count. Other formats SheetJS reads (a legacy .xls has at most 65,536 rows) are parsed
 * whole in the worker, as `readWorkbook` does, and given out the same way.
 *
 * Unlike `readWorkbook`, rows carry no merged ranges or formula positions: cells hold values
 * (a formula's cached value), which is all a data import uses.
 *
 * @throws {WorkbookError} with the codes of `readWorkbook` (`READ_TIMEOUT` is the only retryable one).
 */
export async function openSheetRows(source: SheetSource, opts: ReadRowsOptions = {}): Promise<SheetRows> {
  const maxBytes = positive(opts.maxBytes, DEFAULT_MAX_BYTES, 'maxBytes');
  const timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const maxCells = positive(opts.maxCells, MAX_CELLS, 'maxCells');
  const batchRows = positive(opts.batchRows, DEFAULT_BATCH_ROWS, 'batchRows');
  let input: { bytes: Uint8Array } | { handle: FileHandle; size: number };
  if (source instanceof Uint8Array) {
    const refused = checkBytes(source, maxBytes);
    if (refused !== undefined) throw workbookError(refused, opts.fileName);
    input = { bytes: source };
  } else {
    const handle = await open(source.path, 'r');
    try {
      const { size, refused } = await checkFile(handle, maxBytes);
      if (refused !== undefined) throw workbookError(refused, opts.fileName);
      input = { handle, size };
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  const reader = new RowReader(input, { fileName: opts.fileName, timeoutMs, maxCells, batchRows });
  try {
    await reader.open();
  } catch (e) {
    await reader.close();
    throw e;
  }
  return reader;
}

/** The checks of `checkBytes` on a file, from its size, its first bytes and its last 64 KiB. */
async function checkFile(handle: FileHandle, maxBytes: number): Promise<{ size: number; refused: Problem | undefined }> {
  const { size } = await handle.stat();
  const at = async (position: number, length: number): Promise<Uint8Array> => {
    const out = new Uint8Array(length);
    const { bytesRead } = await handle.read(out, 0, length, position);
    return out.subarray(0, bytesRead);
  };
  if (size === 0) return { size, refused: { code: 'FILE_EMPTY' } };
  if (size > maxBytes) return { size, refused: { code: 'FILE_TOO_LARGE', limit: 'bytes', sizeBytes: size, maxBytes } };
  const kind = sniffFile(await at(0, Math.min(size, 4096)));
  if (kind === 'cfb') return { size, refused: undefined };
  if (kind !== 'zip') return { size, refused: { code: 'NOT_A_SPREADSHEET', looksLike: kind } };
  const tail = Math.min(size, 22 + 0xffff);
  return { size, refused: hasZipEnd(await at(size - tail, tail)) ? undefined : { code: 'FILE_CORRUPT' } };
}

/**
 * The rows of one sheet (default the first) of `bytes`, in batches; the worker is stopped
 * when the loop ends, however it ends.
 */
export async function* readSheetRows(source: SheetSource, opts: ReadRowsOptions & { readonly sheet?: number | string } = {}): AsyncGenerator<readonly SheetRow[]> {
  const reader = await openSheetRows(source, opts);
  try {
    if (reader.sheets.length === 0) return;
    yield* reader.rows(opts.sheet ?? 0);
  } finally {
    await reader.close();
  }
}

type Message =
  | { type: 'open'; sheets: string[] }
  | { type: 'batch'; gen: number; rows: SheetRow[] }
  | { type: 'end'; gen: number };

class RowReader implements SheetRows {
  sheets: readonly string[] = [];
  private readonly worker: Worker;
  private readonly fileName: string | undefined;
  private readonly maxCells: number;
  private budgetMs: number;
  private readonly timeoutMs: number;
  private gen = 0;
  private queue: Message[] = [];
  private failure: WorkbookError | undefined;
  private waiter: { resolve: () => void; started: number; timer: NodeJS.Timeout } | undefined;
  private closed = false;
  /** The open file, when reading one from disk: closed after the worker has ended. */
  private readonly handle: FileHandle | undefined;

  constructor(input: { bytes: Uint8Array } | { handle: FileHandle; size: number }, o: { fileName: string | undefined; timeoutMs: number; maxCells: number; batchRows: number }) {
    this.fileName = o.fileName;
    this.maxCells = o.maxCells;
    this.budgetMs = o.timeoutMs;
    this.timeoutMs = o.timeoutMs;
    let file: { bytes: Uint8Array } | { fd: number; size: number };
    let transferList: ArrayBuffer[] = [];
    if ('bytes' in input) {
      // A private copy, transferred: the caller's array stays usable (see read.ts).
      const copy = new Uint8Array(input.bytes.byteLength);
      copy.set(input.bytes);
      file = { bytes: copy };
      transferList = [copy.buffer];
    } else {
      // The worker reads the descriptor at offsets; this side owns it and closes it.
      this.handle = input.handle;
      file = { fd: input.handle.fd, size: input.size };
    }
    this.worker = new Worker(new URL('./rows-worker.mjs', import.meta.url), {
      workerData: { ...file, maxCells: o.maxCells, batchRows: o.batchRows },
      transferList,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      execArgv: [],
    });
    this.worker.on('message', (data: unknown) => this.receive(data));
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { code: 'FILE_TOO_LARGE', limit: 'memory' } : { code: 'FILE_CORRUPT' }, error);
    });
    this.worker.on('exit', (exitCode) => {
      if (!this.closed) this.fail({ code: 'FILE_CORRUPT' }, new Error(`row reader worker exited (${exitCode})`));
    });
  }

  async open(): Promise<void> {
    const m = await this.next(0);
    if (m.type !== 'open') throw this.fail({ code: 'FILE_CORRUPT' }, new Error(`unexpected ${m.type} before open`));
    this.sheets = m.sheets;
  }

  async *rows(sheet: number | string): AsyncGenerator<readonly SheetRow[]> {
    const index = typeof sheet === 'number' ? sheet : this.sheets.indexOf(sheet);
    if (!(Number.isSafeInteger(index) && index >= 0 && index < this.sheets.length)) {
      throw new RangeError(`openSheetRows: no sheet ${JSON.stringify(sheet)} (the file has ${this.sheets.length})`);
    }
    const gen = ++this.gen;
    this.queue = [];
    this.worker.postMessage({ cmd: 'sheet', index, gen, credits: READ_AHEAD });
    try {
      for (;;) {
        const m = await this.next(gen);
        if (m.type !== 'batch') return;
        this.worker.postMessage({ cmd: 'credit', gen }); // taken: the worker may read one more
        yield m.rows;
      }
    } finally {
      if (this.gen === gen && !this.closed && this.failure === undefined) {
        this.gen++;
        this.queue = [];
        this.worker.postMessage({ cmd: 'stop', gen: this.gen });
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.waiter) clearTimeout(this.waiter.timer);
    await this.worker.terminate().catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The next message of run `gen`, waiting (within the time budget) if none is queued. */
  private async next(gen: number): Promise<Message> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.closed) throw new Error('openSheetRows: the reader was closed');
      const i = this.queue.findIndex((m) => m.type === 'open' || m.gen === gen);
      if (i >= 0) return this.queue.splice(i, 1)[0]!;
      this.queue = this.queue.filter((m) => m.type === 'open' || m.gen >= gen);
      await new Promise<void>((resolve) => {
        const started = performance.now();
        const timer = setTimeout(() => this.fail({ code: 'READ_TIMEOUT', timeoutMs: this.timeoutMs }), Math.max(1, this.budgetMs));
        this.waiter = { resolve, started, timer };
      });
    }
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    this.budgetMs -= performance.now() - w.started;
    w.resolve();
  }

  private fail(problem: Problem, cause?: unknown): WorkbookError {
    if (this.failure === undefined && !this.closed) {
      this.failure = workbookError(problem, this.fileName, cause);
      this.worker.terminate().catch(() => undefined);
    }
    this.wake();
    return this.failure ?? workbookError(problem, this.fileName, cause);
  }

  private receive(data: unknown): void {
    const m = checkMessage(data);
    if (m === undefined) {
      this.fail({ code: 'FILE_CORRUPT' }, new Error('malformed message from the row reader worker'));
      return;
    }
    if ('code' in m) {
      this.fail(problemFor(m.code, m.limit, this.maxCells), new Error(m.reason));
      return;
    }
    this.queue.push(m);
    this.wake();
  }
}

type WorkerFailure = { code: string; limit: string | undefined; reason: string };

function problemFor(code: string, limit: string | undefined, maxCells: number): Problem {
  switch (code) {
    case 'NOT_A_SPREADSHEET':
      return { code, looksLike: 'other-document' };
    case 'FILE_TOO_LARGE':
      return limit === 'memory' ? { code, limit } : { code, limit: 'cells', maxCells };
    case 'FILE_ENCRYPTED':
      return { code };
    default:
      return { code: 'FILE_CORRUPT' };
  }
}

/**
 * Checks a worker message. As with readWorkbook's worker, the thread may have run SheetJS
 * over a hostile file, so only plain, well-typed values cross into this realm.
 */
function checkMessage(data: unknown): Message | WorkerFailure | undefined {
  if (!isRecord(data)) return undefined;
  switch (data['type']) {
    case 'open':
      return Array.isArray(data['sheets']) && data['sheets'].every((s) => typeof s === 'string') ? { type: 'open', sheets: data['sheets'] as string[] } : undefined;
    case 'end':
      return isIndex(data['gen']) ? { type: 'end', gen: data['gen'] as number } : undefined;
    case 'error':
      return {
        code: typeof data['code'] === 'string' ? data['code'] : 'FILE_CORRUPT',
        limit: typeof data['limit'] === 'string' ? data['limit'] : undefined,
        reason: typeof data['reason'] === 'string' ? data['reason'] : '',
      };
    case 'batch': {
      const { gen, rows, cells, red } = data;
      if (!isIndex(gen) || !Array.isArray(rows) || !Array.isArray(cells) || !Array.isArray(red) || rows.length !== cells.length || red.length % 2 !== 0) return undefined;
      const out: { row: number; cells: CellValue[]; red?: number[] }[] = [];
      for (let i = 0; i < rows.length; i++) {
        const row: unknown = rows[i];
        const values: unknown = cells[i];
        if (!isIndex(row) || row < 1 || !Array.isArray(values) || !values.every(isCellValue)) return undefined;
        out.push({ row, cells: values });
      }
      for (let i = 0; i < red.length; i += 2) {
        const at: unknown = red[i];
        const col: unknown = red[i + 1];
        if (!isIndex(at) || !isIndex(col) || at >= out.length) return undefined;
        const target = out[at]!;
        (target.red ??= []).push(col);
      }
      return { type: 'batch', gen, rows: out };
    }
    default:
      return undefined;
  }
}

function isCellValue(value: unknown): value is CellValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function isIndex(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
