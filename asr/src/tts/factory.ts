/**
 * Builds the synthesis chain a config describes: provider (under the account's concurrency
 * cap) → prompt cache → fallback provider (with its own cache entries).
 */
import { accountLabel, BaiduTts, type BaiduTtsOptions } from './baidu.js';
import { CachedTts } from './cached.js';
import type { TtsEngineConfig, TtsProviderKind } from './config.js';
import { EspeakTts } from './espeak.js';
import { FallbackTts, type FallbackListener } from './fallback.js';
import type { PromptCache } from './prompt-cache.js';
import { RecordedPrompts, type RecordedPromptsOptions, type RecordingStore } from './recorded.js';
import { SemaphoreRegistry } from './semaphore.js';
import type { Clock, TtsProvider } from './types.js';

/** Process-wide things providers share; build once per process and pass to every call. */
export interface TtsDeps {
  /** The prompt cache; no caching when absent. */
  readonly cache?: PromptCache;
  /** Concurrency caps by account; a fresh registry per call would defeat the cap. */
  readonly semaphores?: SemaphoreRegistry;
  readonly clock?: Clock;
  /** espeak-ng executable; default `espeak-ng`. */
  readonly espeakBinary?: string;
  /** Simultaneous espeak-ng processes in this process; default 2 (one per core here). */
  readonly espeakConcurrency?: number;
  /** Told when the fallback provider is used. */
  readonly onFallback?: FallbackListener;
  /** Timeouts, retries and backoff for Baidu (tests shorten them). */
  readonly baidu?: Pick<BaiduTtsOptions, 'timeoutMs' | 'stallMs' | 'retries' | 'backoffMs' | 'sleep' | 'maxQueueMs' | 'pieceBytes' | 'refreshMarginMs'>;
}

const defaultRegistry = new SemaphoreRegistry();

function build(kind: TtsProviderKind, config: TtsEngineConfig, deps: TtsDeps): TtsProvider {
  const semaphores = deps.semaphores ?? defaultRegistry;
  if (kind === 'baidu') {
    const cr = config.credentials;
    if (!cr) throw new TypeError('Baidu needs credentials (validate the config with parseTtsConfig first)');
    return new BaiduTts({
      ...deps.baidu,
      appId: cr.appId,
      apiKey: cr.apiKey,
      secretKey: cr.secretKey,
      voice: config.voice,
      ...(config.endpoints?.tokenUrl ? { tokenUrl: config.endpoints.tokenUrl } : {}),
      ...(config.endpoints?.ttsUrl ? { ttsUrl: config.endpoints.ttsUrl } : {}),
      semaphore: semaphores.get(`baidu:${accountLabel(cr.apiKey)}`, config.concurrency, 'baidu'),
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
  }
  return new EspeakTts({
    voice: config.voice,
    ...(deps.espeakBinary ? { binary: deps.espeakBinary } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    semaphore: semaphores.get('espeak:local', deps.espeakConcurrency ?? 2, 'espeak'),
  });
}

/**
 * The provider a (validated, resolved) config describes, cached when `deps.cache` is given and
 * wrapped with its fallback. Close it when the enterprise's config changes or at shutdown.
 */
export function createTtsProvider(config: TtsEngineConfig, deps: TtsDeps = {}): TtsProvider {
  const withCache = (p: TtsProvider): TtsProvider => (deps.cache ? new CachedTts(p, deps.cache) : p);
  const primary = withCache(build(config.provider, config, deps));
  if (config.fallback === 'none' || config.fallback === config.provider) return primary;
  return new FallbackTts(primary, withCache(build(config.fallback, config, deps)), deps.onFallback);
}

/**
 * The enterprise's recordings as a prompt source (not cached here: the store owns freshness).
 * Pass the process's VoiceConverter to accept stored files that were never converted.
 */
export function createRecordedPrompts(store: RecordingStore, enterpriseId: string, options: Pick<RecordedPromptsOptions, 'converter' | 'clock'> = {}): TtsProvider {
  return new RecordedPrompts({ store, enterpriseId, ...options });
}
