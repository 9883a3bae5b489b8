/**
 * Retry with backoff inside the call's time budget, then the next provider (issue 5 failure
 * handling). The wrapper keeps the audio written since the last final result, so a retried or
 * fallen-back stream is replayed from where recognition stands and its result times are shifted
 * back onto the caller's timeline.
 *
 * - Retryable failures (rate limit, server error, refused/timed-out/lost connection, stall,
 *   busy) are retried on the same provider after a full-jitter exponential backoff, while
 *   `now + backoff` is still before the deadline and attempts remain; then the next provider.
 * - Permanent failures move to the next provider at once. ASR_AUTH also switches the provider
 *   off for this process ("stop and report"): later opens skip it without touching the network,
 *   and `onProviderError` is told once so the operator sees which account needs new credentials.
 * - When no provider is left, or the deadline has passed, the stream fails with the last error
 *   (ASR_DEADLINE when time ran out).
 */
import type { AsrClock } from './clock.js';
import { systemAsrClock } from './clock.js';
import { AsrError } from './errors.js';
import { BaseAsrStream } from './stream-base.js';
import type { AsrAudio, AsrHealth, AsrOpenOptions, AsrProvider, AsrResult, AsrStream } from './types.js';

/** Settings for the wrapper. */
export interface ResilientAsrOptions {
  /** In order of preference: the primary first, then fallbacks. */
  readonly providers: readonly AsrProvider[];
  readonly clock?: AsrClock;
  /** Attempts per provider for retryable failures (default 3). */
  readonly attemptsPerProvider?: number;
  /** First backoff (default 100 ms), doubling up to `maxBackoffMs` (default 1000 ms). */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Used when an open passes no deadline (default 10 s from open). */
  readonly defaultBudgetMs?: number;
  /** Audio kept for replay, at most (default 30 s); older audio is dropped. */
  readonly maxReplayMs?: number;
  /** 0…1 source for the jitter (default Math.random); tests pass a constant. */
  readonly random?: () => number;
  /** Told about every provider failure (for logs and alerts); permanent ones once per provider. */
  readonly onProviderError?: (error: AsrError) => void;
  /** Name in results and errors; default `resilient(<names>)`. */
  readonly name?: string;
}

/** Wraps providers with retry, deadline and fallback. */
export function createResilientAsrProvider(options: ResilientAsrOptions): AsrProvider {
  const clock = options.clock ?? systemAsrClock;
  const disabled = new Map<string, AsrError>();
  const name = options.name ?? `resilient(${options.providers.map((p) => p.name).join(',')})`;
  const streams = new Set<AsrStream>();
  return {
    name,
    open(open: AsrOpenOptions = {}): AsrStream {
      const deadlineMs = open.deadlineMs ?? clock.now() + (options.defaultBudgetMs ?? 10_000);
      const stream = new ResilientStream(name, clock, options, disabled, open, deadlineMs);
      streams.add(stream);
      void stream.finished.then(() => streams.delete(stream));
      return stream;
    },
    async health(): Promise<AsrHealth> {
      const all = await Promise.all(options.providers.map((p) => p.health()));
      const usable = all.filter((h, i) => h.status !== 'down' && !disabled.has(options.providers[i]!.name));
      return { provider: name, status: usable.length === 0 ? 'down' : usable.length < all.length || usable.some((h) => h.status !== 'ok') ? 'degraded' : 'ok', openStreams: streams.size };
    },
    async close(): Promise<void> {
      for (const stream of streams) stream.close();
    },
  };
}

class ResilientStream extends BaseAsrStream {
  private current: AsrStream | undefined;
  private index = 0;
  private attempt = 0;
  private replay: AsrAudio[] = [];
  private replayMs = 0;
  /** Audio dropped from the replay buffer (ms): the offset of the current inner stream's times. */
  private offsetMs = 0;
  private ended = false;
  private lastError: AsrError | undefined;

