/**
 * Statements straight through the database driver, inside a transaction on the client's own
 * connection: for the few writes where Prisma's query path costs more than the write itself
 * (a lead import's bulk insert). Nothing else should need it.
 *
 * Why not `$executeRawUnsafe`: the driver adapters log every statement (`[js::execute_raw] %O`)
 * through @prisma/debug, which keeps the arguments of its last 100 calls whether logging is on
 * or not, and the client copies each argument on the way; a bulk insert's parameters then live
 * long enough to be promoted to V8's old generation, and an import's peak heap grew with its
 * row count (bench/RESULTS.md, "Lead import").
 *
 * Why the adapter's own transaction: on SQLite the libsql adapter serializes every query of the
 * client behind one mutex, and a transaction holds it. Taking it here (`startTransaction`)
 * means the client's other queries wait in line for this transaction, as they would for a
 * Prisma `$transaction`, instead of a second connection contending for SQLite's write lock
 * while the event loop is blocked in the synchronous driver. On PostgreSQL it is a connection
 * of the client's pool.
 */
import type { SqlDriverAdapter, Transaction } from '@prisma/driver-adapter-utils';

/** What a statement may bind: dates are stored the way the client stores them; bytes as a BLOB / bytea. */
export type DriverValue = string | number | bigint | null | Date | Uint8Array;

/** A transaction on the driver: run statements, then it commits (or rolls back on a throw). */
export interface DriverTransaction {
  readonly provider: 'sqlite' | 'postgresql';
  /** Runs one statement (placeholders `?` on SQLite, `$1…` on PostgreSQL); returns the rows it changed. */
  execute(sql: string, args: readonly DriverValue[]): Promise<number>;
  /** Runs one query; returns its rows as objects keyed by column name. */
  query<T extends object>(sql: string, args: readonly DriverValue[]): Promise<T[]>;
}

/** The driver objects the two adapters keep as `client` on their transactions. */
interface LibsqlTx {
  execute(stmt: { sql: string; args: unknown[] }): Promise<{ rowsAffected: number; rows: unknown[] }>;
}
interface PgClient {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null; rows: unknown[] }>;
}

const ADAPTER = Symbol.for('waihu.db.driverAdapter');

/** Remembers the adapter the client connects with (called by `createDb`). */
export function rememberAdapter<F extends { connect(): Promise<SqlDriverAdapter> }>(factory: F, holder: { adapter?: SqlDriverAdapter }): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => (holder.adapter = await connect());
  return factory;
}

/** Marks `db` (and so every client `$extends` derives from it) as using `holder`'s adapter. */
export function attachAdapter(db: object, holder: { adapter?: SqlDriverAdapter }): void {
  Object.defineProperty(db, ADAPTER, { value: holder, enumerable: false });
}

function adapterOf(db: object): SqlDriverAdapter {
  const holder = (db as { [ADAPTER]?: { adapter?: SqlDriverAdapter } })[ADAPTER];
  if (holder?.adapter === undefined) throw new Error('withDriverTransaction: not a client made by createDb, or not connected');
  return holder.adapter;
}

const sqliteValue = (v: DriverValue): unknown => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : v);
// TIMESTAMP(3) columns hold UTC wall time: bind the instant as such, whatever the process's zone.
const postgresValue = (v: DriverValue): unknown => (v instanceof Date ? v.toISOString().replace('Z', '') : v);

/**
 * Runs `fn` in one transaction on `db`'s driver: committed when `fn` resolves, rolled back when
 * it throws (the error is rethrown as the driver gave it; see {@link isDriverUniqueViolation}).
 */
export async function withDriverTransaction<T>(db: object, fn: (tx: DriverTransaction) => Promise<T>): Promise<T> {
  const adapter = adapterOf(db);
  const tx: Transaction & { client?: unknown } = await adapter.startTransaction();
  const postgres = adapter.provider === 'postgres';
  const driver: DriverTransaction = postgres
    ? {
      provider: 'postgresql',
      execute: async (sql, args) => (await (tx.client as PgClient).query(sql, args.map(postgresValue))).rowCount ?? 0,
      query: async <R extends object>(sql: string, args: readonly DriverValue[]) => {
        const r = await (tx.client as PgClient).query(sql, args.map(postgresValue));
        return r.rows as R[];
      },
    }
    : {
      provider: 'sqlite',
      execute: async (sql, args) => (await (tx.client as LibsqlTx).execute({ sql, args: args.map(sqliteValue) })).rowsAffected,
      query: async <R extends object>(sql: string, args: readonly DriverValue[]) => {
        const r = await (tx.client as LibsqlTx).execute({ sql, args: args.map(sqliteValue) });
        return r.rows as R[];
      },
    };
  // Without a phantom query (pg) the adapter expects its caller to send COMMIT / ROLLBACK.
  const phantom = tx.options.usePhantomQuery;
  let result: T;
  try {
    result = await fn(driver);
  } catch (e) {
    if (!phantom) await (tx.client as PgClient).query('ROLLBACK').catch(() => undefined);
    await tx.rollback().catch(() => undefined);
    throw e;
  }
  try {
    if (!phantom) await (tx.client as PgClient).query('COMMIT');
  } catch (e) {
    await (tx.client as PgClient).query('ROLLBACK').catch(() => undefined);
    await tx.rollback().catch(() => undefined);
    throw e;
  }
  try {
    await tx.commit();
  } catch (e) {
    // libsql: a failed COMMIT leaves the transaction open; close() rolls it back (the adapter
    // has already released its lock).
    if (phantom) (tx.client as { close?: () => void }).close?.();
    throw e;
  }
  return result;
}

/** Whether a driver error (from {@link withDriverTransaction}) is a unique-index violation, on either database. */
export function isDriverUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; rawCode?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  if (e.code === '23505') return true; // PostgreSQL unique_violation
  // SQLITE_CONSTRAINT_UNIQUE (2067) / _PRIMARYKEY (1555), as libsql reports them
  return e.rawCode === 2067 || e.rawCode === 1555 || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
