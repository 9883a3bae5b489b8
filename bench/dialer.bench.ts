/**
 * The dialer's speed, one scheduler process, against a fake trunk whose calls end at once (so
 * what is measured is the scheduler: queue, claim, pre-dial checks, number guard, keeping the
 * call, the after-call transaction), on a file SQLite database, in the embedded and the Redis
 * (BullMQ) queue modes:
 *
 * 1. dials per second sustained with 100,000 leads in the task (measured over BENCH_DIALS dials,
 *    default 3,000, after a warm-up), and from it the scheduler's wall time per dial;
 * 2. time from pause (the API's state change committed) to the last new dial, with 50 lines busy
 *    on 1-second calls, over several pauses.
 *
 * Run with `npx tsx bench/dialer.bench.ts` (BENCH_LEADS, BENCH_DIALS, BENCH_MODES=embedded,redis,
 * BENCH_PARTS=throughput,pause).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrate } from '@waihu/db';
import type { Db } from '@waihu/db';
import { SecretBox } from '../server/src/secrets/box.js';
import { tenantClients } from '../server/src/tenancy.js';
import { writeSettings } from '../server/src/crm/settings.js';
import { fakeTrunk } from '../server/src/dialer/fake-trunk.js';
import { runDialer } from '../server/src/dialer/runner.js';
import { transition } from '../server/src/dialer/tasks.js';
import { attemptStore, cleanRedis, makeDialer, phoneOf, redisAvailable, scriptVersion, startedTask } from '../server/src/dialer/testing/fixture.js';
import type { QueueMode } from '../server/src/dialer/testing/fixture.js';

const LEADS = Number(process.env['BENCH_LEADS'] ?? 100_000);
const DIALS = Number(process.env['BENCH_DIALS'] ?? 3_000);
const MODES = (process.env['BENCH_MODES'] ?? 'embedded,redis').split(',') as QueueMode[];
const PARTS = (process.env['BENCH_PARTS'] ?? 'throughput,pause').split(',');
const allDay = { enabled: true, start: '00:00', end: '24:00', breaks: [] };
const ALWAYS = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
const silent = { info: () => undefined, warn: (o: Record<string, unknown>, m: string) => console.warn(m, o['err'] ?? '') };

async function freshDb(): Promise<{ db: Db; enterpriseId: number; userId: number }> {
  const url = `file:${join(mkdtempSync(join(tmpdir(), 'waihu-dialer-bench-')), 'bench.db')}`;
  await migrate(url);
  const db = await createDb(url);
  const e = await db.enterprise.create({ data: { name: 'bench', account: 'bench' } });
  const u = await db.user.create({ data: { enterpriseId: e.id, role: 'ENTERPRISE_ADMIN', workNo: 'admin', name: 'a', passwordHash: 'x' } });
  await writeSettings(tenantClients(db)(e.id), u.id, { workingHours: ALWAYS }, Date.now());
  return { db, enterpriseId: e.id, userId: u.id };
}

/** 100,000 leads in one batch and a running task over them, inserted in bulk (not part of the figures). */
async function bigTask(db: Db, enterpriseId: number, userId: number, lines: number, cps: number): Promise<number> {
  const batch = await db.leadBatch.create({ data: { enterpriseId, code: 'bench', status: 'done' } });
  for (let i = 0; i < LEADS; i += 2_000) {
    await db.lead.createMany({ data: Array.from({ length: Math.min(2_000, LEADS - i) }, (_, k) => ({ enterpriseId, batchId: batch.id, name: `客户${i + k}`, phone: phoneOf(i + k) })) });
  }
  const { templateId } = await scriptVersion(db, enterpriseId);
  const now = new Date();
  const task = await db.callTask.create({ data: { enterpriseId, name: 'bench', templateId, templateVersionId: (await db.templateVersion.findFirstOrThrow({ where: { templateId } })).id, lines, maxCallsPerSecond: cps, settings: JSON.stringify({ hours: ALWAYS, skip: { calledToday: false, inCrm: false } }), state: 'RUNNING', startedAt: now } });
  const leads = await db.lead.findMany({ where: { batchId: batch.id }, select: { id: true }, orderBy: { id: 'asc' } });
  for (let i = 0; i < leads.length; i += 2_000) {
    await db.callTaskLead.createMany({ data: leads.slice(i, i + 2_000).map((l) => ({ enterpriseId, taskId: task.id, leadId: l.id, nextAttemptAt: now })) });
  }
  void userId;
  return task.id;
}