  constructor(name: string, clock: AsrClock, private readonly options: ResilientAsrOptions,
    private readonly disabled: Map<string, AsrError>, private readonly open: AsrOpenOptions, private readonly deadlineMs: number) {
    // The inner streams time their own finals; the wrapper only guards the overall deadline.
    super(name, clock, { finalTimeoutMs: undefined });
    this.startTimer('deadline', Math.max(0, deadlineMs - clock.now()), () => this.giveUp(true));
    this.next();
  }

  /** The provider currently recognizing (the last one tried, once settled). */
  override get provider(): string {
    return this.current?.provider ?? this.options.providers[this.index]?.name ?? this.options.providers.at(-1)?.name ?? '';
  }

  protected onAudio(chunk: AsrAudio): void {
    this.replay.push(chunk);
    this.replayMs += (chunk.samples.length * 1000) / chunk.sampleRate;
    const max = this.options.maxReplayMs ?? 30_000;
    while (this.replayMs > max && this.replay.length > 1) this.drop(1);
    this.current?.write(chunk);
  }

  protected onEnd(): void {
    this.ended = true;
    this.current?.end();
  }

  protected onTeardown(): void {
    const inner = this.current;
    this.current = undefined;
    inner?.close();
  }

  /** Opens the current provider (skipping disabled ones) and replays the kept audio into it. */
  private next(): void {
    const providers = this.options.providers;
    while (this.index < providers.length && this.disabled.has(providers[this.index]!.name)) this.index++;
    const provider = providers[this.index];
    if (!provider) return this.giveUp(false);
    const inner = provider.open(this.open);
    this.current = inner;
    const base = this.offsetMs;
    inner.onResult((r) => { if (this.current === inner) this.relay(r, base); });
    void inner.finished.then((outcome) => {
      if (this.current !== inner || this.settled) return;
      if (outcome.reason === 'completed') return this.complete();
      if (outcome.reason === 'closed') return this.close();
      this.failed(outcome.error);
    });
    for (const chunk of this.replay) inner.write(chunk);
    if (this.ended) inner.end();
  }

  private relay(result: AsrResult, base: number): void {
    this.emit({ ...result, startMs: result.startMs + base, endMs: result.endMs + base });
    if (result.kind === 'final') {
      // Everything up to this final is settled: replay only what came after it.
      const keepFromMs = result.endMs;
      let ms = 0;
      let n = 0;
      for (const chunk of this.replay) {
        const len = (chunk.samples.length * 1000) / chunk.sampleRate;
        if (this.offsetMs + ms + len > base + keepFromMs) break;
        ms += len;
        n++;
      }
      this.drop(n);
    }
  }

  private drop(n: number): void {
    for (const chunk of this.replay.splice(0, n)) {
      const len = (chunk.samples.length * 1000) / chunk.sampleRate;
      this.replayMs -= len;
      this.offsetMs += len;
    }
  }

  private failed(error: AsrError): void {
    this.lastError = error;
    this.current = undefined;
    this.options.onProviderError?.(error);
    if (error.code === 'ASR_AUTH') this.disabled.set(error.provider, error);
    const attempts = this.options.attemptsPerProvider ?? 3;
    if (error.retryable && this.attempt + 1 < attempts) {
      const cap = Math.min(this.options.maxBackoffMs ?? 1000, (this.options.baseBackoffMs ?? 100) * 2 ** this.attempt);
      const delay = Math.round(cap * (this.options.random ?? Math.random)());
      if (this.clock.now() + delay < this.deadlineMs) {
        this.attempt++;
        this.startTimer('backoff', delay, () => this.next());
        return;
      }
    }
    this.index++;
    this.attempt = 0;
    this.next();
  }

  private giveUp(deadline: boolean): void {
    const last = this.lastError;
    if (deadline) {
      this.fail(new AsrError('ASR_DEADLINE', this.provider, `no result within the call's budget${last ? ` (last: ${last.code})` : ''}`, undefined, { cause: last }));
    } else {
      this.fail(last ?? new AsrError('ASR_PROVIDER_CLOSED', this.provider, 'no provider left to try'));
    }
  }
}
