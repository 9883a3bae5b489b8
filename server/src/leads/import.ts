/**
 * Importing a lead batch from a spreadsheet, all or nothing.
 *
 * The order keeps the write short: read the file (in a worker), check every row (plan.ts),
 * look up which numbers already exist or are blacklisted in chunks of {@link LOOKUP_CHUNK}
 * (`in` queries on the unique (enterpriseId, phone) indexes, never one query per row), and only
 * then open one transaction that creates the LeadBatch and inserts the accepted leads in
 * multi-row chunks (bulk-insert.ts says why those are raw SQL). On SQLite that transaction
 * holds the one connection, so everything that can happen before it does.
 *
 * A number added by someone else between the lookup and the insert makes the insert fail on
 * the unique index: the transaction rolls back and the caller gets a retryable 409.
 */
import type { Db } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import type { CellValue, Workbook } from '@waihu/engine';
import { WorkbookError, readWorkbook } from '@waihu/workbook';
import { ApiError } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { findLayout } from './columns.js';
import type { LayoutIssue } from './columns.js';
import { leadFieldDefs } from './fields.js';
import { planRows, rejectRow } from './plan.js';
import type { RejectCode, RejectedRow } from './plan.js';
import { encodeReport } from './report.js';
import { batchView } from './batches.js';
import { DuplicateLeadError, insertLeads } from './bulk-insert.js';
import type { BatchView } from './batches.js';

/** Phones per `in (…)` lookup: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const LOOKUP_CHUNK = 1_000;
/** Rejected rows returned inline; all of them are in the downloadable report. */
export const INLINE_REJECTS = 100;
/** Longest a file may take to parse. SheetJS reads 200,000 rows in a few seconds. */
const READ_TIMEOUT_MS = 60_000;

export interface ImportInput {
  /** The caller's enterprise (from the principal): the bulk insert is raw SQL, outside the scoped client. */
  readonly enterpriseId: number;
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** 导入批次 as the user named it; null: one is made from the time. */
  readonly batchCode: string | null;
  readonly userId: number;
  readonly now: Date;
  readonly maxBytes: number;
}

export interface ImportResult {
  readonly batch: BatchView;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
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

async function readFile(bytes: Uint8Array, fileName: string, maxBytes: number): Promise<Workbook> {
  try {
    return await readWorkbook(bytes, { fileName, maxBytes, timeoutMs: READ_TIMEOUT_MS });
  } catch (e) {
    if (e instanceof WorkbookError) throw new ApiError(e.code === 'FILE_TOO_LARGE' ? 413 : 400, e.code, e.messageEn, { zh: e.messageZh }, e.retryable);
    throw e;
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

/** Imports one file as a new batch. Throws ApiError (nothing written) for a file that cannot be a lead list. */
export async function importLeads(db: Db, input: ImportInput): Promise<ImportResult> {
  const [defs, code] = await Promise.all([leadFieldDefs(db), freeBatchCode(db, input.batchCode, input.now)]);
  const wb = await readFile(input.bytes, input.fileName, input.maxBytes);
  const found = findLayout(wb, defs);
  if (!found.ok) {
    const empty = found.issues.every((i) => i.code === 'FILE_NO_ROWS');
    throw new ApiError(422, empty ? 'LEAD_FILE_EMPTY' : 'LEAD_TEMPLATE_MISMATCH',
      empty ? 'the file has no rows; nothing was imported' : `the file does not match the lead template: ${found.issues[0]!.en}; nothing was imported`,
      { issues: found.issues });
  }
  const { layout } = found;
  const plan = planRows(layout);
  if (plan.total === 0) {
    throw new ApiError(422, 'LEAD_FILE_EMPTY', 'no lead rows below the header; nothing was imported', {
      issues: [{ code: 'FILE_NO_ROWS', sheet: layout.sheet.name, row: layout.headerRow + 1, column: null, zh: '表头下面没有数据', en: 'no rows below the header' }],
    });
  }

  const phones = plan.candidates.map((c) => c.phone);
  const blacklisted = await phonesIn(db, 'blacklist', phones);
  const existing = await phonesIn(db, 'lead', phones);
  const rejected = plan.rejected;
  const accepted = plan.candidates.filter((c) => {
    const why = blacklisted.has(c.phone) ? 'BLACKLISTED' : existing.has(c.phone) ? 'DUPLICATE_EXISTING' : null;
    if (why) rejected.push(rejectRow(c.row, layout.sheet.rows[c.row - 1]!, why));
    return why === null;
  });
  rejected.sort((a, b) => a.row - b.row);
  const reasons: Partial<Record<RejectCode, number>> = {};
  for (const r of rejected) reasons[r.code] = (reasons[r.code] ?? 0) + 1;
  const header: readonly CellValue[] = layout.sheet.rows[layout.headerRow]!;
  const report = encodeReport(layout.sheet.name, header, rejected);

  const batch = await db.$transaction(async (tx) => {
    let created;
    try {
      created = await tx.leadBatch.create({
        data: tenantOwned({
          code, fileName: input.fileName, status: 'done', totalRows: plan.total, accepted: accepted.length, rejected: rejected.length,
          duplicates: (reasons.DUPLICATE_IN_FILE ?? 0) + (reasons.DUPLICATE_EXISTING ?? 0), blacklisted: reasons.BLACKLISTED ?? 0,
          rejectReportKey: report, createdById: input.userId, createdAt: input.now, finishedAt: input.now,
        }),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw batchCodeTaken(code);
      throw e;
    }
    try {
      const rows = accepted.map((c) => ({ name: c.name, phone: c.phone, fields: JSON.stringify(c.fields) }));
      await insertLeads(tx, input.enterpriseId, created.id, input.userId, input.now, rows);
    } catch (e) {
      if (e instanceof DuplicateLeadError) {
        throw new ApiError(409, 'IMPORT_CONFLICT', 'some of these numbers were added while the file was imported; nothing was imported, try again', undefined, true);
      }
      throw e;
    }
    return created;
  }, { maxWait: 30_000, timeout: 120_000 + accepted.length });

  return {
    batch: batchView(batch, accepted.length),
    total: plan.total,
    accepted: accepted.length,
    rejected: rejected.length,
    reasons,
    rejectedRows: rejected.slice(0, INLINE_REJECTS),
    rejectedRowsComplete: rejected.length <= INLINE_REJECTS,
    warnings: layout.warnings,
  };
}
