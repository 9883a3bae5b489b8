/**
 * Campaign fixtures for tests, the crash test's worker and the benchmark: a script version,
 * leads with made-up numbers, a task over them, and a dialer in either queue mode over a fake
 * trunk. Redis keys are prefixed per run so runs never meet; `cleanRedis` removes them.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createDb, migrate } from '@waihu/db';
import type { Db } from '@waihu/db';
import { POSTGRES_URL } from '@waihu/db/testing';
import { CallRecords, RecordingStorage } from '../../calls/index.js';
import { LocalFileStore } from '../../storage/index.js';
import type { SecretBox } from '../../secrets/box.js';
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

const templates = new Map<DbKind, Promise<string>>();

/**
 * A fresh, migrated database that other processes can open too (a file, or a PostgreSQL
 * database): migrated once per process and kind, then copied (a file copy; PostgreSQL's
 * `CREATE DATABASE … TEMPLATE`), since running the migrations takes seconds each time.
 */
export async function freshDatabase(kind: DbKind): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    let template = templates.get(kind);
    if (!template) {
      template = (async () => {
        const file = join(mkdtempSync(join(tmpdir(), 'waihu-dialer-db-')), 'template.db');
        await migrate(`file:${file}`);
        return file;
      })();
      templates.set(kind, template);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'waihu-dialer-db-')), 'dialer.db');
    copyFileSync(await template, file);
    return { url: `file:${file}`, drop: async () => undefined };
  }
  const admin = async (sql: string): Promise<void> => {
    const db = await createDb(POSTGRES_URL);
    try {
      await db.$executeRawUnsafe(sql);
    } finally {
      await db.$disconnect();
    }
  };
  const urlOf = (name: string): string => {
    const u = new URL(POSTGRES_URL);
    u.pathname = `/${name}`;
    return u.toString();
  };
  let template = templates.get(kind);
  if (!template) {
    template = (async () => {
      const name = `waihu_dialer_tpl_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await admin(`CREATE DATABASE "${name}"`);
      await migrate(urlOf(name));
      return name;
    })();
    templates.set(kind, template);
  }
  const tpl = await template;
  const name = `waihu_dialer_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${tpl}"`);
  return { url: urlOf(name), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Drops this process's PostgreSQL template database (after the last freshDatabase). */
export async function dropTemplates(): Promise<void> {
  const pg = templates.get('postgres');
  templates.delete('postgres');
  if (!pg) return;
  const name = await pg.catch(() => null);
  if (!name) return;
  const db = await createDb(POSTGRES_URL);
  try {
    await db.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await db.$disconnect();
  }
}
