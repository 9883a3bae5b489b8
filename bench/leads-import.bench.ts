/**
 * Lead import speed and memory: a 100,000-row and a 200,000-row .xlsx imported through the API
 * (buildApp + inject) into a fresh SQLite database, with phone validation, deduplication and
 * blacklist checks; then the same file again (every row a duplicate: the lookup-and-report
 * path); then, for the first size, the latency of the lead list with those leads in the database.
 *
 * Memory is peak RSS and heap over the idle server (started, logged in, collected), so each
 * size runs in a fresh process, and each file is built in yet another one (writing it costs
 * far more memory than importing it, and RSS does not shrink back). Files are cached in the
 * system temp directory.
 *
 * The upload is streamed from the file on disk into `inject`, as a socket would deliver it, so
 * the figures are the server's (BENCH_PAYLOAD=buffer: one Buffer, as before, for comparison).
 *
 * During the first import another connection to the database file (as a dialer worker in
 * another process has) writes every 100 ms: its waits are how long SQLite's write lock kept it
 * out. The list latencies include name searches of 1, 2 and 3+ characters through the name
 * index, each beside the same search as a scan through the client's `contains`.
 *
 * Run with `npx tsx bench/leads-import.bench.ts` (BENCH_SIZES=100000,200000 to change the sizes,
 * BENCH_EXTRA_LEADS=902500 for the lists at 1,000,000 leads). Prints the load average.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@waihu/db';
import { openSheetRows, writeWorkbook } from '@waihu/workbook';
import type { CellValue } from '@waihu/engine';
import { multipart, startApi } from '../server/test/support.js';
import { insertLeads } from '../server/src/leads/bulk-insert.js';
import type { TestApi } from '../server/test/support.js';

const SIZES = (process.env['BENCH_SIZES'] ?? '100000,200000').split(',').map(Number);
/** Set in the child processes: the size to build or to measure. */
const ROWS = Number(process.env['BENCH_ROWS'] ?? 0);
const ROLE = process.env['BENCH_ROLE'] ?? 'main';
const fileOf = (rows: number): string => join(tmpdir(), `waihu-bench-leads-${rows}.xlsx`);
const blacklistOf = (rows: number): string => join(tmpdir(), `waihu-bench-leads-${rows}.blacklist.json`);
const LIST_REQUESTS = 200;
/** Leads added straight to the database before the list queries (BENCH_EXTRA_LEADS=902500 makes 1,000,000). */
const EXTRA_LEADS = Number(process.env['BENCH_EXTRA_LEADS'] ?? 0);

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Collects garbage when the process was started with --expose-gc (the children are). */
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * Peak RSS and main-thread heap while `fn` runs, sampled every 10 ms; and `live`, the largest
 * heap seen right after a full (mark-compact) collection during the run: what the run really
 * holds, where the peak also counts the garbage V8 lets pile up between full collections (it
 * lets the old generation grow to a few times its live size before collecting again).
 */
async function peakMemory<T>(fn: () => Promise<T>): Promise<{ result: T; rss: number; heap: number; live: number; ms: number }> {
  let rss = 0;
  let heap = 0;
  let live = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const majorGc = new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) {
      live = Math.max(live, process.memoryUsage().heapUsed);
    }
  });
  majorGc.observe({ entryTypes: ['gc'] });
  const timer = setInterval(sample, 10);
  const t0 = performance.now();
  try {
    sample();
    const result = await fn();
    sample();
    return { result, rss, heap, live, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
    majorGc.disconnect();
  }
}

