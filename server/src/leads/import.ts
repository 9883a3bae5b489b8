/**
 * Importing a lead batch from a spreadsheet, all or nothing.
 *
 * The order keeps the write short and the memory flat: the file is read row by row in a
 * worker (`openSheetRows`: an .xlsx is streamed, from the upload's temporary file, never parsed
 * or held whole), each row is checked as it arrives (plan.ts), and which numbers already exist
 * or are blacklisted is looked up in chunks of {@link LOOKUP_CHUNK} while the worker reads on
 * (import-rows.ts; raw SQL with the chunk's numbers as one JSON parameter on the unique
 * (enterpriseId, phone) indexes, never one query per row; lookup.ts says why). Rows to write go
 * to a temporary file and rejected rows to the report in the file
 * store as they come, so memory does not grow with the row count. Only then are the leads written
 * (import-write.ts): under a batch that stays hidden until the last of several short
 * transactions marks it done, so that users see the whole import or nothing while SQLite's one
 * write lock is never held long; bulk-insert.ts says why the inserts go through the driver.
 *
 * A number added (or a lead deleted) by someone else between the lookup and the write makes
 * the write fail: what was written is removed, the report is deleted and the caller gets a
 * retryable 409.
 */
import type { Db } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import { WorkbookError, openSheetRows } from '@waihu/workbook';
import type { SheetRows, SheetSource } from '@waihu/workbook';
import { ApiError } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { StorageError, storageApiError } from '../storage/index.js';
import type { FileStore } from '../storage/index.js';
import type { LayoutIssue } from './columns.js';
import { leadFieldDefs } from './fields.js';
import type { RejectCode, RejectedRow } from './plan.js';
import { InlineReport, ReportWriter } from './report.js';
import { batchView } from './batches.js';
import { DuplicateLeadError } from './bulk-insert.js';
import { ImportChangedError, commitImport, insertInSteps, removeImport, sweepStaleImports } from './import-write.js';
import { IMPORTING } from './visible.js';
import type { BatchView } from './batches.js';
import { INLINE_REJECTS, ImportRows, LOOKUP_CHUNK, locate } from './import-rows.js';
import type { ExistingMode } from './import-rows.js';
import { Scratch } from './spill.js';

export { INLINE_REJECTS, LOOKUP_CHUNK };
export type { ExistingMode };
/**
 * Longest the import may wait for the file's rows, summed (database lookups do not count).
 * The stream reader reads 100,000 rows in under a second; a legacy .xls is parsed whole.
 */
const READ_TIMEOUT_MS = 60_000;
/**
 * Rows per batch from the reader. Smaller than its default (2,000) so that the batches read
 * ahead die young: with 2,000 rows, the rows queued while one batch waits for its lookups lived
 * through two young-generation collections and were promoted, which left about 15% more
 * old-generation garbage per row (measured with --trace-gc-nvp) and no speed gained.
 */
const BATCH_ROWS = 500;

export interface ImportInput {
  /** The caller's enterprise (from the principal): the lookups and the bulk insert are raw SQL, outside the scoped client. */
  readonly enterpriseId: number;
  /** The spreadsheet: a file on disk (the upload, streamed there) or bytes. */
  readonly file?: SheetSource;
  /** The spreadsheet's bytes: the same as `file` (kept for callers of before). */
  readonly bytes?: Uint8Array;
  readonly fileName: string;
  /**
   * Where the report of rejected rows is written, as rows are rejected. Without one (the seed)
   * the report is kept in memory and stored inline in the batch row, as before the store.
   */
  readonly files?: FileStore;
  /** 导入批次 as the user named it; null: one is made from the time. */
  readonly batchCode: string | null;
  readonly userId: number;
  readonly now: Date;
  readonly maxBytes: number;
  /** A row whose number is already a lead: rejected as DUPLICATE_EXISTING (`skip`, the default) or updating that lead (`update`). */
  readonly existing?: ExistingMode;
}

