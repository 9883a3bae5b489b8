/**
 * A provider behind the prompt cache: fixed script lines are synthesized once per text, voice
 * and engine version, concurrent requests for the same line share one synthesis, and
 * `prerender` fills the cache when a script is published.
 */
import { TtsError, toTtsError } from './errors.js';
import { Flight } from './flight.js';
import { promptKey, type PromptCache } from './prompt-cache.js';
import { concatPcm, type SynthesizeOptions, type TtsHealth, type TtsProvider, type TtsVoice } from './types.js';

/** {@link TtsProvider} decorated with a {@link PromptCache}. */
export class CachedTts implements TtsProvider {
  readonly id: string;
  readonly version: string;
  readonly quality;
  readonly voice: TtsVoice;
  private readonly flights = new Map<string, Flight>();

  constructor(readonly inner: TtsProvider, readonly cache: PromptCache) {
    this.id = inner.id;
    this.version = inner.version;
    this.quality = inner.quality;
    this.voice = inner.voice;
  }

  describe(): string {
    return this.inner.describe();
  }

  voiceKey(voice?: TtsVoice): string {
    return this.inner.voiceKey(voice);
  }

  /** The cache key of `text` in `voice` for this engine. */
  keyOf(text: string, voice?: TtsVoice): string {
    return promptKey({ provider: this.inner.id, version: this.inner.version, voice: this.inner.voiceKey(voice), text });
  }

  async *synthesize(text: string, options: SynthesizeOptions = {}): AsyncGenerator<Int16Array> {
    const key = this.keyOf(text, options.voice);
    const inMemory = this.cache.getMemory(key);
    if (inMemory) { yield inMemory; return; }
    // The disk lookup is part of the shared flight, so requests that arrive together never
    // race each other past it into a second synthesis.
    const flight = this.flights.get(key) ?? this.start(key, text, options.voice);
    yield* flight.read(options.signal, this.id);
  }

  health(): Promise<TtsHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private start(key: string, text: string, voice: TtsVoice | undefined): Flight {
    const { cache, inner } = this;
    let synthesized = false;
    // Deliberately without the requester's signal: a barge-in stops that caller's playback,
    // while the synthesis finishes into the cache for the next call that needs the line.
    const source = async function* (): AsyncGenerator<Int16Array> {
      const stored = await cache.get(key);
      if (stored) { yield stored; return; }
      synthesized = true;
      yield* inner.synthesize(text, voice ? { voice } : {});
    };
    const flight = new Flight(source(), (e) => toTtsError(e, inner.id));
    this.flights.set(key, flight);
    flight.finished
      .then((chunks) => (synthesized ? cache.put(key, concatPcm(chunks)) : undefined))
      .catch(() => undefined)
      .finally(() => { if (this.flights.get(key) === flight) this.flights.delete(key); });
    return flight;
  }
}

/** One line that could not be pre-rendered. */
export interface PrerenderFailure {
  readonly text: string;
  readonly code: string;
  readonly retryable: boolean;
  readonly message: string;
}

/** What `prerender` did. */
export interface PrerenderReport {
  /** Distinct texts asked for. */
  readonly total: number;
  /** Texts now in the cache (already there or synthesized). */
  readonly ok: number;
  readonly failed: readonly PrerenderFailure[];
}

/** Options for {@link prerender}. */
export interface PrerenderOptions {
  /** Syntheses at once; default 2 (the account cap still applies underneath). */
  readonly concurrency?: number;
  readonly voice?: TtsVoice;
  readonly signal?: AbortSignal;
}

/**
 * Synthesizes every distinct non-empty text into the cache (for a published script's fixed
 * lines), `concurrency` at a time; reports the lines that failed instead of stopping.
 */
export async function prerender(provider: TtsProvider, texts: Iterable<string>, options: PrerenderOptions = {}): Promise<PrerenderReport> {
  const queue = [...new Set([...texts].map((t) => t.trim()).filter((t) => t !== ''))];
  const failed: PrerenderFailure[] = [];
  let ok = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const text = queue[next++]!;
      if (options.signal?.aborted) {
        failed.push({ text, code: 'TTS_ABORTED', retryable: true, message: 'pre-render aborted' });
        continue;
      }
      try {
        for await (const _chunk of provider.synthesize(text, { voice: options.voice, signal: options.signal })) { /* into the cache */ }
        ok++;
      } catch (e) {
        const error = e instanceof TtsError ? e : toTtsError(e, provider.id);
        failed.push({ text, code: error.code, retryable: error.retryable, message: error.message });
      }
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? 2, queue.length));
  await Promise.all(Array.from({ length: n }, worker));
  return { total: queue.length, ok, failed };
}