/** A realistic messy file: mixed phone formats, 1% invalid, 0.5% duplicated in the file, 1,000 blacklisted. */
function leadFile(rows: number): { bytes: Uint8Array; blacklist: string[] } {
  const sheet: CellValue[][] = [['姓名', '电话', '微信', '备注'], ['# 说明行', null, null, null]];
  const blacklist: string[] = [];
  for (let i = 0; i < rows; i++) {
    const digits = `1${3 + (i % 7)}${String(i).padStart(9, '0')}`;
    let phone: CellValue = i % 3 === 0 ? Number(digits) : i % 3 === 1 ? `+86 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}` : `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
    if (i % 100 === 17) phone = `12${digits.slice(2)}`; // not a mobile prefix
    if (i % 200 === 99) phone = `1${3 + ((i - 1) % 7)}${String(i - 1).padStart(9, '0')}`; // same as the row above
    if (i % 100 === 42) blacklist.push(digits);
    sheet.push([`客户${i}`, phone, `wx_${i}`, i % 10 === 0 ? '老客户介绍' : null]);
  }
  return { bytes: writeWorkbook({ sheets: [{ name: '数据列表', rows: sheet }] }), blacklist };
}

/**
 * The upload as a stream read from the file on disk, as a socket would deliver it: the bench
 * then measures what the server holds, not the client's copies of the body. BENCH_PAYLOAD=buffer
 * sends it as one Buffer built in memory, as the bench did before (two more copies of the file
 * in this process while the import runs).
 */
function uploadBody(path: string, batch: string): { payload: Readable | Buffer; headers: Record<string, string> } {
  const boundary = `----waihu-bench-${batch}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="batch"\r\n\r\n${batch}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${batch}.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  if (process.env['BENCH_PAYLOAD'] === 'buffer') {
    const body = multipart(`${batch}.xlsx`, readFileSync(path));
    const bound = body.headers['content-type']!.split('boundary=')[1]!;
    return { headers: body.headers, payload: Buffer.concat([Buffer.from(`--${bound}\r\nContent-Disposition: form-data; name="batch"\r\n\r\n${batch}\r\n`), body.payload]) };
  }
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
    yield tail;
  }
  return { headers, payload: Readable.from(parts()) };
}

