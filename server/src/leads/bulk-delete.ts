/**
 * 批量删除: deleting many leads at once — chosen rows by id, or everything a search finds — and
 * deleting a batch. Leads on a call right now are never deleted (the dialer holds their queue
 * row); they are counted and left, like the single delete's 409.
 *
 * A search can match a million leads: they are deleted in chunks of {@link DELETE_CHUNK}, each
 * one statement, so the database never holds one huge transaction (on SQLite, the only write
 * lock). A crash part-way leaves the rest undeleted, never a lead half-deleted; repeating the
 * request finishes the job.
 */
import type { Db, Prisma } from '@waihu/db';
import { conflict, notFound } from '../errors.js';
import type { FileStore } from '../storage/index.js';
import { REPORT_KEY_PREFIX } from './report.js';
import { VISIBLE, VISIBLE_BATCH } from './visible.js';

/** Ids per delete statement: Prisma caps bound parameters at 999 on SQLite (P2029 beyond). */
export const DELETE_CHUNK = 500;
/** Most ids one request may name; more: delete by search. */
export const DELETE_IDS_MAX = 1_000;

export interface DeleteResult {
  /** Leads deleted. */
  readonly deleted: number;
  /** Leads left because they are being called. */
  readonly busy: number;
}

// Leads of an import still being written (visible.ts) are never deleted here: the import removes them itself if it fails.
const notCalling: Prisma.LeadWhereInput = { status: { not: 'CALLING' }, ...VISIBLE };

/** Deletes the leads `where` matches (scoped client: the caller's enterprise only). */
export async function deleteLeadsWhere(db: Db, where: Prisma.LeadWhereInput): Promise<DeleteResult> {
  let deleted = 0;
  for (;;) {
    const ids = (await db.lead.findMany({ where: { AND: [where, notCalling] }, select: { id: true }, orderBy: { id: 'asc' }, take: DELETE_CHUNK })).map((l) => l.id);
    if (ids.length === 0) break;
    // The status check again: the dialer may pick a lead up between the read and the delete.
    deleted += (await db.lead.deleteMany({ where: { id: { in: ids }, ...notCalling } })).count;
    if (ids.length < DELETE_CHUNK) break;
  }
  const busy = await db.lead.count({ where: { AND: [where, { status: 'CALLING' }] } });
  return { deleted, busy };
}

/** Deletes chosen leads; ids that are not the caller's enterprise's leads are ignored. */
export async function deleteLeadIds(db: Db, ids: readonly number[]): Promise<DeleteResult> {
  let deleted = 0;
  let busy = 0;
  // In chunks: a statement naming 1,000 ids would pass SQLite's parameter cap.
  for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
    const r = await deleteLeadsWhere(db, { id: { in: ids.slice(i, i + DELETE_CHUNK) } });
    deleted += r.deleted;
    busy += r.busy;
  }
  return { deleted, busy };
}

/**
 * Deletes what a search finds, if it still finds `expected` leads: the number the user was shown
 * and agreed to delete. Someone importing or deleting meanwhile makes it a 409, not a surprise.
 */
export async function deleteSearch(db: Db, where: Prisma.LeadWhereInput | null, expected: number): Promise<DeleteResult> {
  const total = where === null ? 0 : await db.lead.count({ where });
  if (total !== expected) {
    throw conflict('LEAD_COUNT_CHANGED', `the search now finds ${total} leads, not ${expected}; look again before deleting`, { total });
  }
  return where === null ? { deleted: 0, busy: 0 } : deleteLeadsWhere(db, where);
}

/**
 * Deletes a batch: its leads (unless some are being called: then nothing of the batch row goes,
 * 409 BATCH_BUSY after the others are deleted), its report of rejected rows, and the batch.
 */
export async function deleteBatch(db: Db, files: FileStore, id: number): Promise<DeleteResult> {
  const batch = await db.leadBatch.findFirst({ where: { id, ...VISIBLE_BATCH }, select: { id: true, rejectReportKey: true } });
  if (!batch) throw notFound('lead batch');
  const result = await deleteLeadsWhere(db, { batchId: id });
  if (result.busy > 0) {
    throw conflict('BATCH_BUSY', `${result.busy} leads of the batch are being called; ${result.deleted} others were deleted; delete the batch after the calls`, result);
  }
  await db.leadBatch.delete({ where: { id } });
  // After the row: a report whose batch is gone is garbage; a batch whose report is gone is a bug.
  if (batch.rejectReportKey?.startsWith(REPORT_KEY_PREFIX)) await files.delete(batch.rejectReportKey).catch(() => undefined);
  return result;
}
