/**
 * Opens the database: the SQLite client over libsql, or the PostgreSQL client over pg. Both are
 * generated from the same models, so they have the same API; the app is typed against SQLite's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from './generated/sqlite/client.js';
import { absoluteUrl, isPostgres, providerOf, sqliteFileOf } from './url.js';
import { attachAdapter, rememberAdapter } from './driver.js';

/** The database client. Close it with `$disconnect()`. */
export type Db = PrismaClient;

/** How long a SQLite statement waits for another connection's write lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a client for `url` (see `databaseUrlFrom`) and checks that the database answers.
 * A SQLite file's folder is created if missing; the file itself is created by `migrate`.
 */
export async function createDb(url: string): Promise<Db> {
  const absolute = absoluteUrl(url);
  providerOf(absolute); // throws DatabaseUrlError on an unsupported scheme
  if (isPostgres(absolute)) {
    // The clients are loaded on demand: each pulls in its own query compiler and driver.
    const [{ PrismaClient: PostgresClient }, { PrismaPg }] = await Promise.all([
      import('./generated/postgresql/client.js'),
      import('@prisma/adapter-pg'),
    ]);
    // The adapter is kept for withDriverTransaction (driver.ts).
    const holder = {};
    const db = new PostgresClient({ adapter: rememberAdapter(new PrismaPg({ connectionString: absolute }), holder) });
    attachAdapter(db, holder);
    await db.$connect();
    // Same models, same generator version: the two clients differ only in provider-specific
    // extras (such as `mode: 'insensitive'`), which the SQLite typing leaves out.
    return db as unknown as Db;
  }

  fs.mkdirSync(path.dirname(sqliteFileOf(absolute)), { recursive: true });
  const [{ PrismaClient: SqliteClient }, { PrismaLibSql }] = await Promise.all([
    import('./generated/sqlite/client.js'),
    import('@prisma/adapter-libsql'),
  ]);
  const holder = {};
  const db = new SqliteClient({ adapter: rememberAdapter(new PrismaLibSql({ url: absolute, timeout: SQLITE_BUSY_TIMEOUT_MS }), holder) });
  attachAdapter(db, holder);
  // Write-ahead logging lets readers (the API's lists) run while a writer (an import, the
  // dialer) commits. The mode is stored in the file, so setting it once per open is enough.
  // Foreign keys are on by default in libsql's SQLite build.
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  return db;
}
