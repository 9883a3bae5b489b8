/**
 * What every recognition stream shares: the result queue behind the async iterator and the
 * listeners, the single settlement of `finished`, and the stall timer that turns "no final
 * result within N ms after end()" into a coded, retryable ASR_STALLED (issue 5 failure handling).
 */
import type { AsrClock, AsrTimer } from './clock.js';
import { AsrError } from './errors.js';
import type { AsrErrorCode } from './errors.js';
import { trackAsr } from './resources.js';
import type { AsrAudio, AsrResult, AsrStream, AsrStreamOutcome } from './types.js';

/** Timing every stream honours. */
export interface StreamTiming {
  /** How long after `end()` the provider may take to finish before the stream fails as stalled (none if undefined). */
  readonly finalTimeoutMs: number | undefined;
}

type Waiter = { resolve: (r: IteratorResult<AsrResult>) => void; reject: (e: unknown) => void };

/**
 * Base class for provider streams. Subclasses implement `onAudio`, `onEnd` and `onTeardown`
 * and call `emit`, `complete` and `fail`; this class guarantees each of those takes effect
 * once, in order, and that teardown runs exactly once whatever settles the stream.
 */
export abstract class BaseAsrStream implements AsrStream {
  readonly finished: Promise<AsrStreamOutcome>;
  protected state: 'open' | 'ending' | 'settled' = 'open';
  private settle!: (outcome: AsrStreamOutcome) => void;
  private outcome: AsrStreamOutcome | undefined;
  private readonly queue: AsrResult[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly listeners = new Set<(result: AsrResult) => void>();
  private readonly timers = new Map<string, AsrTimer>();

  protected constructor(
    private readonly providerName: string,
    protected readonly clock: AsrClock,
    private readonly timing: StreamTiming,
  ) {
    this.finished = new Promise((resolve) => { this.settle = resolve; });
    trackAsr('streams', 1);
  }

  /** The provider whose results this stream carries. */
  get provider(): string {
    return this.providerName;
  }

  write(chunk: AsrAudio): void {
    if (this.state !== 'open') return;
    this.onAudio(chunk);
  }

  end(): void {
    if (this.state !== 'open') return;
    this.state = 'ending';
    const limit = this.timing.finalTimeoutMs;
    if (limit !== undefined) {
      this.startTimer('final', limit, () => this.fail('ASR_STALLED', `no final result within ${limit} ms after end()`));
    }
    this.onEnd();
  }

  close(): void {
    this.settleWith({ reason: 'closed' });
  }

  onResult(listener: (result: AsrResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  [Symbol.asyncIterator](): AsyncIterator<AsrResult> {
    return {
      next: () => {
        const result = this.queue.shift();
        if (result) return Promise.resolve({ value: result, done: false });
        if (this.outcome) {
          if (this.outcome.reason === 'error') return Promise.reject(this.outcome.error);
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  /** True once the stream has settled (completed, closed or failed). */
  get settled(): boolean {
    return this.state === 'settled';
  }

  /** Feeds one chunk to the provider (only while open). */
  protected abstract onAudio(chunk: AsrAudio): void;
  /** The caller ended the audio: send the provider's end-of-audio. */
  protected abstract onEnd(): void;
  /** Releases sockets, requests and engine slots; runs exactly once. */
  protected abstract onTeardown(): void;

  /** Delivers a result to listeners and the iterator. */
  protected emit(result: AsrResult): void {
    if (this.state === 'settled') return;
    for (const listener of this.listeners) listener(result);
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve({ value: result, done: false });
    else this.queue.push(result);
  }

  /** The provider finished normally after `end()`. */
  protected complete(): void {
    this.settleWith({ reason: 'completed' });
  }

  /** The stream failed with a coded error. */
  protected fail(code: AsrErrorCode | AsrError, message = '', status?: number): void {
    const error = code instanceof AsrError ? code : new AsrError(code, this.provider, message, { status });
    this.settleWith({ reason: 'error', error });
  }

  /** Starts (or restarts) the named timer on the injected clock; all are cleared at settlement. */
  protected startTimer(name: string, delayMs: number, fire: () => void): void {
    this.clearTimer(name);
    const handle = this.clock.setTimer(() => {
      if (this.timers.get(name) !== handle) return;
      this.timers.delete(name);
      trackAsr('timers', -1);
      fire();
    }, delayMs);
    this.timers.set(name, handle);
    trackAsr('timers', 1);
  }

  /** Stops the named timer if it runs. */
  protected clearTimer(name: string): void {
    const handle = this.timers.get(name);
    if (handle === undefined) return;
    this.timers.delete(name);
    this.clock.clearTimer(handle);
    trackAsr('timers', -1);
  }

  private settleWith(outcome: AsrStreamOutcome): void {
    if (this.state === 'settled') return;
    this.state = 'settled';
    this.outcome = outcome;
    for (const name of [...this.timers.keys()]) this.clearTimer(name);
    try {
      this.onTeardown();
    } finally {
      trackAsr('streams', -1);
      // Queued results stay readable after completion; a close or failure drops them, since
      // the caller has moved on (or must fall back) and stale text must not leak into a turn.
      if (outcome.reason !== 'completed') this.queue.length = 0;
      for (const waiter of this.waiters.splice(0)) {
        if (outcome.reason === 'error') waiter.reject(outcome.error);
        else waiter.resolve({ value: undefined, done: true });
      }
      this.settle(outcome);
    }
  }
}
