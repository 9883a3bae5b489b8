/**
 * Inserting the leads of an import: the one place the leads code writes SQL by hand, and the
 * one place it goes past the Prisma client to the database driver (`withDriverTransaction`).
 *
 * Why not `createMany`: through Prisma 7's query compiler and the driver adapters it inserts
 * about 6,500 leads/s on SQLite and 7,000/s on PostgreSQL (measured with 50,000 rows; most of
 * the time is the client building and decoding each chunk), a third of the 20,000 rows/s the
 * import must reach.
 *
 * Why the driver and not `$executeRawUnsafe`: the adapters log every statement through
 * @prisma/debug, which keeps the arguments of its last 100 calls whatever the log level, and
 * the client copies them on the way; each statement's rows then lived long enough to be
 * promoted to V8's old generation, and an import's peak heap grew by ~30 MB per 100,000 leads
 * (bench/RESULTS.md). Through the driver nothing keeps them.
 *
 * Why the rows travel as one parameter, the bytes of a JSON array (`json_each` on SQLite,
 * `json_array_elements` on PostgreSQL), rather than a multi-row VALUES list: one parameter per
 * statement instead of eight per row, and bytes read back from the import's spill file are
 * bound as they are (a Buffer, outside V8's heap: a BLOB cast to text on SQLite, a bytea decoded
 * on PostgreSQL), so a statement's rows never become a JavaScript string. A row is
 * `[phone, name, fields]` with the custom fields as a JSON object, stored as its JSON text.
 *
 * Why it is still tenant-safe: raw SQL bypasses the scoped client (tenancy.ts), so the
 * enterprise is a parameter here, and the only callers pass the principal's enterprise
 * (`enterpriseOf(request)`), never a value from the request; the rows are our own JSON, bound
 * as a parameter, never part of the statement. Dates bind as the client itself stores them
 * (`withDriverTransaction`). `status` and `callCount` take their column defaults. Ids follow
 * the rows' order, as with VALUES.
 */
import { isDriverUniqueViolation, withDriverTransaction } from '@waihu/db';
import type { DriverTransaction } from '@waihu/db';
import type { FieldValue } from './fields.js';

/** Rows per statement: a parameter of 20–40 KB. */
export const ROWS_PER_INSERT = 500;

const COLUMNS = '"enterpriseId", "batchId", "name", "phone", "fields", "createdById", "createdAt", "updatedAt"';
const SQLITE_INSERT = `INSERT INTO "Lead" (${COLUMNS})
  SELECT ?1, ?2, j.value ->> 1, j.value ->> 0, j.value -> 2, ?3, ?4, ?4 FROM json_each(CAST(?5 AS TEXT)) AS j ORDER BY j.key`;
// PostgreSQL types the parameters of a SELECT list as text unless told.
const POSTGRES_INSERT = `INSERT INTO "Lead" (${COLUMNS})
  SELECT CAST($1 AS INTEGER), CAST($2 AS INTEGER), j.v ->> 1, j.v ->> 0, CAST(j.v -> 2 AS TEXT), CAST($3 AS INTEGER), CAST($4 AS TIMESTAMP(3)), CAST($4 AS TIMESTAMP(3))
  FROM json_array_elements(CAST(convert_from($5, 'UTF8') AS JSON)) WITH ORDINALITY AS j(v, n) ORDER BY j.n`;

export interface NewLead {
  readonly name: string;
  readonly phone: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/** A number of the batch is already a lead of the enterprise (someone added it meanwhile). */
export class DuplicateLeadError extends Error {
  constructor(options?: ErrorOptions) {
    super('a lead with one of these numbers already exists', options);
  }
}

/** Who and what the inserted leads belong to. */
export interface InsertTarget {
  /** The principal's enterprise, never from the request. */
  readonly enterpriseId: number;
  readonly batchId: number;
  readonly createdById: number;
  readonly at: Date;
}

/**
 * Inserts the rows of `json`, the UTF-8 bytes of a JSON array of `[phone, name, fields]` (at
 * most about {@link ROWS_PER_INSERT} of them: what an import's spill file holds, line by line),
 * in one statement inside the driver transaction `tx`.
 * @throws {DuplicateLeadError} when a number already exists (the unique (enterpriseId, phone) index).
 */
export async function insertLeadRows(tx: DriverTransaction, target: InsertTarget, json: Buffer): Promise<number> {
  const { enterpriseId, batchId, createdById, at } = target;
  try {
    return await tx.execute(tx.provider === 'postgresql' ? POSTGRES_INSERT : SQLITE_INSERT, [enterpriseId, batchId, createdById, at, json]);
  } catch (e) {
    if (isDriverUniqueViolation(e)) throw new DuplicateLeadError({ cause: e });
    throw e;
  }
}

/**
 * Inserts leads of one enterprise and batch, {@link ROWS_PER_INSERT} per statement, in one
 * transaction of its own (tests, the benchmark, the seed).
 * @throws {DuplicateLeadError} when a number already exists.
 */
export async function insertLeads(db: object, target: InsertTarget, leads: readonly NewLead[]): Promise<number> {
  return withDriverTransaction(db, async (tx) => {
    let inserted = 0;
    for (let i = 0; i < leads.length; i += ROWS_PER_INSERT) {
      const rows = Buffer.from(JSON.stringify(leads.slice(i, i + ROWS_PER_INSERT).map((l) => [l.phone, l.name, l.fields])));
      inserted += await insertLeadRows(tx, target, rows);
    }
    return inserted;
  });
}
