/**
 * The dialer in real time: ticks the scheduler when it asks, when a call ends (a line is free)
 * and at least every `maxWaitMs` — which bounds how late a pause, a stop or a new task is seen
 * (well within a second; the state is also re-read immediately before each dial) — and runs
 * the outbox sender every second. `stop()` takes no new dials and waits for calls in progress.
 */
import type { Dialer, DialerLog } from './dialer.js';
import type { Deliverer } from './deliveries.js';

export interface RunningDialer {
  readonly dialer: Dialer;
  /** No new dials; resolves when calls in progress have ended and been kept. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  readonly deliverer?: Deliverer;
  readonly log: DialerLog;
  readonly maxWaitMs?: number;
  readonly deliverEveryMs?: number;
}

export function runDialer(dialer: Dialer, opts: RunnerOptions): RunningDialer {
  const maxWait = opts.maxWaitMs ?? 200;
  let stopping = false;
  let wakeStop: () => void = () => undefined;
  const stopped = new Promise<void>((r) => { wakeStop = r; });
  let lastDeliver = 0;
  let failures = 0;
  const loop = (async () => {
    while (!stopping) {
      let wait = maxWait;
      try {
        const r = await dialer.tick();
        wait = Math.max(0, Math.min(maxWait, r.wakeAt - Date.now()));
        failures = 0;
      } catch (e) {
        failures++;
        // The database or Redis is away: keep calls in progress, back off, try again.
        wait = Math.min(5_000, 250 * failures);
        opts.log.warn({ err: e, failures }, 'dialer tick failed; retrying');
      }
      if (opts.deliverer && Date.now() - lastDeliver >= (opts.deliverEveryMs ?? 1_000)) {
        lastDeliver = Date.now();
        await opts.deliverer.run().catch((e: unknown) => opts.log.warn({ err: e }, 'sending deliveries failed; retrying'));
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise<void>((r) => { timer = setTimeout(r, wait); }), dialer.callEnded(), stopped]);
      clearTimeout(timer);
    }
  })();
  return {
    dialer,
    async stop() {
      stopping = true;
      wakeStop();
      await loop;
      await dialer.close();
    },
  };
}
