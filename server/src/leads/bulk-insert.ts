/**
 * Inserting the leads of an import: the one place the leads code writes SQL by hand.
 *
 * Why not `createMany`: through Prisma 7's query compiler and the driver adapters it inserts
 * about 6,500 leads/s on SQLite and 7,000/s on PostgreSQL (measured with 50,000 rows; most of
 * the time is the client building and decoding each chunk), a third of the 20,000 rows/s the
 * import must reach.
 *
 * Why the rows travel as one JSON parameter (`json_each` on SQLite, `json_array_elements` on
 * PostgreSQL) rather than as a multi-row VALUES list with 8 parameters a row: the driver
 * adapters hand every statement to `@prisma/debug` (`[js::execute_raw] %O`), which, logging on
 * or off, keeps the arguments of its last 100 calls for error reports. With a parameter per
 * cell that kept 47 MB after an import of 500-row statements (found with heap snapshots:
 * `argsHistory` in @prisma/debug), and every statement's parameters lived long enough to be
 * promoted to the old generation, so an import left about 1 KB of old-generation garbage per
 * lead. One string per 500 rows is 35–70 bytes a lead, kept or not, and the client maps
 * six parameters instead of 8,000.
 *
 * Why it is still tenant-safe: raw SQL bypasses the scoped client (tenancy.ts), so the
 * enterprise is a parameter here, and the only caller passes the principal's enterprise
 * (`enterpriseOf(request)`), never a value from the request; the rows' text is our own
 * `JSON.stringify`, bound as a parameter, never part of the statement. Dates bind as the
 * client itself stores them (the leads tests read raw-inserted rows back through Prisma, and
 * search them by date, on both databases). `status` and `callCount` take their column
 * defaults; `createdAt` and `updatedAt` are given, since SQLite's CURRENT_TIMESTAMP default is
 * not the format Prisma reads. Ids follow the rows' order, as with VALUES.
 */
import { isPrismaError } from '@waihu/db';
import type { Prisma } from '@waihu/db';

/** Rows per statement: one JSON parameter of 30–70 KB (Chinese names make it UTF-16), so the debug history keeps at most 7 MB. */
export const ROWS_PER_INSERT = 500;

const COLUMNS = '"enterpriseId", "batchId", "name", "phone", "fields", "createdById", "createdAt", "updatedAt"';
const SQLITE_INSERT = `INSERT INTO "Lead" (${COLUMNS})
  SELECT ?, ?, j.value ->> 1, j.value ->> 0, j.value ->> 2, ?, ?, ? FROM json_each(?) AS j ORDER BY j.key`;
// PostgreSQL types the parameters of a SELECT list as text unless told.
const POSTGRES_INSERT = `INSERT INTO "Lead" (${COLUMNS})
  SELECT CAST($1 AS INTEGER), CAST($2 AS INTEGER), j.v ->> 1, j.v ->> 0, j.v ->> 2, CAST($3 AS INTEGER), CAST($4 AS TIMESTAMP(3)), CAST($5 AS TIMESTAMP(3))
  FROM json_array_elements(CAST($6 AS JSON)) WITH ORDINALITY AS j(v, n) ORDER BY j.n`;

export interface NewLead {
  readonly name: string;
  readonly phone: string;
  /** JSON text of the custom fields. */
  readonly fields: string;
}

/** A number of the batch is already a lead of the enterprise (someone added it meanwhile). */
export class DuplicateLeadError extends Error {
  constructor(options?: ErrorOptions) {
    super('a lead with one of these numbers already exists', options);
  }
}

/**
 * A raw statement's unique violation: Prisma reports it as P2010 (raw query failed), not
 * P2002, with the driver adapter's classification inside; the same on both providers.
 */
function isRawUniqueViolation(error: unknown): boolean {
  if (!isPrismaError(error, 'P2010')) return false;
  const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError?.cause;
  return cause?.kind === 'UniqueConstraintViolation';
}

/** Anything that runs a raw statement: the client or an interactive transaction. */
interface RawRunner {
  $executeRawUnsafe(query: string, ...values: unknown[]): Prisma.PrismaPromise<number>;
}

/**
 * Inserts leads of one enterprise and batch in chunks, inside the caller's transaction.
 * @throws {DuplicateLeadError} when a number already exists (the unique (enterpriseId, phone) index).
 */
export async function insertLeads(tx: RawRunner, enterpriseId: number, batchId: number, createdById: number, at: Date, leads: readonly NewLead[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < leads.length; i += ROWS_PER_INSERT) {
    const rows = JSON.stringify(leads.slice(i, i + ROWS_PER_INSERT).map((l) => [l.phone, l.name, l.fields]));
    inserted += await insertLeadRows(tx, enterpriseId, batchId, createdById, at, rows);
  }
  return inserted;
}

/**
 * Inserts the rows of `json`, a JSON array of `[phone, name, fields JSON]` (number first, as
 * the import's spill file has them) (at most about
 * {@link ROWS_PER_INSERT} of them), in one statement: what an import's spill file holds, line by line.
 * @throws {DuplicateLeadError} when a number already exists.
 */
export async function insertLeadRows(tx: RawRunner, enterpriseId: number, batchId: number, createdById: number, at: Date, json: string): Promise<number> {
  const postgres = (tx as { _activeProvider?: string })._activeProvider === 'postgresql';
  try {
    return await tx.$executeRawUnsafe(postgres ? POSTGRES_INSERT : SQLITE_INSERT, enterpriseId, batchId, createdById, at, at, json);
  } catch (e) {
    if (isRawUniqueViolation(e)) throw new DuplicateLeadError({ cause: e });
    throw e;
  }
}
