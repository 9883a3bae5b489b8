/**
 * Where the database workspace's files are, whatever the current directory. Also read by
 * prisma.config.ts (loaded by the Prisma CLI), so it imports nothing but Node built-ins.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `prisma/` workspace folder. */
export const DB_PACKAGE_DIR = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** The repository root (the npm workspace root). */
export const REPO_ROOT = path.resolve(DB_PACKAGE_DIR, '..');

/** The Prisma config file, for `prisma --config`. */
export const PRISMA_CONFIG = path.join(DB_PACKAGE_DIR, 'prisma.config.ts');

/** The offline schema engine the CLI runs instead of a downloaded binary. */
export const SCHEMA_ENGINE_SHIM = path.join(DB_PACKAGE_DIR, 'engine-shim', 'main.mjs');

/** Which database a schema file and migrations folder are for. */
export type Provider = 'sqlite' | 'postgresql';

/** The schema file and migrations folder of a provider. */
export interface ProviderFiles {
  schema: string;
  migrations: string;
}

/** The source schema is SQLite's; PostgreSQL's is generated from it into `postgresql/`. */
export const PROVIDER_FILES: Readonly<Record<Provider, ProviderFiles>> = {
  sqlite: {
    schema: path.join(DB_PACKAGE_DIR, 'schema.prisma'),
    migrations: path.join(DB_PACKAGE_DIR, 'migrations'),
  },
  postgresql: {
    schema: path.join(DB_PACKAGE_DIR, 'postgresql', 'schema.prisma'),
    migrations: path.join(DB_PACKAGE_DIR, 'postgresql', 'migrations'),
  },
};
