/**
 * The import's lookups: which numbers of a chunk are blacklisted, and which are already leads
 * (with what to merge into them), as raw SQL with the numbers in one JSON parameter, the way
 * bulk-insert.ts inserts.
 *
 * Why not `findMany({ where: { phone: { in } } })`: per 1,000 numbers the client builds and
 * maps 1,000 parameters, decodes a row object per match, and @prisma/debug keeps each call's
 * arguments for its last 100 calls (see bulk-insert.ts). That garbage lived across the lookup's
 * round trips, was promoted, and was most of the old-generation garbage an import piled up
 * before V8 collected it (about 0.9 KB a row: the peak heap grew with the file up to V8's limit).
 * Here a chunk is one string out (the numbers' JSON) and one string back (the matches, built as
 * JSON by the database), so the client maps two parameters and one cell.
 *
 * Why it is still tenant-safe: raw SQL bypasses the scoped client (tenancy.ts), so the
 * enterprise is a parameter, and the import passes the principal's (`enterpriseOf(request)`),
 * as for the insert; the numbers are bound as a parameter, never part of the statement.
 */

/** Anything that runs a raw query: the client or an interactive transaction. */
interface RawReader {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

/** A lead whose number is in the file: [id, phone, name, fields JSON] (name and fields only when asked for). */
export type ExistingLead = readonly [id: number, phone: string, name: string | null, fields: string | null];

const SQLITE_BLACKLISTED = `SELECT json_group_array("phone") AS "rows" FROM "Blacklist"
  WHERE "enterpriseId" = ? AND "phone" IN (SELECT value FROM json_each(?))`;
const POSTGRES_BLACKLISTED = `SELECT COALESCE(json_agg("phone"), '[]')::text AS "rows" FROM "Blacklist"
  WHERE "enterpriseId" = CAST($1 AS INTEGER) AND "phone" IN (SELECT json_array_elements_text(CAST($2 AS JSON)))`;

const sqliteLeads = (full: boolean): string => `SELECT json_group_array(json_array("id", "phone"${full ? ', "name", "fields"' : ''})) AS "rows" FROM "Lead"
  WHERE "enterpriseId" = ? AND "phone" IN (SELECT value FROM json_each(?))`;
const postgresLeads = (full: boolean): string => `SELECT COALESCE(json_agg(json_build_array("id", "phone"${full ? ', "name", "fields"' : ''})), '[]')::text AS "rows" FROM "Lead"
  WHERE "enterpriseId" = CAST($1 AS INTEGER) AND "phone" IN (SELECT json_array_elements_text(CAST($2 AS JSON)))`;
const LEADS = { sqlite: [sqliteLeads(false), sqliteLeads(true)], postgres: [postgresLeads(false), postgresLeads(true)] };

const isPostgres = (db: RawReader): boolean => (db as { _activeProvider?: string })._activeProvider === 'postgresql';

async function rowsOf<T>(db: RawReader, sql: string, enterpriseId: number, phonesJson: string): Promise<T[]> {
  const [row] = await db.$queryRawUnsafe<{ rows: string | null }[]>(sql, enterpriseId, phonesJson);
  return row?.rows ? (JSON.parse(row.rows) as T[]) : [];
}

/** Which numbers of `phonesJson` (a JSON array of normalized numbers) are on the enterprise's blacklist. */
export function blacklistedIn(db: RawReader, enterpriseId: number, phonesJson: string): Promise<string[]> {
  return rowsOf<string>(db, isPostgres(db) ? POSTGRES_BLACKLISTED : SQLITE_BLACKLISTED, enterpriseId, phonesJson);
}

/** The enterprise's leads with a number in `phonesJson`; with `full`, their name and fields too (to update them). */
export function leadsIn(db: RawReader, enterpriseId: number, phonesJson: string, full: boolean): Promise<ExistingLead[]> {
  return rowsOf<ExistingLead>(db, LEADS[isPostgres(db) ? 'postgres' : 'sqlite'][full ? 1 : 0]!, enterpriseId, phonesJson);
}
