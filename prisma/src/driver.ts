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
 * Why the adapter's own connection and lock: on SQLite the libsql adapter serializes every query
 * of the client behind one lock, and a transaction holds it. Taking it here means the client's
 * other queries wait in line for this transaction, as they would for a Prisma `$transaction`,
 * instead of a second connection contending for SQLite's write lock while the event loop is
 * blocked in the synchronous driver. On PostgreSQL it is a connection of the client's pool.
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
  return adapter.provider === 'postgres' ? postgresTransaction(adapter, fn) : sqliteTransaction(adapter, fn);
}

/**
 * SQLite: BEGIN IMMEDIATE … COMMIT on the adapter's own connection, holding the adapter's lock
 * (what its queries and its transactions take) throughout. Not `adapter.startTransaction()`:
 * the libsql client hands its connection to a transaction and opens a new one for what comes
 * after, so a run of transactions left one abandoned connection each, with its page cache, until
 * the garbage collector finalized it (RSS grew by ~2 MB per 5,000-row transaction of an import).
 */
async function sqliteTransaction<T>(adapter: SqlDriverAdapter, fn: (tx: DriverTransaction) => Promise<T>): Promise<T> {
  const client = (adapter as unknown as { client?: LibsqlTx }).client;
  const lock = lockOf(adapter);
  if (client === undefined || lock === undefined) throw new Error('withDriverTransaction: the libsql adapter is not as expected (client / lock); check @prisma/adapter-libsql');
  const run = async (sql: string, args: readonly DriverValue[]) => client.execute({ sql, args: args.map(sqliteValue) });
  const release = await lock.acquire();
  try {
    // IMMEDIATE: the write lock is taken (or waited for, up to the busy timeout) before anything is read.
    await run('BEGIN IMMEDIATE', []);
    try {
      const result = await fn({
        provider: 'sqlite',
        execute: async (sql, args) => (await run(sql, args)).rowsAffected,
        query: async <R extends object>(sql: string, args: readonly DriverValue[]) => (await run(sql, args)).rows as R[],
      });
      await run('COMMIT', []);
      return result;
    } catch (e) {
      await run('ROLLBACK', []).catch(() => undefined);
      throw e;
    }
  } finally {
    release();
  }
}

/** The libsql adapter's lock: the one symbol-keyed property it has (`[LOCK_TAG] = new Mutex()`). */
function lockOf(adapter: SqlDriverAdapter): { acquire(): Promise<() => void> } | undefined {
  for (const key of Object.getOwnPropertySymbols(adapter)) {
    const value = (adapter as unknown as Record<symbol, unknown>)[key] as { acquire?: unknown } | undefined;
    if (typeof value?.acquire === 'function') return value as { acquire(): Promise<() => void> };
  }
  return undefined;
}

/** PostgreSQL: a connection of the client's pool, through the adapter (it sends BEGIN; COMMIT / ROLLBACK are ours). */
async function postgresTransaction<T>(adapter: SqlDriverAdapter, fn: (tx: DriverTransaction) => Promise<T>): Promise<T> {
  const tx: Transaction & { client?: unknown } = await adapter.startTransaction();
  const pg = tx.client as PgClient;
  let result: T;
  try {
    result = await fn({
      provider: 'postgresql',
      execute: async (sql, args) => (await pg.query(sql, args.map(postgresValue))).rowCount ?? 0,
      query: async <R extends object>(sql: string, args: readonly DriverValue[]) => (await pg.query(sql, args.map(postgresValue))).rows as R[],
    });
    await pg.query('COMMIT');
  } catch (e) {
    await pg.query('ROLLBACK').catch(() => undefined);
    await tx.rollback().catch(() => undefined);
    throw e;
  }
  await tx.commit();
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
