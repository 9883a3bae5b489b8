/**
 * Inserting the leads of an import: the one place the leads code writes SQL by hand.
 *
 * Why not `createMany`: through Prisma 7's query compiler and the driver adapters it inserts
 * about 6,500 leads/s on SQLite and 7,000/s on PostgreSQL (measured with 50,000 rows; most of
 * the time is the client building and decoding each chunk), a third of the 20,000 rows/s the
 * import must reach. The same multi-row INSERT as a parameterized raw statement runs at
 * 50,000-75,000 rows/s on both.
 *
 * Why it is still tenant-safe: raw SQL bypasses the scoped client (tenancy.ts), so the
 * enterprise is a parameter here, and the only caller passes the principal's enterprise
 * (`enterpriseOf(request)`), never a value from the request. The statement is the same text
 * on both providers: `Prisma.sql` binds parameters as each driver wants (`?` or `$n`), double
 * quotes are identifiers in SQLite and PostgreSQL alike, and Dates bind as the client itself
 * stores them (the leads test reads raw-inserted rows back through Prisma, on both databases).
 * `status` and `callCount` take their column defaults; `createdAt` and `updatedAt` are given,
 * since SQLite's CURRENT_TIMESTAMP default is not the format Prisma reads.
 */
import { Prisma, isPrismaError } from '@waihu/db';

/**
 * Rows per statement: 8 parameters each, far under SQLite's 32,766 and PostgreSQL's 65,535.
 *
 * Kept small because of what the driver adapters keep: every statement is passed to
 * `@prisma/debug` (`[js::execute_raw] %O`), which, logging on or off, holds the arguments of
 * the last 100 debug calls for error reports. At 500 rows a statement that pinned 47 MB of
 * parameters after an import (found with heap snapshots: `argsHistory` in @prisma/debug); at
 * 100 rows it is under 10 MB, and bounded whatever the file's size.
 */
export const ROWS_PER_INSERT = 100;

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
  $executeRaw(query: Prisma.Sql): Prisma.PrismaPromise<number>;
}

const COLUMNS = 8;
const HEAD = 'INSERT INTO "Lead" ("enterpriseId", "batchId", "name", "phone", "fields", "createdById", "createdAt", "updatedAt") VALUES (';

/** A statement's text for a row count, in both placeholder styles, built once. */
interface Shape {
  readonly strings: readonly string[];
  readonly sql: string;
  readonly text: string;
}
const shapes = new Map<number, Shape>();

function shapeOf(rows: number): Shape {
  let shape = shapes.get(rows);
  if (shape === undefined) {
    const strings = [HEAD];
    for (let r = 0; r < rows; r++) for (let c = 0; c < COLUMNS; c++) strings.push(c < COLUMNS - 1 ? ', ' : r < rows - 1 ? '), (' : ')');
    const probe = new Prisma.Sql(strings, new Array<null>(rows * COLUMNS).fill(null));
    shape = { strings, sql: probe.sql, text: probe.text };
    shapes.set(rows, shape); // at most ROWS_PER_INSERT shapes, each a few kilobytes
  }
  return shape;
}

/**
 * One multi-row INSERT: the same parameterized statement `Prisma.sql` and `Prisma.join` would
 * build, but from a flat list of values and a text made once per row count. The client asks a
 * statement for its text in both placeholder styles (`?` for SQLite, `$n` for PostgreSQL), and
 * `Prisma.Sql` rebuilds it from hundreds of pieces on every ask: with one fragment per row that
 * was 14 KB of garbage per lead, a third of the import's allocation.
 */
class InsertSql extends Prisma.Sql {
  constructor(private readonly shape: Shape, values: readonly unknown[]) {
    super(shape.strings, values as Prisma.Sql['values']);
  }

  override get sql(): string {
    return this.shape.sql;
  }

  override get text(): string {
    return this.shape.text;
  }
}

/**
 * Inserts leads of one enterprise and batch in chunks, inside the caller's transaction.
 * @throws {DuplicateLeadError} when a number already exists (the unique (enterpriseId, phone) index).
 */
export async function insertLeads(tx: RawRunner, enterpriseId: number, batchId: number, createdById: number, at: Date, leads: readonly NewLead[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < leads.length; i += ROWS_PER_INSERT) {
    const end = Math.min(i + ROWS_PER_INSERT, leads.length);
    const values: unknown[] = [];
    for (let k = i; k < end; k++) {
      const l = leads[k]!;
      values.push(enterpriseId, batchId, l.name, l.phone, l.fields, createdById, at, at);
    }
    try {
      inserted += await tx.$executeRaw(new InsertSql(shapeOf(end - i), values));
    } catch (e) {
      if (isRawUniqueViolation(e)) throw new DuplicateLeadError({ cause: e });
      throw e;
    }
  }
  return inserted;
}