async function throughput(mode: QueueMode): Promise<void> {
  const { db, enterpriseId, userId } = await freshDb();
  const prefix = `waihu-bench-${process.pid}-${mode}`;
  const t0 = performance.now();
  const taskId = await bigTask(db, enterpriseId, userId, 50, 10_000);
  console.log(`  ${mode}: ${LEADS} leads queued in ${((performance.now() - t0) / 1000).toFixed(1)} s (setup, not measured)`);
  const trunk = fakeTrunk({ script: () => ({ outcome: 'ANSWERED', grade: 'C', ringMs: 0, talkMs: 0 }), sleep: () => new Promise((r) => setImmediate(r)), now: Date.now });
  let kept = 0;
  const dialer = makeDialer({ db, dial: trunk.dial, attempts: attemptStore(db, SecretBox.random()), clock: Date.now, secrets: SecretBox.random(), workerId: 'bench', mode, prefix, log: silent, onFinished: () => { kept++; } });
  const running = runDialer(dialer, { log: silent, maxWaitMs: 20 });
  const warm = Math.min(300, DIALS / 10);
  while (kept < warm) await new Promise((r) => setTimeout(r, 5));
  const cpu0 = process.cpuUsage();
  const s0 = performance.now();
  const k0 = kept;
  while (kept - k0 < DIALS) await new Promise((r) => setTimeout(r, 5));
  const wall = performance.now() - s0;
  const cpu = process.cpuUsage(cpu0);
  const n = kept - k0;
  await running.stop();
  const queued = await db.callTaskLead.count({ where: { taskId, state: { in: ['PENDING', 'RETRY'] } } });
  console.log(`  ${mode}: ${n} dials in ${(wall / 1000).toFixed(1)} s = ${(n / (wall / 1000)).toFixed(0)} dials/s; wall ${(wall / n).toFixed(2)} ms per dial, process CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms per dial; max ${trunk.maxConcurrent()} calls at once; ${queued} leads still queued`);
  await db.$disconnect();
  if (mode === 'redis') await cleanRedis(prefix);
}

async function pauseLatency(mode: QueueMode): Promise<void> {
  const { db, enterpriseId, userId } = await freshDb();
  const prefix = `waihu-bench-pause-${process.pid}-${mode}`;
  const batch = await db.leadBatch.create({ data: { enterpriseId, code: 'p', status: 'done' } });
  await db.lead.createMany({ data: Array.from({ length: 5_000 }, (_, k) => ({ enterpriseId, batchId: batch.id, name: 'x', phone: phoneOf(k) })) });
  const leadIds = (await db.lead.findMany({ where: { batchId: batch.id }, select: { id: true } })).map((l) => l.id);
  const taskId = await startedTask(db, enterpriseId, userId, leadIds, { lines: 50, maxCallsPerSecond: 200, settings: { hours: ALWAYS, skip: { calledToday: false, inCrm: false } } }, Date.now());
  const trunk = fakeTrunk({ script: () => ({ outcome: 'ANSWERED', grade: 'C', ringMs: 0, talkMs: 1_000 }), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: Date.now });
  const dialer = makeDialer({ db, dial: trunk.dial, attempts: attemptStore(db, SecretBox.random()), clock: Date.now, secrets: SecretBox.random(), workerId: 'bench', mode, prefix, log: silent });
  const running = runDialer(dialer, { log: silent });
  const scoped = tenantClients(db)(enterpriseId);
  const gaps: number[] = [];
  for (let round = 0; round < 5; round++) {
    await new Promise((r) => setTimeout(r, 2_500));
    const before = trunk.log.length;
    await transition(scoped, taskId, 'pause', Date.now());
    const pausedAt = Date.now();
    await new Promise((r) => setTimeout(r, 2_000));
    const after = trunk.log.filter((d) => d.startAt >= pausedAt);
    const last = after.length === 0 ? pausedAt : Math.max(...after.map((d) => d.startAt));
    gaps.push(last - pausedAt);
    console.log(`  ${mode}: pause ${round + 1}: ${before} dials before; ${after.length} started after the pause committed, the last ${last - pausedAt} ms after it; ${trunk.active()} calls still in progress 2 s later`);
    await transition(scoped, taskId, 'resume', Date.now());
  }
  console.log(`  ${mode}: pause → last new dial: max ${Math.max(...gaps)} ms over ${gaps.length} pauses`);
  await running.stop();
  await db.$disconnect();
  if (mode === 'redis') await cleanRedis(prefix);
}

const modes: QueueMode[] = [];
for (const m of MODES) {
  if (m === 'redis' && !(await redisAvailable())) console.log('redis: no Redis at 127.0.0.1:6379, skipped');
  else modes.push(m);
}
console.log(`Dialer benchmark: ${LEADS} leads, ${DIALS} measured dials, Node ${process.version}`);
if (PARTS.includes('throughput')) for (const m of modes) await throughput(m);
if (PARTS.includes('pause')) for (const m of modes) await pauseLatency(m);
