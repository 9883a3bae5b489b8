/**
 * The writing half of a lead import: all or nothing for users, in short transactions for the
 * database.
 *
 * Why not one transaction: SQLite has one write lock, and inserting 400,000 leads held it for
 * 4–10 s, past the 5 s another connection's writer (a dialer worker saving a call) waits before
 * it fails with SQLITE_BUSY; inside this process every other query waited as long (the libsql
 * adapter serializes the client's queries while a transaction is open).
 *
 * So the leads are written under a batch whose status is `importing` (visible.ts hides them and
 * the batch from every read), {@link ROWS_PER_TRANSACTION} per transaction straight through the
 * driver (bulk-insert.ts), with a pause after each so that waiting writers get the lock; then
 * one short transaction applies the updates of `existing=update` and marks the batch `done`: the
 * moment the whole import appears. If anything fails, the leads written so far are deleted,
 * again in short transactions, and the batch row with them ({@link removeImport}); if the
 * process dies meanwhile, the next import of the enterprise removes what is left
 * ({@link sweepStaleImports}). Until then the hidden leads hold their numbers: a lead added by
 * hand with one of them is refused as existing, and another import finds them as duplicates.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db, LeadBatch } from '@waihu/db';
import { withDriverTransaction } from '@waihu/db';
import { ROWS_PER_INSERT, insertLeadRows } from './bulk-insert.js';
import type { InsertTarget } from './bulk-insert.js';
import { ROWS_PER_UPDATE, updateLeads } from './bulk-update.js';
import type { SpillFile } from './spill.js';
import { IMPORTING } from './visible.js';

/**
 * Leads per write transaction: 100–130 ms of SQLite's write lock on this machine kind under
 * load (the insert with its indexes and name-search triggers ran at 39,000–49,000 rows/s).
 */
export const ROWS_PER_TRANSACTION = 5_000;
/**
 * The pause after each write transaction, as a share of its duration (and at least
 * {@link MIN_PAUSE_MS}): a writer on another connection polls SQLite's lock (every 100 ms once
 * it has waited a while) and must find it free now and then, or it gives up after its 5 s
 * busy timeout. In-process queries need no pause: they queue on the adapter's lock, first come
 * first served. A tenth of the time costs the insert a tenth of its speed; another connection's
 * writes waited 1–27 ms with a quarter (bench/RESULTS.md).
 */
const PAUSE_SHARE = 0.1;
const MIN_PAUSE_MS = 5;
/** An import older than this that is still `importing` was cut off (its process died): removed by the next import. */
export const STALE_IMPORT_MS = 30 * 60_000;

/** The numbers changed between the lookups and the write: a lead to update is gone, or the batch was swept. */
export class ImportChangedError extends Error {
  constructor() {
    super('the leads changed while the file was imported');
  }
}

/**
 * Inserts the accepted leads under their (importing) batch, {@link ROWS_PER_TRANSACTION} per
 * transaction. Each transaction's rows are read from the spill file before it begins, so the
 * lock is held for the inserts alone.
 * @throws {DuplicateLeadError} when a number was added meanwhile (nothing of the failing transaction stays; the caller removes the rest).
 */
export async function insertInSteps(db: Db, target: InsertTarget, accepted: SpillFile<readonly unknown[]>): Promise<number> {
  const perTransaction = Math.max(1, Math.round(ROWS_PER_TRANSACTION / ROWS_PER_INSERT));
  const blocks = accepted.jsonChunks(ROWS_PER_INSERT)[Symbol.asyncIterator]();
  let inserted = 0;
  for (;;) {
    const group: Buffer[] = [];
    while (group.length < perTransaction) {
      const next = await blocks.next();
      if (next.done) break;
      group.push(next.value);
    }
    if (group.length === 0) return inserted;
    const started = performance.now();
    inserted += await withDriverTransaction(db, async (tx) => {
      let n = 0;
      for (const rows of group) n += await insertLeadRows(tx, target, rows);
      return n;
    });
    await sleep(Math.max(MIN_PAUSE_MS, (performance.now() - started) * PAUSE_SHARE));
  }
}

/**
 * The import's last, short transaction: updates the leads of `existing=update` and marks the
 * batch `done`, which makes every lead of it visible at once.
 * @throws {ImportChangedError} when a lead to update was deleted meanwhile, or the batch is no longer importing.
 */
export async function commitImport(db: Db, batchId: number, updates: SpillFile<[number, string, string]>, enterpriseId: number, now: Date): Promise<LeadBatch> {
  return db.$transaction(async (tx) => {
    let changed = 0;
    for await (const chunk of updates.chunks(ROWS_PER_UPDATE * 5)) {
      changed += await updateLeads(tx, enterpriseId, now, chunk.map(([id, name, fields]) => ({ id, name, fields })));
    }
    if (changed !== updates.length) throw new ImportChangedError();
    const done = await tx.leadBatch.updateMany({ where: { id: batchId, status: IMPORTING }, data: { status: 'done', finishedAt: now } });
    if (done.count !== 1) throw new ImportChangedError();
    return tx.leadBatch.findUniqueOrThrow({ where: { id: batchId } });
  }, { maxWait: 30_000, timeout: 120_000 + updates.length });
}

/** Leads deleted per transaction when an import is undone. */
const DELETE_STEP = 5_000;
const DELETE_SQL = {
  sqlite: `DELETE FROM "Lead" WHERE "id" IN (SELECT "id" FROM "Lead" WHERE "enterpriseId" = ?1 AND "batchId" = ?2 LIMIT ${DELETE_STEP})`,
  postgresql: `DELETE FROM "Lead" WHERE "id" IN (SELECT "id" FROM "Lead" WHERE "enterpriseId" = $1 AND "batchId" = $2 LIMIT ${DELETE_STEP})`,
};

/**
 * Undoes an import that did not commit: its leads, in short transactions, then its batch row
 * (only while still importing: a committed batch is never touched here). The batch row goes
 * last, so an interrupted removal is finished by {@link sweepStaleImports}.
 */
export async function removeImport(db: Db, enterpriseId: number, batchId: number): Promise<void> {
  const batch = await db.leadBatch.findFirst({ where: { id: batchId, status: IMPORTING }, select: { id: true } });
  if (!batch) return;
  for (;;) {
    const deleted = await withDriverTransaction(db, (tx) => tx.execute(DELETE_SQL[tx.provider], [enterpriseId, batchId]));
    if (deleted < DELETE_STEP) break;
    await sleep(MIN_PAUSE_MS);
  }
  await db.leadBatch.deleteMany({ where: { id: batchId, status: IMPORTING } });
}

/** Removes the enterprise's imports that were cut off (still importing after {@link STALE_IMPORT_MS}). */
export async function sweepStaleImports(db: Db, enterpriseId: number, now: Date): Promise<number> {
  const stale = await db.leadBatch.findMany({ where: { status: IMPORTING, createdAt: { lt: new Date(now.getTime() - STALE_IMPORT_MS) } }, select: { id: true } });
  for (const { id } of stale) await removeImport(db, enterpriseId, id);
  return stale.length;
}
