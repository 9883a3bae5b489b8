/**
 * Concurrency caps per provider account: a cloud account allows N simultaneous syntheses, and
 * every call and pre-render sharing its credentials must queue behind the same cap.
 */
import { TtsError } from './errors.js';

interface Waiter {
  readonly grant: () => void;
  readonly fail: (error: TtsError) => void;
}

/** A counting semaphore with FIFO waiters, abortable waits and a wait limit. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly limit: number, private readonly provider = 'tts') {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('semaphore limit must be a positive integer');
  }

  /** Slots in use. */
  get inUse(): number {
    return this.active;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Waits for a slot and returns its release function (idempotent). Rejects `TTS_ABORTED` when
   * `signal` fires and `TTS_BUSY` (retryable) after `maxWaitMs`.
   */
  acquire(signal?: AbortSignal, maxWaitMs?: number): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new TtsError('TTS_ABORTED', this.provider, 'aborted while waiting for a synthesis slot'));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      const waiter: Waiter = {
        grant: () => { cleanup(); resolve(this.releaser()); },
        fail: (error) => { cleanup(); reject(error); },
      };
      const onAbort = (): void => waiter.fail(new TtsError('TTS_ABORTED', this.provider, 'aborted while waiting for a synthesis slot'));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (maxWaitMs !== undefined) {
        timer = setTimeout(() => waiter.fail(new TtsError('TTS_BUSY', this.provider, `no synthesis slot free within ${maxWaitMs} ms (cap ${this.limit})`)), maxWaitMs);
      }
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters[0];
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next.grant();
      else this.active--;
    };
  }
}

/**
 * One semaphore per account key, shared by every provider instance built for that account (a
 * process builds one per enterprise and script). The key should not be a raw secret.
 */
export class SemaphoreRegistry {
  private readonly byKey = new Map<string, Semaphore>();

  /** The account's semaphore; a changed cap replaces it for new requests. */
  get(key: string, limit: number, provider?: string): Semaphore {
    const found = this.byKey.get(key);
    if (found && found.limit === limit) return found;
    const created = new Semaphore(limit, provider);
    this.byKey.set(key, created);
    return created;
  }
}
