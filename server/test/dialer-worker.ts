/**
 * A dialer worker process for the crash and shared-budget tests: the real scheduler and queue
 * (embedded, or BullMQ when REDIS_URL is set) over the database at DATABASE_URL (SQLite or
 * PostgreSQL), dialing a fake trunk in real time (every call answered after CALL_MS). It prints
 * one JSON line per dial start (with the instant its line was granted), per dial end and per
 * kept call, so the tests can check from outside that no number was in two calls at once and
 * that lines and calls per second held across all the workers.
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
const out = (o: Record<string, unknown>): void => { process.stdout.write(`${JSON.stringify({ worker: workerId, ...o })}\n`); };
const grants = new Map<string, number>();
const dial: typeof trunk.dial = async (lead, task, ctx) => {
  out({ ev: 'start', phone: lead.phone, taskId: task.id, g: grants.get(lead.phone), t: Date.now() });
  try {
    return await trunk.dial(lead, task, ctx);
  } finally {
    out({ ev: 'end', phone: lead.phone, t: Date.now() });
  }
};
const log = { info: () => undefined, warn: (o: Record<string, unknown>, m: string) => process.stderr.write(`${m} ${String(o['err'] ?? '')}\n`) };
const dialer = makeDialer({
  db, dial, attempts: attemptStore(db, SecretBox.random()), clock: Date.now, secrets: SecretBox.random(), workerId,
  mode: env['REDIS_URL'] ? 'redis' : 'embedded', prefix: env['REDIS_PREFIX'] ?? 'waihu-crash', ...(env['REDIS_URL'] ? { redisUrl: env['REDIS_URL'] } : {}),
  leaseMs: Number(env['LEASE_MS'] ?? 1_500), reclaimEveryMs: 250, log,
  // Called right before the dial: its grant goes on the start line (a number is in one call at a time).
  onDial: (d) => { grants.set(d.phone, d.grantedAt); },
  onFinished: (f) => out({ ev: 'kept', rowId: f.rowId, attemptId: f.attemptId, t: Date.now() }),
});
const running = runDialer(dialer, { log, maxWaitMs: 50 });
out({ ev: 'ready', t: Date.now() });
process.once('SIGTERM', () => { void running.stop().then(() => db.$disconnect()).then(() => process.exit(0)); });
