/**
 * Database URLs: which database, and where a SQLite file lives. Also read by prisma.config.ts,
 * so it imports nothing but Node built-ins and ./paths.
 */
import path from 'node:path';
import { REPO_ROOT, type Provider } from './paths.js';

/** The SQLite file used when DATABASE_URL is not set: under `data/` at the repository root. */
export const DEFAULT_SQLITE_FILE = path.join(REPO_ROOT, 'data', 'waihu.db');

/** An unusable DATABASE_URL. Retrying cannot help: the configuration must change. */
export class DatabaseUrlError extends Error {
  readonly code = 'DATABASE_URL_INVALID';
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/** True for `postgres://` and `postgresql://` URLs. */
export function isPostgres(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** True for SQLite `file:` URLs. */
export function isSqlite(url: string): boolean {
  return url.startsWith('file:');
}

/** The provider a URL is for. */
export function providerOf(url: string): Provider {
  if (isPostgres(url)) return 'postgresql';
  if (isSqlite(url)) return 'sqlite';
  throw new DatabaseUrlError(`unsupported database URL scheme: ${redactUrl(url)} (use file:... for SQLite or postgresql://... for PostgreSQL)`);
}

/**
 * The absolute path of a SQLite URL's file. `file:./x.db` is relative to `cwd` (the process's
 * working directory unless given); `file:/abs/x.db` and `file:///abs/x.db` are absolute.
 */
export function sqliteFileOf(url: string, cwd = process.cwd()): string {
  if (!isSqlite(url)) throw new DatabaseUrlError(`not a SQLite file URL: ${redactUrl(url)}`);
  const file = url.slice('file:'.length).replace(/\?.*$/, '').replace(/^\/\/(?=\/)/, '');
  if (file === '' || file === ':memory:') throw new DatabaseUrlError('a SQLite database URL must name a file');
  return path.resolve(cwd, file);
}

/**
 * The same URL with a relative SQLite path made absolute (against `cwd`), so that the URL
 * means the same file in a child process started elsewhere. Other URLs are returned as they are.
 */
export function absoluteUrl(url: string, cwd = process.cwd()): string {
  return isSqlite(url) ? `file:${sqliteFileOf(url, cwd)}` : url;
}

/**
 * The database URL from the environment: `DATABASE_URL` when set (a `file:` or
 * `postgresql://` URL), otherwise the SQLite file `data/waihu.db` at the repository root.
 * Relative SQLite paths are resolved against the current directory. Throws
 * {@link DatabaseUrlError} for any other scheme.
 */
export function databaseUrlFrom(env: Readonly<Record<string, string | undefined>>): string {
  const url = env['DATABASE_URL']?.trim();
  if (!url) return `file:${DEFAULT_SQLITE_FILE}`;
  providerOf(url);
  return absoluteUrl(url);
}

/** The URL without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
