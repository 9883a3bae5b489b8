/**
 * Leads of an import that has not finished are not leads yet. A big import writes its leads in
 * many short transactions (import-write.ts says why) under a batch whose status is
 * {@link IMPORTING}; the last transaction marks the batch `done`, and only then may any of its
 * leads be seen, edited, deleted, exported, counted or called. Every read of leads in this
 * module goes through {@link VISIBLE} (searches through `whereOf`, one lead through its id).
 *
 * One filter in the same statement, not a list of hidden batches fetched first: a statement
 * reads one snapshot, so a batch committing meanwhile appears whole or not at all.
 */
import type { Prisma } from '@waihu/db';

/** LeadBatch.status while its leads are being written. */
export const IMPORTING = 'importing';

/** Batches users may see: not those still importing. */
export const VISIBLE_BATCH: Prisma.LeadBatchWhereInput = { status: { not: IMPORTING } };

/**
 * Leads users may see: those of no batch or not of a batch still importing. Said as "not in the
 * importing batches" (one uncorrelated subquery, almost always empty) rather than "in a finished
 * batch", which the client makes a lookup per lead: counting 1,000,000 leads took twice as long.
 */
export const VISIBLE: Prisma.LeadWhereInput = { OR: [{ batchId: null }, { NOT: { batch: { status: IMPORTING } } }] };

/** `where` narrowed to visible leads. */
export const visible = (where: Prisma.LeadWhereInput): Prisma.LeadWhereInput => ({ AND: [where, VISIBLE] });
