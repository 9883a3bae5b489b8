/**
 * Campaign fixtures for tests, the crash test's worker and the benchmark: a script version,
 * leads with made-up numbers, a task over them, and a dialer in either queue mode over a fake
 * trunk. Redis keys are prefixed per run so runs never meet; `cleanRedis` removes them.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { createDb, migrate } from '@waihu/db';
import type { Db } from '@waihu/db';
import { POSTGRES_URL } from '@waihu/db/testing';
import { CallRecords, RecordingStorage } from '../../calls/index.js';
import { LocalFileStore } from '../../storage/index.js';
import { SecretBox } from '../../secrets/box.js';
import { tenantClients } from '../../tenancy.js';
import { Dialer } from '../dialer.js';
import type { DialerOptions } from '../dialer.js';
import { EmbeddedQueue } from '../queue/embedded.js';
import { RedisQueue } from '../queue/redis.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { DialStore } from '../store.js';
import { createTask, submitLeads, transition } from '../tasks.js';
import type { TaskInput } from '../tasks.js';

export type QueueMode = 'embedded' | 'redis';
export type DbKind = 'sqlite' | 'postgres';
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** A template with one version (the dialer only records which version ran). */
export async function scriptVersion(db: Db, enterpriseId: number): Promise<{ templateId: number; versionId: number }> {
  const t = await db.template.create({ data: { enterpriseId, name: `测试话术${Date.now()}${Math.random()}`, currentVersion: 1 } });
  const v = await db.templateVersion.create({ data: { enterpriseId, templateId: t.id, number: 1, source: '{}' } });
  return { templateId: t.id, versionId: v.id };
}

/** `count` leads numbered from `first` (11-digit 139… numbers), in one batch; returns their ids in order. */
export async function makeLeads(db: Db, enterpriseId: number, count: number, first = 0): Promise<number[]> {
  const batch = await db.leadBatch.create({ data: { enterpriseId, code: `B${Date.now()}${Math.floor(Math.random() * 1e6)}`, status: 'done' } });
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, k) => ({ enterpriseId, batchId: batch.id, name: `客户${first + i + k}`, phone: phoneOf(first + i + k) }));
    await db.lead.createMany({ data: rows });
  }
  const leads = await db.lead.findMany({ where: { enterpriseId, batchId: batch.id }, orderBy: { id: 'asc' }, select: { id: true } });
  return leads.map((l) => l.id);
}

export const phoneOf = (i: number): string => `139${String(i).padStart(8, '0')}`;
export const indexOfPhone = (phone: string): number => Number(phone.slice(3));

/** A task over the leads, started (RUNNING) at `nowMs`. */
export async function startedTask(db: Db, enterpriseId: number, userId: number, leadIds: readonly number[], input: TaskInput, nowMs: number): Promise<number> {
  const scoped = tenantClients(db)(enterpriseId);
  const { templateId } = await scriptVersion(db, enterpriseId);
  const task = await createTask(scoped, userId, { name: '测试任务', ...input, templateId }, nowMs);
  for (let i = 0; i < leadIds.length; i += 5_000) await submitLeads(scoped, task.id, { leadIds: leadIds.slice(i, i + 5_000) }, nowMs);
  await transition(scoped, task.id, 'start', nowMs);
  return task.id;
}

/** The call store the server uses (recordings go to a scratch folder). */
export function attemptStore(db: Db, secrets: SecretBox): CallRecords {
  return new CallRecords({ db, recordings: new RecordingStorage(db, new LocalFileStore(mkdtempSync(join(tmpdir(), 'waihu-dialer-files-'))), secrets) });
}

export function queueFactory(mode: QueueMode, prefix: string, redisUrl = TEST_REDIS_URL): (store: DialStore) => JobQueue {
  return (store) => (mode === 'redis' ? new RedisQueue({ url: redisUrl, prefix, due: (t, m, n) => store.due(t, m, n) }) : new EmbeddedQueue((t, m, n) => store.due(t, m, n)));
}

export function makeDialer(opts: Omit<DialerOptions, 'queue'> & { readonly mode: QueueMode; readonly prefix: string; readonly redisUrl?: string }): Dialer {
  return new Dialer({ ...opts, queue: queueFactory(opts.mode, opts.prefix, opts.redisUrl) });
}

