/**
 * Applies the committed migrations of the URL's provider (`prisma migrate deploy`), as the
 * server does at start-up. Never creates migrations and never resets data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runPrismaCli } from './prisma-cli.js';
import { absoluteUrl, providerOf, redactUrl, sqliteFileOf } from './url.js';

/** `migrate deploy` failed. Retrying helps only when the database could not be reached. */
export class MigrationError extends Error {
  readonly code = 'DB_MIGRATION_FAILED';
  readonly retryable: boolean;
  /** what the Prisma CLI printed */
  readonly output: string;
  constructor(message: string, output: string, retryable: boolean) {
    super(message);
    this.name = 'MigrationError';
    this.output = output;
    this.retryable = retryable;
  }
}

// P1001: can't reach the server, P1002: timed out, P1017: the server closed the connection
const UNREACHABLE = /\bP100[12]\b|\bP1017\b|ECONNREFUSED|ETIMEDOUT/;

/**
 * Brings the database at `url` up to the latest committed migration. Works from any current
 * directory; a relative SQLite path is taken relative to it, and its folder is created.
 * Rejects with {@link MigrationError}.
 */
export async function migrate(url: string): Promise<void> {
  const absolute = absoluteUrl(url);
  if (providerOf(absolute) === 'sqlite') fs.mkdirSync(path.dirname(sqliteFileOf(absolute)), { recursive: true });
  const result = await runPrismaCli(['migrate', 'deploy'], { databaseUrl: absolute });
  if (result.code === 0) return;
  const output = `${result.stdout}${result.stderr}`.trim();
  const detail = output.split('\n').filter((line) => line.trim() !== '').slice(-6).join('\n');
  throw new MigrationError(
    `migrating ${redactUrl(absolute)} failed (prisma migrate deploy exited with ${result.code}):\n${detail}`,
    output,
    UNREACHABLE.test(output),
  );
}