async function importOnce(api: TestApi, token: string, path: string, batch: string) {
  const { payload, headers } = uploadBody(path, batch);
  const r = await api.app.inject({ method: 'POST', url: '/api/leads/import', headers: { ...headers, authorization: `Bearer ${token}` }, payload });
  if (r.statusCode !== 201) throw new Error(`import ${batch}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  return r.json() as { total: number; accepted: number; rejected: number; reasons: Record<string, number>; batch: { id: number } };
}

/** Latency of `n` list requests; `urls` may use the previous response (cursor paging). */
async function latency(api: TestApi, token: string, urls: (previous: { nextCursor?: string | null } | null) => string, n = LIST_REQUESTS): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  let previous: { nextCursor?: string | null } | null = null;
  for (let i = 0; i < n; i++) {
    const url = urls(previous);
    const t0 = performance.now();
    const r = await api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    times.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    previous = r.json() as { nextCursor?: string | null };
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n * 0.5)]!, p95: times[Math.floor(n * 0.95)]! };
}

/** Bulk leads for list latency at scale, through the import's own insert, 50,000 per transaction. */
async function addLeads(api: TestApi, count: number): Promise<void> {
  const t0 = performance.now();
  const batch = await api.db.leadBatch.create({ data: { enterpriseId: api.a.id, code: 'bench-bulk', fileName: 'bulk', status: 'done', totalRows: count, accepted: count, createdById: api.a.adminId } });
  const at = new Date();
  for (let done = 0; done < count; done += 50_000) {
    const rows = Array.from({ length: Math.min(50_000, count - done) }, (_, i) => ({ name: `批量${done + i}`, phone: `199${String(done + i).padStart(8, '0')}`, fields: {} }));
    await insertLeads(api.db, { enterpriseId: api.a.id, batchId: batch.id, createdById: api.a.adminId, at }, rows);
  }
  console.log(`added ${count.toLocaleString('en')} leads directly in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Builds the file for ROWS in this (child) process and caches it on disk. */
function build(): void {
  const t0 = performance.now();
  const { bytes, blacklist } = leadFile(ROWS);
  writeFileSync(fileOf(ROWS), bytes);
  writeFileSync(blacklistOf(ROWS), JSON.stringify(blacklist));
  console.log(`file: ${ROWS.toLocaleString('en')} rows, ${mb(bytes.byteLength)} .xlsx, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Imports the file for ROWS twice through the API and prints speed and memory; lists at the first size. */
async function measure(withLists: boolean): Promise<void> {
  const path = fileOf(ROWS);
  const blacklist = JSON.parse(readFileSync(blacklistOf(ROWS), 'utf8')) as string[];
  console.log(`-- ${ROWS.toLocaleString('en')} rows, ${mb(statSync(path).size)} .xlsx`);
  collect();
  const parseBase = process.memoryUsage();
  const parse = await peakMemory(async () => {
    const reader = await openSheetRows({ path }, { maxBytes: 100 * 1024 * 1024, timeoutMs: 120_000 });
    let rows = 0;
    try {
      for await (const batch of reader.rows(0)) rows += batch.length;
    } finally {
      await reader.close();
    }
    return rows;
  });
  console.log(`read alone (openSheetRows from the file, worker thread): ${(parse.ms / 1000).toFixed(2)} s, ${Math.round(parse.result / (parse.ms / 1000)).toLocaleString('en')} rows/s; peak rss +${mb(parse.rss - parseBase.rss)}`);

  const api = await startApi('sqlite', { uploadMaxBytes: 100 * 1024 * 1024 });
  try {
    await api.db.customField.create({ data: { enterpriseId: api.a.id, target: 'lead', key: 'wechat', label: '微信' } });
    await api.db.blacklist.createMany({ data: blacklist.map((phone) => ({ enterpriseId: api.a.id, phone })) });
    const token = await api.login('acme');
    collect();
    const base = process.memoryUsage();
    console.log(`idle server: rss ${mb(base.rss)}, heap ${mb(base.heapUsed)}`);
    const over = (x: { rss: number; heap: number; live: number }): string => {
      collect();
      const after = process.memoryUsage().heapUsed;
      const live = x.live === 0 ? 'no full collection' : `+${mb(x.live - base.heapUsed)}`;
      return `peak rss +${mb(x.rss - base.rss)}, peak heap +${mb(x.heap - base.heapUsed)} over the idle server; live heap after full collections ${live}, kept after +${mb(after - base.heapUsed)}`;
    };

    // Another connection to the file (as a dialer worker in another process has) writes every
    // 100 ms during the first import: how long SQLite's write lock keeps it waiting.
    const [dbFile] = await api.db.$queryRawUnsafe<{ file: string }[]>(`SELECT file FROM pragma_database_list WHERE name = 'main'`);
    const other = await createDb(`file:${dbFile!.file}`);
    const waits: number[] = [];
    let importing = true;
    const writer = (async () => {
      while (importing) {
        const t0 = performance.now();
        await other.$executeRawUnsafe('UPDATE "Enterprise" SET "name" = "name" WHERE "id" = ?', api.a.id);
        waits.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const first = await peakMemory(() => importOnce(api, token, path, `bench-${ROWS}-1`).finally(() => { importing = false; }));
    await writer;
    await other.$disconnect();
    const r1 = first.result;
    console.log(`import (new numbers): ${(first.ms / 1000).toFixed(2)} s, ${Math.round(r1.total / (first.ms / 1000)).toLocaleString('en')} rows/s; `
      + `accepted ${r1.accepted.toLocaleString('en')}, rejected ${r1.rejected.toLocaleString('en')} ${JSON.stringify(r1.reasons)}; ${over(first)}`);
    waits.sort((a, b) => a - b);
    console.log(`another connection's write during it (${waits.length} writes): p50 ${waits[Math.floor(waits.length / 2)]!.toFixed(1)} ms, max ${waits[waits.length - 1]!.toFixed(1)} ms`);

    collect();
    const second = await peakMemory(() => importOnce(api, token, path, `bench-${ROWS}-2`));
    const r2 = second.result;
    console.log(`import (same file again, all rejected): ${(second.ms / 1000).toFixed(2)} s, ${Math.round(r2.total / (second.ms / 1000)).toLocaleString('en')} rows/s; `
      + `accepted ${r2.accepted}, rejected ${r2.rejected.toLocaleString('en')}; ${over(second)}`);
    if (!withLists) return;

    const report = await peakMemory(() => api.app.inject({ method: 'GET', url: `/api/leads/batches/${r2.batch.id}/rejected`, headers: { authorization: `Bearer ${token}` } }));
    console.log(`rejected-rows report of ${r2.rejected.toLocaleString('en')} rows: ${(report.ms / 1000).toFixed(2)} s, ${mb(report.result.rawPayload.byteLength)}`);

    if (EXTRA_LEADS > 0) await addLeads(api, EXTRA_LEADS);
    const leads = await api.db.lead.count();
    const pages = Math.floor(leads / 50);
    let n = 0;
    const list = await latency(api, token, () => `/api/leads?pageSize=50&page=${1 + ((n++ * 7919) % pages)}`);
    const first50 = await latency(api, token, () => '/api/leads?pageSize=50');
    const cursor = await latency(api, token, (prev) => `/api/leads?pageSize=50${prev?.nextCursor ? `&cursor=${prev.nextCursor}` : ''}`);
    const phone = await latency(api, token, () => `/api/leads?pageSize=50&phone=13${n++ % 10}00`);
    const name = await latency(api, token, () => `/api/leads?pageSize=50&name=${encodeURIComponent(`客户${n++ % 1000}`)}`, 50);
    const name2 = await latency(api, token, () => `/api/leads?pageSize=50&name=${encodeURIComponent(`户${n++ % 10}`)}`, 50);
    const name1 = await latency(api, token, () => `/api/leads?pageSize=50&name=${encodeURIComponent('户')}`, 20);
    // The same searches as a scan: what the list did before the name index (the client's contains, page and count).
    const scan = async (q: (i: number) => string, count: number): Promise<{ p50: number; p95: number }> => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const where = { enterpriseId: api.a.id, name: { contains: q(i) } };
        const t0 = performance.now();
        await Promise.all([api.db.lead.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 51 }), api.db.lead.count({ where })]);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { p50: times[Math.floor(count * 0.5)]!, p95: times[Math.floor(count * 0.95)]! };
    };
    const scan3 = await scan((i) => `客户${i % 1000}`, 20);
    const scan2 = await scan((i) => `户${i % 10}`, 20);
    const scan1 = await scan(() => '户', 10);
    const batch = await latency(api, token, () => `/api/leads?pageSize=50&batchId=${r1.batch.id}&page=${1 + (n++ % 100)}`);
    const ms = (x: { p50: number; p95: number }): string => `p50 ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms`;
    console.log(`GET /api/leads with ${leads.toLocaleString('en')} leads (pageSize 50, incl. total count):`);
    console.log(`  page=1:            ${ms(first50)}`);
    console.log(`  page=random:       ${ms(list)}`);
    console.log(`  cursor, 200 pages: ${ms(cursor)} (no count)`);
    console.log(`  phone prefix:      ${ms(phone)}`);
    console.log(`  batchId + page:    ${ms(batch)}`);
    console.log(`  name contains (3+ chars, 客户N):  ${ms(name)}; scanned as before: ${ms(scan3)}`);
    console.log(`  name contains (2 chars, 户N):    ${ms(name2)}; scanned as before: ${ms(scan2)}`);
    console.log(`  name contains (1 char, 户):      ${ms(name1)}; scanned as before: ${ms(scan1)}`);
  } finally {
    await api.close();
  }
}

/** Runs this file again as a child for one step, with --expose-gc. */
function child(role: 'build' | 'measure', rows: number, withLists: boolean): void {
  execFileSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url)], {
    stdio: 'inherit', env: { ...process.env, BENCH_ROLE: role, BENCH_ROWS: String(rows), BENCH_LISTS: withLists ? '1' : '' },
  });
}

if (ROLE === 'build') build();
else if (ROLE === 'measure') await measure(process.env['BENCH_LISTS'] === '1');
else {
  console.log(`Lead import benchmark: ${SIZES.map((n) => n.toLocaleString('en')).join(' and ')} rows, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  SIZES.forEach((rows, i) => {
    if (!existsSync(fileOf(rows)) || !existsSync(blacklistOf(rows))) child('build', rows, false);
    child('measure', rows, i === 0);
  });
  console.log(`load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
}