export interface ImportResult {
  readonly batch: BatchView;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Rows that updated an existing lead's name and fields (`existing: 'update'`). */
  readonly updated: number;
  /** Rejected rows per reason code. */
  readonly reasons: Partial<Record<RejectCode, number>>;
  /** The first rejected rows, in file order. */
  readonly rejectedRows: readonly RejectedRow[];
  /** Whether every rejected row is in `rejectedRows`; if not, download the report. */
  readonly rejectedRowsComplete: boolean;
  readonly warnings: readonly LayoutIssue[];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `20261121-170000`, in China time (UTC+8, no daylight saving): what users see as 批次号. */
export function defaultBatchCode(now: Date): string {
  const t = new Date(now.getTime() + 8 * 3_600_000);
  return `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}-${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
}

const batchCodeTaken = (code: string): ApiError =>
  new ApiError(409, 'BATCH_CODE_TAKEN', `batch "${code}" already exists; choose another batch name`, { batch: code });

async function freeBatchCode(db: Db, wanted: string | null, now: Date): Promise<string> {
  if (wanted !== null) {
    if (await db.leadBatch.findFirst({ where: { code: wanted }, select: { id: true } })) throw batchCodeTaken(wanted);
    return wanted;
  }
  const base = defaultBatchCode(now);
  const used = new Set((await db.leadBatch.findMany({ where: { code: { startsWith: base } }, select: { code: true } })).map((b) => b.code));
  for (let n = 1; ; n++) {
    const code = n === 1 ? base : `${base}-${n}`;
    if (!used.has(code)) return code;
  }
}

function fileError(e: unknown): unknown {
  if (e instanceof WorkbookError) return new ApiError(e.code === 'FILE_TOO_LARGE' ? 413 : 400, e.code, e.messageEn, { zh: e.messageZh }, e.retryable);
  if (e instanceof StorageError) return storageApiError(e);
  return e;
}

async function openFile(file: SheetSource, fileName: string, maxBytes: number): Promise<SheetRows> {
  try {
    return await openSheetRows(file, { fileName, maxBytes, timeoutMs: READ_TIMEOUT_MS, batchRows: BATCH_ROWS });
  } catch (e) {
    throw fileError(e);
  }
}

/** Which of `phones` are already in `table` (leads or blacklist), in chunks. */
export async function phonesIn(db: Db, table: 'lead' | 'blacklist', phones: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < phones.length; i += LOOKUP_CHUNK) {
    const chunk = phones.slice(i, i + LOOKUP_CHUNK);
    const where = { phone: { in: chunk } };
    const rows = table === 'lead'
      ? await db.lead.findMany({ where, select: { phone: true } })
      : await db.blacklist.findMany({ where, select: { phone: true } });
    for (const r of rows) found.add(r.phone);
  }
  return found;
}

/**
 * Reads, checks and looks up every row of the file; nothing is written but the report of
 * rejected rows (removed again if this fails) and the rows to write, in `scratch`.
 */
async function readRows(db: Db, input: ImportInput, defs: Awaited<ReturnType<typeof leadFieldDefs>>, scratch: Scratch): Promise<ImportRows> {
  const file = input.file ?? input.bytes;
  if (file === undefined) throw new TypeError('importLeads: no file');
  const reader = await openFile(file, input.fileName, input.maxBytes);
  let rows: ImportRows | undefined;
  try {
    const { layout, rest, batches, width } = await locate(reader, defs);
    rows = new ImportRows(db, layout, input.existing ?? 'skip', width, {
      enterpriseId: input.enterpriseId,
      scratch,
      newReport: (header) => (input.files ? new ReportWriter(input.files, input.enterpriseId, layout.sheetName, header) : new InlineReport(layout.sheetName, header)),
    });
    await rows.add(rest);
    for (let next = await batches.next(); !next.done; next = await batches.next()) await rows.add(next.value);
    if (rows.planner.total === 0) {
      throw new ApiError(422, 'LEAD_FILE_EMPTY', 'no lead rows below the header; nothing was imported', {
        issues: [{ code: 'FILE_NO_ROWS', sheet: layout.sheetName, row: layout.headerRow + 1, column: null, zh: '表头下面没有数据', en: 'no rows below the header' }],
      });
    }
    await rows.finish();
    return rows;
  } catch (e) {
    await rows?.discard();
    await rows?.close();
    throw fileError(e);
  } finally {
    await reader.close();
  }
}

const importConflict = (): ApiError =>
  new ApiError(409, 'IMPORT_CONFLICT', 'some of these numbers were added or removed while the file was imported; nothing was imported, try again', undefined, true);

/** Imports one file as a new batch. Throws ApiError (nothing written) for a file that cannot be a lead list. */
export async function importLeads(db: Db, input: ImportInput): Promise<ImportResult> {
  const [defs, code] = await Promise.all([leadFieldDefs(db), freeBatchCode(db, input.batchCode, input.now), sweepStaleImports(db, input.enterpriseId, input.now)]);
  const scratch = new Scratch();
  let read: ImportRows | undefined;
  try {
    read = await readRows(db, input, defs, scratch);
    const { layout, accepted, updates, reasons } = read;
    let created;
    try {
      // Hidden (visible.ts) until commitImport marks it done.
      created = await db.leadBatch.create({
        data: tenantOwned({
          code, fileName: input.fileName, status: IMPORTING, totalRows: read.planner.total, accepted: accepted.length, rejected: read.rejected,
          duplicates: (reasons.DUPLICATE_IN_FILE ?? 0) + (reasons.DUPLICATE_EXISTING ?? 0), blacklisted: reasons.BLACKLISTED ?? 0, updated: updates.length,
          rejectReportKey: read.reportKey, createdById: input.userId, createdAt: input.now, finishedAt: null,
        }),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw batchCodeTaken(code);
      throw e;
    }
    let batch;
    try {
      await insertInSteps(db, { enterpriseId: input.enterpriseId, batchId: created.id, createdById: input.userId, at: input.now }, accepted);
      batch = await commitImport(db, created.id, updates, input.enterpriseId, input.now);
    } catch (e) {
      // Nothing of it may stay; if even this fails, the next import's sweep finishes it.
      await removeImport(db, input.enterpriseId, created.id).catch(() => undefined);
      if (e instanceof DuplicateLeadError || e instanceof ImportChangedError) throw importConflict();
      throw e;
    }

    return {
      batch: batchView(batch, accepted.length),
      total: read.planner.total,
      accepted: accepted.length,
      rejected: read.rejected,
      updated: updates.length,
      reasons,
      rejectedRows: read.firstRejected(),
      rejectedRowsComplete: read.rejected <= INLINE_REJECTS,
      warnings: layout.warnings,
    };
  } catch (e) {
    await read?.discard();
    throw e;
  } finally {
    await read?.close();
    await scratch.remove();
  }
}