/** Deletes every key of a test run's prefix. */
export async function cleanRedis(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** Whether Redis answers (tests of the Redis mode say so when it does not). */
export async function redisAvailable(url = TEST_REDIS_URL): Promise<boolean> {
  const r = new Redis(url, { maxRetriesPerRequest: 0, lazyConnect: true, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const PRISMA_DIR = resolve(import.meta.dirname, '../../../../prisma');

/** A digest of both providers' migrations: a template made from the same migrations is the same database. */
function migrationsDigest(): string {
  const h = createHash('sha256');
  for (const dir of ['migrations', 'postgresql/migrations']) {
    const root = join(PRISMA_DIR, dir);
    for (const name of readdirSync(root).sort()) {
      const sql = join(root, name, 'migration.sql');
      if (existsSync(sql)) h.update(name).update(readFileSync(sql));
    }
  }
  return h.digest('hex').slice(0, 16);
}

const templates = new Map<DbKind, Promise<string>>();

async function pgAdmin(sql: string): Promise<void> {
  const db = await createDb(POSTGRES_URL);
  try {
    await db.$executeRawUnsafe(sql);
  } finally {
    await db.$disconnect();
  }
}

const pgUrlOf = (name: string): string => {
  const u = new URL(POSTGRES_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * The migrated template of a kind, made once per set of migrations and kept for later runs and
 * other test files (a file in the temp folder; a PostgreSQL database named for the migrations'
 * digest): running the migrations takes seconds of CPU each time. Made under a scratch name
 * and renamed, so test files starting together never see half a template.
 */
function template(kind: DbKind): Promise<string> {
  let t = templates.get(kind);
  if (t) return t;
  const digest = migrationsDigest();
  t = kind === 'sqlite'
    ? (async () => {
      const file = join(tmpdir(), `waihu-test-template-${digest}.db`);
      if (existsSync(file)) return file;
      const scratch = join(mkdtempSync(join(tmpdir(), 'waihu-dialer-db-')), 'template.db');
      await migrate(`file:${scratch}`);
      renameSync(scratch, file);
      return file;
    })()
    : (async () => {
      const name = `waihu_test_template_${digest}`;
      const db = await createDb(POSTGRES_URL);
      try {
        const found = await db.$queryRawUnsafe<unknown[]>('SELECT 1 FROM pg_database WHERE datname = $1', name);
        if (found.length > 0) return name;
      } finally {
        await db.$disconnect();
      }
      const scratch = `waihu_test_scratch_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await pgAdmin(`CREATE DATABASE "${scratch}"`);
      await migrate(pgUrlOf(scratch));
      // Another test file may have finished the same template first: then ours is dropped.
      await pgAdmin(`ALTER DATABASE "${scratch}" RENAME TO "${name}"`).catch(() => pgAdmin(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
      return name;
    })();
  templates.set(kind, t);
  return t;
}

/**
 * A fresh, migrated database that other processes can open too (a file, or a PostgreSQL
 * database): a copy of the kind's template (a file copy; PostgreSQL's `CREATE DATABASE …
 * TEMPLATE`). `drop` removes a PostgreSQL copy.
 */
export async function freshDatabase(kind: DbKind): Promise<{ url: string; drop: () => Promise<void> }> {
  const tpl = await template(kind);
  if (kind === 'sqlite') {
    const file = join(mkdtempSync(join(tmpdir(), 'waihu-dialer-db-')), 'dialer.db');
    copyFileSync(tpl, file);
    return { url: `file:${file}`, drop: async () => undefined };
  }
  const name = `waihu_dialer_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  // Two copies of one template at the same moment: PostgreSQL refuses the second while the first reads it; try again.
  for (let i = 0; ; i++) {
    try {
      await pgAdmin(`CREATE DATABASE "${name}" TEMPLATE "${tpl}"`);
      break;
    } catch (e) {
      if (i >= 20) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return { url: pgUrlOf(name), drop: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The people a campaign needs: an enterprise with its admin and an agent, in a fresh database. */
export interface CampaignWorld {
  readonly db: Db;
  readonly a: { readonly id: number; readonly adminId: number };
  readonly secrets: SecretBox;
  close(): Promise<void>;
}

export async function campaignWorld(kind: DbKind): Promise<CampaignWorld> {
  const fresh = await freshDatabase(kind);
  const db = await createDb(fresh.url);
  const e = await db.enterprise.create({ data: { name: '企业acme', account: 'acme' } });
  const admin = await db.user.create({ data: { enterpriseId: e.id, role: 'ENTERPRISE_ADMIN', workNo: 'admin', name: '管理员', passwordHash: 'x' } });
  await db.user.create({ data: { enterpriseId: e.id, role: 'AGENT', workNo: '2001', name: '坐席', passwordHash: 'x', callerNumber: '13800130001' } });
  return {
    db, a: { id: e.id, adminId: admin.id }, secrets: SecretBox.random(),
    async close() {
      await db.$disconnect();
      await fresh.drop();
    },
  };
}
