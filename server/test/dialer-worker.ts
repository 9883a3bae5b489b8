/**
 * A dialer worker process for the crash test: the real scheduler and queue (embedded, or BullMQ
 * when REDIS_URL is set) over the database at DATABASE_URL, dialing a fake trunk in real time
 * (every call answered after CALL_MS). It prints one JSON line per dial start and per kept call,
 * so the test can check from outside that no number was in two calls at once.
 */
import { createDb } from '@waihu/db';
import { SecretBox } from '../src/secrets/box.js';
import { fakeTrunk } from '../src/dialer/fake-trunk.js';
import { attemptStore, makeDialer } from '../src/dialer/testing/fixture.js';
import { runDialer } from '../src/dialer/runner.js';

const env = process.env;
const db = await createDb(env['DATABASE_URL']!);
const callMs = Number(env['CALL_MS'] ?? 300);
const workerId = env['WORKER_ID'] ?? `worker-${process.pid}`;
const trunk = fakeTrunk({
  script: () => ({ outcome: 'ANSWERED', grade: 'C', ringMs: 0, talkMs: callMs }),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: Date.now,
});
const dial: typeof trunk.dial = async (lead, task, ctx) => {
  process.stdout.write(`${JSON.stringify({ ev: 'start', worker: workerId, phone: lead.phone, t: Date.now() })}\n`);
  return trunk.dial(lead, task, ctx);
};
const log = { info: () => undefined, warn: (o: Record<string, unknown>, m: string) => process.stderr.write(`${m} ${String(o['err'] ?? '')}\n`) };
const dialer = makeDialer({
  db, dial, attempts: attemptStore(db, SecretBox.random()), clock: Date.now, secrets: SecretBox.random(), workerId,
  mode: env['REDIS_URL'] ? 'redis' : 'embedded', prefix: env['REDIS_PREFIX'] ?? 'waihu-crash', ...(env['REDIS_URL'] ? { redisUrl: env['REDIS_URL'] } : {}),
  leaseMs: Number(env['LEASE_MS'] ?? 1_500), reclaimEveryMs: 250, log,
  onFinished: (f) => process.stdout.write(`${JSON.stringify({ ev: 'kept', worker: workerId, rowId: f.rowId, attemptId: f.attemptId, t: Date.now() })}\n`),
});
const running = runDialer(dialer, { log, maxWaitMs: 50 });
process.stdout.write(`${JSON.stringify({ ev: 'ready', worker: workerId })}\n`);
process.once('SIGTERM', () => { void running.stop().then(() => db.$disconnect()).then(() => process.exit(0)); });
