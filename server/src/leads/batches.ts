/** 导入批次: the batches of an enterprise with their import counts and how many leads are left in each. */
import type { Db, LeadBatch } from '@waihu/db';
import { notFound } from '../errors.js';
import type { FileStore } from '../storage/index.js';
import { loadReport } from './report.js';
import type { DecodedReport } from './report.js';
import { VISIBLE_BATCH } from './visible.js';

export interface BatchView {
  readonly id: number;
  readonly code: string;
  readonly fileName: string | null;
  readonly status: string;
  /** Data rows in the file. */
  readonly totalRows: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Rejected as duplicates, within the file or of existing leads. */
  readonly duplicates: number;
  readonly blacklisted: number;
  /** Rows whose number was already a lead and that updated it (import mode existing=update). */
  readonly updated: number;
  /** Leads of this batch now (fewer than `accepted` after deletions). */
  readonly leads: number;
  readonly hasRejectedReport: boolean;
  readonly createdById: number | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/** Every column but the report, which can be megabytes. */
const SUMMARY = {
  id: true, code: true, fileName: true, status: true, totalRows: true, accepted: true, rejected: true, duplicates: true,
  blacklisted: true, updated: true, createdById: true, createdAt: true, finishedAt: true, rejectReportKey: false,
} as const;

type BatchRow = Omit<LeadBatch, 'enterpriseId' | 'rejectReportKey'>;

export function batchView(b: BatchRow & { rejectReportKey?: string | null }, leads: number, hasReport = b.rejected > 0): BatchView {
  return {
    id: b.id, code: b.code, fileName: b.fileName, status: b.status, totalRows: b.totalRows, accepted: b.accepted, rejected: b.rejected,
    duplicates: b.duplicates, blacklisted: b.blacklisted, updated: b.updated, leads, hasRejectedReport: hasReport,
    createdById: b.createdById, createdAt: b.createdAt.toISOString(), finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

async function leadCounts(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const groups = await db.lead.groupBy({ by: ['batchId'], where: { batchId: { in: ids } }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.batchId!, g._count._all]));
}

/** Newest first, paginated. */
export async function listBatches(db: Db, page: number, pageSize: number, code?: string): Promise<{ items: BatchView[]; total: number }> {
  // A batch still importing is not shown (visible.ts): it appears when its import commits.
  const where = code ? { code: { contains: code }, ...VISIBLE_BATCH } : VISIBLE_BATCH;
  const [rows, total] = await Promise.all([
    db.leadBatch.findMany({ where, select: SUMMARY, orderBy: { id: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
    db.leadBatch.count({ where }),
  ]);
  const counts = await leadCounts(db, rows.map((r) => r.id));
  return { items: rows.map((r) => batchView(r, counts.get(r.id) ?? 0)), total };
}

export async function getBatch(db: Db, id: number): Promise<BatchView> {
  const row = await db.leadBatch.findFirst({ where: { id, ...VISIBLE_BATCH }, select: SUMMARY });
  if (!row) throw notFound('lead batch');
  const counts = await leadCounts(db, [id]);
  return batchView(row, counts.get(id) ?? 0);
}

/** The batch code and its stored rejected-rows report (null when nothing was rejected). */
export async function batchReport(db: Db, files: FileStore, id: number): Promise<{ code: string; report: DecodedReport | null }> {
  const row = await db.leadBatch.findFirst({ where: { id, ...VISIBLE_BATCH }, select: { code: true, rejectReportKey: true } });
  if (!row) throw notFound('lead batch');
  return { code: row.code, report: await loadReport(files, row.rejectReportKey) };
}
