import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DB_PACKAGE_DIR, PROVIDER_FILES } from '../src/paths.js';
import { pendingMigrationSql } from '../src/migration-diff.js';
import { databaseUrlFrom, DEFAULT_SQLITE_FILE, isPostgres, DatabaseUrlError } from '../src/index.js';
import { POSTGRES_ONLY, postgresSchemaFrom, postgresSchemaIsCurrent } from '../scripts/pg-schema.js';
import { POSTGRES_URL, postgresUnavailable } from './postgres-server.js';

const require = createRequire(import.meta.url);
const unavailable = await postgresUnavailable();

describe('the generated PostgreSQL schema', () => {
  it('is current with prisma/schema.prisma (else: npm run db:generate)', () => {
    expect(postgresSchemaIsCurrent()).toBe(true);
  });

  it('differs from the source only in provider, client output, header and `// postgresql:` lines', () => {
    const source = fs.readFileSync(PROVIDER_FILES.sqlite.schema, 'utf8').replace(POSTGRES_ONLY, '$1');
    const derived = postgresSchemaFrom(source);
    expect(derived).toMatch(/provider\s*=\s*"postgresql"/);
    expect(derived).toContain('"../src/generated/postgresql"');
    const strip = (text: string) =>
      text.replace(/^\/\/ GENERATED.*\n/, '').replace(/"postgresql"|"sqlite"/, 'P').replace(/"(\.\.\/)?src\/generated\/\w+"/, 'O');
    expect(strip(derived)).toBe(strip(source));
  });

  it('refuses a source that is not SQLite', () => {
    expect(() => postgresSchemaFrom('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/sqlite/);
  });

  it('passes its --check as run from the command line', () => {
    // run exactly as a developer or CI would; tsx is the repository's TypeScript runner
    const tsx = require.resolve('tsx/cli');
    const run = spawnSync(process.execPath, [tsx, 'scripts/pg-schema.ts', '--check'], { cwd: DB_PACKAGE_DIR, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });
});

describe('the committed migrations', () => {
  it('match prisma/schema.prisma on SQLite (else: npm run db:migrate -- <name>)', async () => {
    expect(await pendingMigrationSql('sqlite')).toBe('');
  });

  it.skipIf(unavailable !== undefined)('match the PostgreSQL schema', async () => {
    expect(await pendingMigrationSql('postgresql', POSTGRES_URL)).toBe('');
  });
});

describe('databaseUrlFrom', () => {
  it('defaults to data/waihu.db at the repository root', () => {
    expect(databaseUrlFrom({})).toBe(`file:${DEFAULT_SQLITE_FILE}`);
    expect(databaseUrlFrom({ DATABASE_URL: '  ' })).toBe(`file:${DEFAULT_SQLITE_FILE}`);
    expect(DEFAULT_SQLITE_FILE.startsWith(`${DB_PACKAGE_DIR.replace(/[/\\]prisma$/, '')}`)).toBe(true);
    expect(DEFAULT_SQLITE_FILE).toMatch(/[/\\]data[/\\]waihu\.db$/);
  });

  it('takes PostgreSQL URLs as they are and makes SQLite paths absolute', () => {
    const pgUrl = 'postgresql://u:p@db.example:5432/waihu?sslmode=require';
    expect(databaseUrlFrom({ DATABASE_URL: pgUrl })).toBe(pgUrl);
    expect(isPostgres(pgUrl)).toBe(true);
    expect(isPostgres('postgres://x/y')).toBe(true);
    expect(isPostgres('file:./x.db')).toBe(false);
    expect(databaseUrlFrom({ DATABASE_URL: 'file:/srv/waihu.db' })).toBe('file:/srv/waihu.db');
    expect(databaseUrlFrom({ DATABASE_URL: 'file:./rel.db' })).toBe(`file:${process.cwd()}/rel.db`);
  });

  it('refuses other schemes with a coded error', () => {
    expect(() => databaseUrlFrom({ DATABASE_URL: 'mysql://root:secret@h/db' })).toThrow(DatabaseUrlError);
    try {
      databaseUrlFrom({ DATABASE_URL: 'mysql://root:secret@h/db' });
    } catch (error) {
      expect((error as DatabaseUrlError).code).toBe('DATABASE_URL_INVALID');
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
