/**
 * Derives prisma/postgresql/schema.prisma from prisma/schema.prisma (the SQLite source of
 * truth): same models, other provider and client output. Prisma cannot read the provider from
 * an environment variable, hence a generated copy.
 *
 *   tsx prisma/scripts/pg-schema.ts           write the copy if it changed
 *   tsx prisma/scripts/pg-schema.ts --check   exit 1 if the copy is stale
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DB_PACKAGE_DIR, PROVIDER_FILES } from '../src/paths.js';

const SQLITE_OUTPUT = 'src/generated/sqlite';
/**
 * `// postgresql: <line>` in the source is `<line>` in the PostgreSQL copy: for what SQLite's
 * schema cannot say (a GIN index).
 */
export const POSTGRES_ONLY = /^(\s*)\/\/ postgresql: /gm;
const POSTGRES_OUTPUT = '../src/generated/postgresql';

/** The PostgreSQL schema text for a SQLite source schema text. Throws if the source is not as expected. */
export function postgresSchemaFrom(source: string): string {
  const datasource = /(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"sqlite"/;
  const output = new RegExp(`(generator\\s+\\w+\\s*\\{[^}]*?output\\s*=\\s*)"${SQLITE_OUTPUT}"`);
  if (!datasource.test(source)) throw new Error('prisma/schema.prisma: the datasource must have provider = "sqlite"');
  if (!output.test(source)) throw new Error(`prisma/schema.prisma: the generator output must be "${SQLITE_OUTPUT}"`);
  const header = '// GENERATED from prisma/schema.prisma by prisma/scripts/pg-schema.ts: do not edit.\n';
  return header + source.replace(datasource, '$1"postgresql"').replace(output, `$1"${POSTGRES_OUTPUT}"`).replace(POSTGRES_ONLY, '$1');
}

/** Whether the committed PostgreSQL schema matches the source. */
export function postgresSchemaIsCurrent(): boolean {
  const expected = postgresSchemaFrom(fs.readFileSync(PROVIDER_FILES.sqlite.schema, 'utf8'));
  const target = PROVIDER_FILES.postgresql.schema;
  return fs.existsSync(target) && fs.readFileSync(target, 'utf8') === expected;
}

/** Writes the PostgreSQL schema if it differs; returns whether it wrote. */
export function writePostgresSchema(): boolean {
  const expected = postgresSchemaFrom(fs.readFileSync(PROVIDER_FILES.sqlite.schema, 'utf8'));
  const target = PROVIDER_FILES.postgresql.schema;
  if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === expected) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, expected);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const shown = path.relative(process.cwd(), PROVIDER_FILES.postgresql.schema) || DB_PACKAGE_DIR;
  if (process.argv.includes('--check')) {
    if (!postgresSchemaIsCurrent()) {
      console.error(`${shown} is stale: run npm run db:generate`);
      process.exitCode = 1;
    }
  } else if (writePostgresSchema()) {
    console.log(`wrote ${shown}`);
  }
}
