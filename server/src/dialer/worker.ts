/**
 * The dialer worker as `npm start` runs it (and as any number of extra processes could, with
 * DIALER=1 and the same DATABASE_URL and REDIS_URL): the scheduler over the embedded queue, or
 * over BullMQ when REDIS_URL is set, the production dial, the server's call store, and the
 * outbox sender.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '@waihu/db';
import type { Config } from '../config.js';
import type { SecretBox } from '../secrets/box.js';
import type { FileStore } from '../storage/index.js';
import { CallRecords, RecordingStorage } from '../calls/index.js';
import { RobotCaller } from '../calls/robot-caller.js';
import { Dialer } from './dialer.js';
import type { DialerLog, DialerOptions } from './dialer.js';
import { EmbeddedQueue } from './queue/embedded.js';
import { RedisQueue } from './queue/redis.js';
import { Deliverer } from './deliveries.js';
import { productionDial } from './production-dial.js';
import { runDialer } from './runner.js';
import type { RunningDialer } from './runner.js';

export interface DialerWorkerDeps {
  readonly config: Config;
  readonly db: Db;
  readonly files: FileStore;
  readonly secrets: SecretBox;
  readonly log: DialerLog;
  /**
   * The server's robot caller, when the worker runs in the server's process: its calls transfer
   * to the agents registered on its SIP port, and one SIP port serves both. A worker on its own
   * (DIALER=1 elsewhere) makes its own, without transfers.
   */
  readonly robot?: RobotCaller;
  /** 发送比例 pacing from the server's agents' board (see DialerOptions.transferCapacity). */
  readonly transferCapacity?: DialerOptions['transferCapacity'];
}

export function startDialerWorker(deps: DialerWorkerDeps): RunningDialer {
  const { config, db, secrets, log } = deps;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const attempts = new CallRecords({ db, recordings: new RecordingStorage(db, deps.files, secrets) });
  const robot = deps.robot ?? new RobotCaller({ config, db, secrets, calls: attempts });
  const dialer = new Dialer({
    db, secrets, workerId, clock: Date.now, log, dial: productionDial(robot),
    ...(deps.transferCapacity ? { transferCapacity: deps.transferCapacity } : {}),
    attempts,
    queue: (store) => (config.redisUrl ? new RedisQueue({ url: config.redisUrl, due: (t, m, n) => store.due(t, m, n) }) : new EmbeddedQueue((t, m, n) => store.due(t, m, n))),
  });
  log.info({ workerId, queue: config.redisUrl ? 'redis' : 'embedded' }, 'dialer worker started');
  const running = runDialer(dialer, { log, deliverer: new Deliverer({ db, secrets, clock: Date.now, log }) });
  // Its own robot caller's SIP agent and VAD go after the last call has ended (the server's closes with the server).
  return { ...running, stop: async () => { await running.stop(); if (!deps.robot) await robot.close(); } };
}
