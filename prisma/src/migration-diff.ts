/**
 * The SQL that would bring a provider's committed migrations up to its schema: what a new
 * migration must contain, and empty when the migrations are current. Development only (the
 * server never runs it): it replays the migrations on a shadow database, an in-memory one for
 * SQLite, a temporary database on the server for PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROVIDER_FILES, type Provider } from './paths.js';
import { runPrismaCli } from './prisma-cli.js';

/** Does a migrations folder hold at least one migration? */
export function hasMigrations(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir, { withFileTypes: true }).some((entry) => entry.isDirectory());
}

/**
 * The migration SQL from the committed migrations of `provider` to its schema file; '' when
 * there is nothing to migrate. `postgresUrl` names a server where a temporary shadow database
 * may be created (PostgreSQL only).
 */
export async function pendingMigrationSql(provider: Provider, postgresUrl?: string): Promise<string> {
  const files = PROVIDER_FILES[provider];
  let databaseUrl: string;
  let scratch: string | undefined;
  if (provider === 'postgresql') {
    if (!postgresUrl) throw new Error('a PostgreSQL URL is needed to diff the PostgreSQL migrations');
    databaseUrl = postgresUrl;
  } else {
    // the engine opens the configured database too: give it a scratch file, not a real one
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'waihu-diff-'));
    databaseUrl = `file:${path.join(scratch, 'scratch.db')}`;
  }
  try {
    const from = hasMigrations(files.migrations) ? ['--from-migrations', files.migrations] : ['--from-empty'];
    const result = await runPrismaCli(['migrate', 'diff', ...from, '--to-schema', files.schema, '--script', '--exit-code'], { databaseUrl });
    // --exit-code: 0 no difference, 2 a difference, anything else an error
    if (result.code === 0) return '';
    if (result.code === 2) return result.stdout.replace(/^Loaded Prisma config from .*\n+/m, '');
    throw new Error(`prisma migrate diff (${provider}) failed with exit code ${result.code}:\n${result.stdout}${result.stderr}`);
  } finally {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
}
