/**
 * A big import writes in short transactions, all or nothing for users (import-write.ts): on
 * SQLite another connection's writer (as a dialer worker in another process would be) gets the
 * write lock between the import's transactions instead of timing out behind one long one; no
 * list ever shows part of the import; and an import that fails part-way leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkbook } from '@waihu/workbook';
import type { LightMyRequestResponse } from 'fastify';
import { databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';
import { ROWS_PER_TRANSACTION } from '../src/leads/import-write.js';

/** Rows of the big files: eight write transactions. */
const ROWS = 8 * ROWS_PER_TRANSACTION;
const mobile = (i: number): string => `135${String(i).padStart(8, '0')}`;
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The other process's writer: libsql (the driver under the server's client) with a 5 s busy timeout, one line of JSON per write. */
const WRITER = `
const Database = require('libsql');
const [file, id] = process.argv.slice(1);
const db = new Database(file, { timeout: 5000 });
const edit = db.prepare('UPDATE "Lead" SET "name" = ? WHERE "id" = ?');
let i = 0, stop = false;
process.stdin.on('end', () => { stop = true; });
process.stdin.resume();
(function next() {
  if (stop) { db.close(); return; }
  const t0 = performance.now();
  let error;
  try { edit.run('被编辑' + i++, Number(id)); } catch (e) { error = String(e.code || e.message); }
  process.stdout.write(JSON.stringify({ at: Date.now(), ms: performance.now() - t0, error }) + '\\n');
  setTimeout(next, 20);
})();
`;

describe.each(await databases())('a big import beside other writers on %s', (kind) => {
  let api: TestApi;
  let leader: string;
  let dbFile = '';

  /**
   * Another writer, in a process of its own as a dialer worker would be: on SQLite a second
   * connection with the same 5 s busy timeout (a second client in this process would block the
   * event loop while it waits for the lock, and so the import that holds it); on PostgreSQL this
   * process's client. It edits one lead every 20 ms until stopped.
   */
  const startWriter = async (leadId: number): Promise<{ stop(): Promise<{ at: number; ms: number; error?: string }[]> }> => {
    if (kind !== 'sqlite') {
      const writes: { at: number; ms: number; error?: string }[] = [];
      let running = true;
      const loop = (async () => {
        for (let i = 0; running; i++) {
          const t0 = performance.now();
          try {
            await api.db.lead.update({ where: { id: leadId }, data: { name: `被编辑${i}` } });
            writes.push({ at: Date.now(), ms: performance.now() - t0 });
          } catch (e) {
            writes.push({ at: Date.now(), ms: performance.now() - t0, error: String(e) });
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      return { stop: async () => { running = false; await loop; return writes; } };
    }
    const child = spawn(process.execPath, ['-e', WRITER, dbFile, String(leadId)], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300)); // opened
    return {
      stop: async () => {
        child.stdin.end();
        await exited;
        return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { at: number; ms: number; error?: string });
      },
    };
  };

  const fileOf = (from: number): Buffer => Buffer.from(writeWorkbook({
    sheets: [{ name: '数据列表', rows: [['姓名', '电话'], ...Array.from({ length: ROWS }, (_, i) => [`客户${from + i}`, mobile(from + i)])] }],
  }));
  const startImport = (bytes: Buffer, batch: string): Promise<LightMyRequestResponse> => {
    const body = multipart('big.xlsx', bytes);
    const boundary = body.headers['content-type']!.split('boundary=')[1]!;
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="batch"\r\n\r\n${batch}\r\n`), body.payload]);
    return api.app.inject({ method: 'POST', url: '/api/leads/import', headers: { ...body.headers, authorization: `Bearer ${leader}` }, payload });
  };
  /** Leads written so far under a batch, hidden or not (the unscoped client, as no user can). */
  const written = (code: string): Promise<number> => api.db.lead.count({ where: { batch: { code } } });
  const listed = async (): Promise<number> => (await api.call('GET', '/api/leads?pageSize=1', leader)).json().total as number;

  beforeAll(async () => {
    api = await startApi(kind);
    leader = await api.login('1001@acme');
    if (kind === 'sqlite') {
      const [file] = await api.db.$queryRawUnsafe<{ file: string }[]>(`SELECT file FROM pragma_database_list WHERE name = 'main'`);
      dbFile = file!.file;
    }
  });
  afterAll(async () => { await api?.close(); });

  it('lets another writer in between its transactions and shows the import whole or not at all', async () => {
    const lead = await api.db.lead.create({ data: { enterpriseId: api.a.id, name: '被编辑', phone: mobile(9_000_000) } });
    const before = await listed();
    const file = fileOf(0);
    const writer = await startWriter(lead.id);
    let done = false;
    const importing = startImport(file, 'big-1').finally(() => { done = true; });
    /** When the batch was seen part-written (Date.now()), first and last. */
    let partFrom = Infinity;
    let partTo = 0;
    const totals = new Set<number>();
    while (!done) {
      const partial = await written('big-1');
      if (partial > 0 && partial < ROWS) {
        partFrom = Math.min(partFrom, Date.now());
        partTo = Date.now();
      }
      totals.add(await listed());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const r = await importing;
    const writes = await writer.stop();
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ total: ROWS, accepted: ROWS, rejected: 0 });
    // The other writer never failed (SQLITE_BUSY after its 5 s busy timeout), waited far less
    // than that, and got in while the import was part-written, between its transactions.
    expect(writes.filter((w) => w.error !== undefined)).toEqual([]);
    const waits = writes.map((w) => w.ms);
    expect(Math.max(...waits), `waits ${waits.map(Math.round).join(', ')} ms`).toBeLessThan(2_000);
    expect(writes.filter((w) => w.at >= partFrom && w.at <= partTo).length, `${writes.length} writes, part-written ${partFrom}–${partTo}`).toBeGreaterThanOrEqual(2);
    // The list never showed part of the import (it counted 0 or all of it).
    for (const t of totals) expect([before, before + ROWS]).toContain(t);
    expect(await listed()).toBe(before + ROWS);
    expect((await api.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).name).toMatch(/^被编辑\d+$/);
  }, 180_000);

  it('removes what it wrote when a later transaction fails (a number added meanwhile): 409, nothing left', async () => {
    const before = { listed: await listed(), leads: await api.db.lead.count(), batches: await api.db.leadBatch.count() };
    const from = 1_000_000;
    const file = fileOf(from);
    let done = false;
    const importing = startImport(file, 'big-2').finally(() => { done = true; });
    // Once the first transactions are in, someone adds the file's last number by hand: the
    // lookups passed it, so the last transaction's insert meets it.
    while (!done && (await written('big-2')) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done, 'the import finished before its leads could be seen being written').toBe(false);
    const added = await api.call('POST', '/api/leads', leader, { name: '抢先', phone: mobile(from + ROWS - 1) });
    expect(added.statusCode, added.body).toBe(201);
    const r = await importing;
    expect([r.statusCode, r.json().error?.code, r.json().error?.retryable], r.body).toEqual([409, 'IMPORT_CONFLICT', true]);
    expect(await written('big-2')).toBe(0);
    expect(await api.db.leadBatch.count()).toBe(before.batches);
    expect(await api.db.lead.count()).toBe(before.leads + 1);
    expect(await listed()).toBe(before.listed + 1);
  }, 120_000);
});
