import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, migrate, type Db } from '../src/index.js';
import { PROVIDER_FILES } from '../src/paths.js';
import { createScratchDatabase, postgresUnavailable } from './postgres-server.js';
import { roundTrip } from './round-trip.js';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`SKIPPED the PostgreSQL tests of @waihu/db: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let db: Db | undefined;

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  it('migrates a fresh database, twice without harm', async () => {
    scratch = await createScratchDatabase();
    await migrate(scratch.url);
    await migrate(scratch.url); // nothing pending: a no-op
    db = await createDb(scratch.url);
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL',
    );
    const committed = fs.readdirSync(PROVIDER_FILES.postgresql.migrations).filter((f) => /^\d{14}_/.test(f));
    expect(applied.map((row) => row.migration_name).sort()).toEqual(committed.sort());
  });

  it('round-trips enterprises, users, script versions and leads', async () => {
    expect(db).toBeDefined();
    await roundTrip(db!);
  });
});
