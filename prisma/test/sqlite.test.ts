import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, migrate, type Db } from '../src/index.js';
import { PROVIDER_FILES } from '../src/paths.js';
import { roundTrip } from './round-trip.js';

describe('SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waihu-db-'));
  // a folder that does not exist yet: migrate creates it
  const url = `file:${path.join(dir, 'nested', 'waihu.db')}`;
  let db: Db | undefined;

  afterAll(async () => {
    await db?.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a fresh file, twice without harm', async () => {
    await migrate(url);
    expect(fs.existsSync(path.join(dir, 'nested', 'waihu.db'))).toBe(true);
    await migrate(url); // nothing pending: a no-op
    db = await createDb(url);
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL',
    );
    const committed = fs.readdirSync(PROVIDER_FILES.sqlite.migrations).filter((f) => /^\d{14}_/.test(f));
    expect(applied.map((row) => row.migration_name).sort()).toEqual(committed.sort());
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    expect(mode?.journal_mode).toBe('wal');
  });

  it('round-trips enterprises, users, script versions and leads', async () => {
    expect(db).toBeDefined();
    await roundTrip(db!);
  });
});
