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

// One statement for both tables: the client's work per statement (mapping, the debug history
// that keeps its arguments) is the lookup's main cost, so the numbers are sent once.
const sqlite = (full: boolean): string => `SELECT json_object(
  'b', (SELECT json_group_array("phone") FROM "Blacklist" WHERE "enterpriseId" = ?1 AND "phone" IN (SELECT value FROM json_each(?2))),
  'l', (SELECT json_group_array(json_array("id", "phone"${full ? ', "name", "fields"' : ''})) FROM "Lead" WHERE "enterpriseId" = ?1 AND "phone" IN (SELECT value FROM json_each(?2)))
) AS "found"`;
const postgres = (full: boolean): string => `SELECT json_build_object(
  'b', (SELECT COALESCE(json_agg("phone"), '[]') FROM "Blacklist" WHERE "enterpriseId" = CAST($1 AS INTEGER) AND "phone" IN (SELECT json_array_elements_text(CAST($2 AS JSON)))),
  'l', (SELECT COALESCE(json_agg(json_build_array("id", "phone"${full ? ', "name", "fields"' : ''})), '[]') FROM "Lead" WHERE "enterpriseId" = CAST($1 AS INTEGER) AND "phone" IN (SELECT json_array_elements_text(CAST($2 AS JSON))))
)::text AS "found"`;
const SQL = { sqlite: [sqlite(false), sqlite(true)], postgres: [postgres(false), postgres(true)] };

const isPostgres = (db: RawReader): boolean => (db as { _activeProvider?: string })._activeProvider === 'postgresql';

/** What the enterprise already has of a chunk's numbers. */
export interface Found {
  /** Numbers on the blacklist. */
  readonly blacklisted: readonly string[];
  /** Leads with one of the numbers; with `full`, their name and fields too (to update them). */
  readonly leads: readonly ExistingLead[];
}

/** Which numbers of `phonesJson` (a JSON array of normalized numbers) the enterprise has blacklisted or as leads: one statement. */
export async function lookUp(db: RawReader, enterpriseId: number, phonesJson: string, full: boolean): Promise<Found> {
  const [row] = await db.$queryRawUnsafe<{ found: string }[]>(SQL[isPostgres(db) ? 'postgres' : 'sqlite'][full ? 1 : 0]!, enterpriseId, phonesJson);
  const found = JSON.parse(row!.found) as { b: string[]; l: ExistingLead[] };
  return { blacklisted: found.b, leads: found.l };
}
