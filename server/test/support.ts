/**
 * A running API over a fresh database for each test file: SQLite (a copy of a database migrated
 * once per run) or PostgreSQL (a scratch database), with two enterprises and a user per role.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createDb, migrate } from '@waihu/db';
import type { Db } from '@waihu/db';
import { createScratchDatabase, postgresUnavailable } from '@waihu/db/testing';
import { buildApp } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import type { Config } from '../src/config.js';
import { hashPassword } from '../src/auth/secrets.js';
import { SecretBox } from '../src/secrets/box.js';

export type DbKind = 'sqlite' | 'postgres';

export const PASSWORD = 'Secret123';

/** Which databases this run can test, with why one is skipped. */
export async function databases(): Promise<DbKind[]> {
  const why = await postgresUnavailable();
  if (why) console.warn(`SKIPPED the PostgreSQL run of the API tests: ${why}`);
  return why ? ['sqlite'] : ['sqlite', 'postgres'];
}

let migratedSqlite: Promise<string> | null = null;

async function freshUrl(kind: DbKind): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'postgres') {
    const scratch = await createScratchDatabase('waihu_api');
    await migrate(scratch.url);
    return scratch;
  }
  migratedSqlite ??= (async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'waihu-api-')), 'template.db');
    await migrate(`file:${file}`);
    return file;
  })();
  const file = join(mkdtempSync(join(tmpdir(), 'waihu-api-')), 'test.db');
  copyFileSync(await migratedSqlite, file);
  return { url: `file:${file}`, drop: async () => undefined };
}

export interface Tenant {
  readonly id: number;
  readonly account: string;
  readonly adminId: number;
}

export interface TestApi {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly a: Tenant;
  readonly b: Tenant;
  /** The key the app seals credentials with. */
  readonly secrets: SecretBox;
  /** The test clock: move `now` to move time. */
  readonly clock: { now: number };
  /** Logs in and returns the bearer token. */
  login(account: string, password?: string): Promise<string>;
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, token: string | null, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

async function tenant(db: Db, account: string, hash: string, phoneSuffix: string): Promise<Tenant> {
  const e = await db.enterprise.create({ data: { name: `企业${account}`, account } });
  const admin = await db.user.create({ data: { enterpriseId: e.id, role: 'ENTERPRISE_ADMIN', workNo: 'admin', name: '管理员', passwordHash: hash } });
  await db.user.create({ data: { enterpriseId: e.id, role: 'LEADER', workNo: '1001', name: '班长', passwordHash: hash } });
  await db.user.create({ data: { enterpriseId: e.id, role: 'AGENT', workNo: '2001', name: '坐席', passwordHash: hash, callerNumber: `1380013${phoneSuffix}` } });
  return { id: e.id, account, adminId: admin.id };
}

export async function startApi(kind: DbKind, config: Partial<Config> = {}): Promise<TestApi> {
  const { url, drop } = await freshUrl(kind);
  const db = await createDb(url);
  const hash = await hashPassword(PASSWORD);
  await db.user.create({ data: { enterpriseId: null, role: 'PLATFORM_ADMIN', workNo: 'root', name: '平台', passwordHash: hash } });
  const a = await tenant(db, 'acme', hash, '0001');
  const b = await tenant(db, 'bravo', hash, '0002');
  const clock = { now: Date.parse('2026-11-21T09:00:00Z') };
  const dataDir = mkdtempSync(join(tmpdir(), 'waihu-data-'));
  const secrets = SecretBox.random();
  const app = await buildApp({ config: defaultConfig({ logLevel: 'silent', dataDir, ...config }), db, clock: () => clock.now, secrets });
  const call: TestApi['call'] = (method, url, token, body) =>
    app.inject({ method, url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}), ...(body === undefined ? {} : { payload: body as object }) });
  return {
    app, db, a, b, clock, call, secrets,
    async login(account, password = PASSWORD) {
      const r = await call('POST', '/api/auth/login', null, { account, password });
      if (r.statusCode !== 200) throw new Error(`login ${account}: ${r.statusCode} ${r.body}`);
      return (r.json() as { token: string }).token;
    },
    async close() {
      await app.close();
      await db.$disconnect();
      await drop();
    },
  };
}

/** A multipart body with one file field, for inject(). */
export function multipart(fileName: string, bytes: Uint8Array, field = 'file'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----waihu${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName.replace(/["\r\n]/g, "_")}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(bytes), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
