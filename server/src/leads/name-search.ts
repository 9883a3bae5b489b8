/**
 * Searching leads by part of the name through SQLite's name index instead of a scan of the
 * enterprise's leads (240 ms at 1,000,000 leads; bench/RESULTS.md "API latency").
 *
 * The index is two FTS5 tables the migration `lead_name_search` made and its triggers keep in
 * step with every write to Lead (the API's, an import's bulk insert, a bulk delete):
 * - `LeadNameTrigram` (trigram tokenizer) for three characters or more: the text as a phrase
 *   finds every name that contains it;
 * - `LeadNameChars` (each character of a name a token) for one or two: trigrams cannot answer
 *   them, and most Chinese names are two or three characters, so "王伟" must be fast too; the
 *   characters as a phrase ("王 伟") find the names with those characters next to each other.
 * Both are supersets of what `contains` means (they fold case beyond ASCII, the second ignores
 * punctuation), so each match is checked again with the LIKE that `contains` is: the answer is
 * exactly the scan's. A name of punctuation only (no token) falls back to the scan.
 *
 * Why raw SQL: the client cannot express a full-text match; and the enterprise is compared as
 * `+"enterpriseId"`, which SQLite cannot answer from an index, so that the planner starts from
 * the match rather than from the enterprise's leads (without statistics it takes the
 * enterprise's index to be selective, and scanned it). Tenant-safe as the import's raw SQL is:
 * the enterprise is the principal's, passed by the route, and every value is a parameter.
 *
 * PostgreSQL needs none of this: `contains` is LIKE '%…%', which its trigram GIN index answers.
 */
import type { Db } from '@waihu/db';
import type { ResolvedFilter } from './store.js';
import { IMPORTING } from './visible.js';

/** A keyset cursor: the creation time and id of the last lead seen. */
export interface CursorKey {
  readonly at: Date;
  readonly id: number;
}

/** The FTS5 table and MATCH expression for a name; null when neither table can answer it. */
export function nameMatch(name: string): { table: 'LeadNameTrigram' | 'LeadNameChars'; match: string } | null {
  const chars = [...name];
  if (chars.length >= 3) return { table: 'LeadNameTrigram', match: `"${name.replaceAll('"', '""')}"` };
  // Letters and digits are the tokenizer's token characters (unicode61: L*, N*, Co); others
  // separate tokens and are not indexed, so they are left out of the phrase (the LIKE checks them).
  const tokens = chars.filter((c) => /[\p{L}\p{N}]/u.test(c));
  return tokens.length === 0 ? null : { table: 'LeadNameChars', match: `"${tokens.join(' ')}"` };
}

const likeContains = (text: string): string => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * One page of the leads whose name contains `f.name` (and that pass the other filters), newest
 * first: their ids, and the total when `count`. Null when this cannot answer (PostgreSQL, no
 * name, a name no table indexes): the caller searches through the client.
 */
export async function searchByName(db: Db, enterpriseId: number, f: ResolvedFilter, page: { after?: CursorKey | undefined; skip: number; take: number; count: boolean }): Promise<{ ids: number[]; total: number | null } | null> {
  if (!f.name || (db as { _activeProvider?: string })._activeProvider === 'postgresql') return null;
  const m = nameMatch(f.name);
  if (m === null) return null;
  const args: unknown[] = [m.match, enterpriseId, likeContains(f.name)];
  const where = [
    `l."id" IN (SELECT rowid FROM "${m.table}" WHERE "${m.table}" MATCH ?)`,
    '+l."enterpriseId" = ?',
    `l."name" LIKE ? ESCAPE '\\'`,
    // Leads of an import still being written are not shown (visible.ts).
    `(l."batchId" IS NULL OR l."batchId" IN (SELECT "id" FROM "LeadBatch" WHERE "status" <> '${IMPORTING}'))`,
  ];
  if (f.phone) {
    where.push('l."phone" >= ?');
    args.push(f.phone.gte);
    if (f.phone.lt !== undefined) {
      where.push('l."phone" < ?');
      args.push(f.phone.lt);
    }
  }
  if (f.batchId !== undefined) {
    where.push('l."batchId" = ?');
    args.push(f.batchId);
  }
  for (const [column, values] of [['grade', f.grade], ['status', f.status]] as const) {
    if (!values) continue;
    where.push(`l."${column}" IN (${values.map(() => '?').join(', ')})`);
    args.push(...values);
  }
  if (f.createdFrom) {
    where.push('l."createdAt" >= ?');
    args.push(f.createdFrom);
  }
  if (f.createdTo) {
    where.push('l."createdAt" < ?');
    args.push(f.createdTo);
  }
  const filtered = `FROM "Lead" AS l WHERE ${where.join(' AND ')}`;
  const pageArgs = [...args];
  let pageWhere = '';
  if (page.after) {
    pageWhere = ' AND (l."createdAt" < ? OR (l."createdAt" = ? AND l."id" < ?))';
    pageArgs.push(page.after.at, page.after.at, page.after.id);
  }
  const [rows, counted] = await Promise.all([
    db.$queryRawUnsafe<{ id: number | bigint }[]>(`SELECT l."id" AS "id" ${filtered}${pageWhere} ORDER BY l."createdAt" DESC, l."id" DESC LIMIT ? OFFSET ?`, ...pageArgs, page.take, page.skip),
    page.count ? db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS "n" ${filtered}`, ...args) : Promise.resolve(null),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: counted === null ? null : Number(counted[0]?.n ?? 0) };
}
