// Driver adapters through which the wasm schema engine reaches the database, with the few
// fixes the engine needs on top of what the app's client uses.
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * @typedef {{ kind: 'sqlite', file: string }
 *   | { kind: 'postgres', url: string, shadowDatabaseUrl: string | undefined }} Target
 */

/** Reads a datasource URL (`file:...` or `postgres[ql]://...`); undefined if neither. */
export function targetOf(url, shadowDatabaseUrl) {
  if (url.startsWith('file:')) {
    // `file:./x.db`, `file:/abs/x.db`, `file:///abs/x.db`, with or without `?options`
    const file = url.slice('file:'.length).replace(/\?.*$/, '').replace(/^\/\/(?=\/)/, '');
    return { kind: 'sqlite', file: path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url, shadowDatabaseUrl };
  return undefined;
}

/**
 * pg's own URL parser, so that the database name is a field: given a `connectionString`,
 * adapter-pg's pools ignore a `database` override.
 */
export function pgConfig(url) {
  const { parse } = createRequire(require.resolve('pg'))('pg-connection-string');
  const { database, ...rest } = parse(url);
  return { ...rest, database: database ?? undefined };
}

// The engine replays whole migration scripts with executeRaw; SQLite drivers run one
// statement per call (libsql silently drops the rest), so send scripts to executeScript.
function allowScriptsInExecuteRaw(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && query.sql.trim().replace(/;\s*$/, '').includes(';')) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

// adapter-pg cannot decode PostgreSQL's internal "char" type (OID 18), which the engine reads
// from pg_catalog: present it as text (OID 25). Transactions inherit the fix.
function charAsText(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  if (typeof queryable.startTransaction === 'function') {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => charAsText(await startTransaction(...args));
  }
  return queryable;
}

function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * An adapter factory for the engine. Every connection it opens is recorded in `opened`, so the
 * shim can close them on exit (SQLite in the engine's exclusive locking mode keeps its journal
 * file until the connection closes).
 * @param {Target} target
 * @param {Array<{ dispose(): Promise<void> }>} opened
 */
export async function adapterFactory(target, opened) {
  const track = (adapter) => {
    opened.push(adapter);
    return adapter;
  };
  if (target.kind === 'sqlite') {
    const { PrismaLibSql } = await import('@prisma/adapter-libsql');
    const factory = new PrismaLibSql({ url: `file:${target.file}` });
    const connect = factory.connect.bind(factory);
    const connectToShadowDb = factory.connectToShadowDb.bind(factory); // ":memory:"
    factory.connect = async () => track(await connect());
    factory.connectToShadowDb = async () => track(allowScriptsInExecuteRaw(await connectToShadowDb()));
    return factory;
  }

  const { PrismaPg } = await import('@prisma/adapter-pg');
  const config = pgConfig(target.url);
  const factory = new PrismaPg(config);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => track(charAsText(await connect()));
  factory.connectToShadowDb = async () => {
    if (target.shadowDatabaseUrl) {
      // a configured shadow database is disposable: empty it first, as the native engine does
      const shadow = await new PrismaPg(pgConfig(target.shadowDatabaseUrl)).connect();
      await shadow.executeScript('DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";');
      return track(charAsText(shadow));
    }
    // otherwise a temporary database on the same server, dropped after its pool is closed
    const admin = await connect();
    const name = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE ${quoteIdent(name)}`);
    const shadow = await new PrismaPg({ ...config, database: name }).connect();
    const dispose = shadow.dispose.bind(shadow);
    let disposed = false;
    shadow.dispose = async () => {
      if (disposed) return;
      disposed = true;
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      await admin.dispose();
    };
    return track(charAsText(shadow));
  };
  return factory;
}
