import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalFileStore, StorageError, saveFile, sweepExpiredFiles } from '../src/storage/index.js';
import { scopedDb } from '../src/tenancy.js';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';

const fresh = (): LocalFileStore => new LocalFileStore(mkdtempSync(join(tmpdir(), 'waihu-store-')));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof StorageError ? e.code : String(e);
  }
}

describe('LocalFileStore', () => {
  it('writes, reads, streams and deletes by key', async () => {
    const store = fresh();
    expect(await store.put('a/b/c.txt', Buffer.from('你好'))).toEqual({ sizeBytes: 6 });
    expect((await store.read('a/b/c.txt')).toString()).toBe('你好');
    await store.put('a/b/c.txt', Readable.from([Buffer.from('x'), Buffer.from('yz')]));
    const chunks: Buffer[] = [];
    for await (const c of await store.open('a/b/c.txt')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('xyz');
    await store.delete('a/b/c.txt');
    await store.delete('a/b/c.txt'); // twice: a retried delete is not an error
    expect(await codeOf(store.read('a/b/c.txt'))).toBe('STORAGE_NOT_FOUND');
    expect(await codeOf(store.open('a/b/c.txt'))).toBe('STORAGE_NOT_FOUND');
    expect(readdirSync(join(store.root, 'a', 'b'))).toEqual([]);
  });

  it('refuses keys that could leave the store', async () => {
    const store = fresh();
    for (const key of ['', '../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/./b', '.hidden', 'a\\b', 'a b', 'x'.repeat(600)]) {
      expect(await codeOf(store.put(key, Buffer.from('x'))), key).toBe('STORAGE_KEY_INVALID');
      expect(await codeOf(store.read(key)), key).toBe('STORAGE_KEY_INVALID');
    }
  });

  it('leaves nothing under the key when a streamed write fails midway', async () => {
    const store = fresh();
    await store.put('k.bin', Buffer.from('old'));
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('client went away'));
      },
    });
    expect(await codeOf(store.put('k.bin', failing))).toBe('STORAGE_UNAVAILABLE');
    expect((await store.read('k.bin')).toString()).toBe('old');
    expect(readdirSync(store.root)).toEqual(['k.bin']);
  });
});

describe.each(await databases())('stored files on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(kind); });
  afterAll(async () => { await api.close(); });

  it('serves a file to its enterprise until it expires, then sweeps it', async () => {
    const store = fresh();
    const t0 = new Date('2026-11-21T00:00:00Z');
    const db = scopedDb(api.db, api.a.id);
    const kept = await saveFile(db, store, {
      enterpriseId: api.a.id, kind: 'export', fileName: '名单.csv', contentType: 'text/csv', extension: 'csv',
      data: Buffer.from('a,b\n'), createdById: api.a.adminId, now: t0, ttlMs: 60_000,
    });
    expect(kept).toMatchObject({ fileName: '名单.csv', sizeBytes: 4, url: `/api/files/${kept.id}`, expiresAt: '2026-11-21T00:01:00.000Z' });
    const row = await api.db.storedFile.findUniqueOrThrow({ where: { id: kept.id } });
    expect(row.storageKey).toMatch(new RegExp(`^export/${api.a.id}/202611/[0-9a-f]{24}\\.csv$`));
    expect(await scopedDb(api.db, api.b.id).storedFile.findUnique({ where: { id: kept.id } })).toBeNull();

    expect(await sweepExpiredFiles(api.db, store, new Date(t0.getTime() + 59_999))).toBe(0);
    expect(await sweepExpiredFiles(api.db, store, new Date(t0.getTime() + 60_000))).toBe(1);
    expect(await api.db.storedFile.findUnique({ where: { id: kept.id } })).toBeNull();
    expect(await codeOf(store.read(row.storageKey))).toBe('STORAGE_NOT_FOUND');
  });

  it('answers 410 for an expired report and 404 for a file whose bytes are gone', async () => {
    const admin = await api.login('admin@acme');
    const row = await api.db.storedFile.create({
      data: { enterpriseId: api.a.id, kind: 'export', storageKey: 'export/gone.csv', fileName: 'gone.csv', contentType: 'text/csv', sizeBytes: 1, expiresAt: new Date(api.clock.now + 1000) },
    });
    expect((await api.call('GET', `/api/files/${row.id}`, admin)).json().error.code).toBe('FILE_NOT_FOUND');
    api.clock.now += 1000;
    const expired = await api.call('GET', `/api/files/${row.id}`, admin);
    expect([expired.statusCode, expired.json().error.code]).toEqual([410, 'FILE_EXPIRED']);
    expect((await api.call('GET', `/api/files/${row.id}`, null)).statusCode).toBe(401);
  });
});
