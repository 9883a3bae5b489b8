/**
 * Configuration of the Prisma CLI (`prisma --config prisma/prisma.config.ts ...`).
 *
 * DATABASE_URL picks the database, as for the server: SQLite `data/waihu.db` by default, or
 * a `postgresql://` URL. Each provider has its own schema file and migrations folder, since
 * migration SQL is provider-specific and the provider cannot be an environment variable.
 */
import fs from 'node:fs';
import { defineConfig } from 'prisma/config';
import { PROVIDER_FILES, SCHEMA_ENGINE_SHIM } from './src/paths.js';
import { databaseUrlFrom, providerOf } from './src/url.js';

// No engine downloads: the CLI runs its schema engine through the shim (the WebAssembly engine
// from npm). `prisma generate` only checks that the file exists.
process.env['PRISMA_SCHEMA_ENGINE_BINARY'] ??= SCHEMA_ENGINE_SHIM;
// The CLI spawns the shim directly: make sure it is executable even if a copy lost the bit.
if ((fs.statSync(SCHEMA_ENGINE_SHIM).mode & 0o111) === 0) fs.chmodSync(SCHEMA_ENGINE_SHIM, 0o755);
// No update checks or telemetry: nothing leaves the machine.
process.env['CHECKPOINT_DISABLE'] ??= '1';

/** The FTS5 tables of the name search and the shadow tables FTS5 keeps for them. */
const SQLITE_FTS_TABLES = ['LeadNameTrigram', 'LeadNameChars'].flatMap((t) => [t, ...['data', 'idx', 'docsize', 'config'].map((s) => `${t}_${s}`)]);

const url = databaseUrlFrom(process.env);
const files = PROVIDER_FILES[providerOf(url)];

export default defineConfig({
  schema: files.schema,
  migrations: { path: files.migrations },
  datasource: { url },
  // SQLite's name-search tables (FTS5, made by the migration lead_name_search) are not in the
  // schema: Prisma has no virtual tables. Listed as external, the diff leaves them alone.
  experimental: { externalTables: true },
  tables: { external: providerOf(url) === 'postgresql' ? [] : SQLITE_FTS_TABLES },
});
