/**
 * Speech synthesis for calls: one {@link TtsProvider} interface over recorded prompts, Baidu
 * cloud synthesis and espeak-ng (test quality), a prompt cache, fallback, pre-rendering,
 * per-account concurrency caps, configuration parsing, and barge-in-able playback frames.
 */
export type { TtsErrorCode, TtsErrorDetails } from './errors.js';
export { TtsError, isRetryableCode } from './errors.js';
export type { TtsVoice, TtsQuality, SynthesizeOptions, TtsHealth, TtsProvider, PromptSpec, Clock as TtsClock } from './types.js';
// Prefixed: @waihu/asr re-exports every area with `export *`, and generic names would collide.
export { SAMPLE_RATE as TTS_SAMPLE_RATE, FRAME_SAMPLES as TTS_FRAME_SAMPLES, DEFAULT_VOICE, synthesizeAll } from './types.js';
export type { BaiduTtsOptions } from './baidu.js';
export { BaiduTts } from './baidu.js';
export { BAIDU_TOKEN_URL, BAIDU_TTS_URL, BAIDU_PIECE_GBK_BYTES, BAIDU_MAX_GBK_BYTES } from './baidu-protocol.js';
export type { EspeakTtsOptions } from './espeak.js';
export { EspeakTts } from './espeak.js';
export type { RecordingStore, RecordedPromptsOptions } from './recorded.js';
export { RecordedPrompts } from './recorded.js';
export type { PromptCacheOptions, PromptCacheStats, PromptKeyParts } from './prompt-cache.js';
export { PromptCache, promptKey } from './prompt-cache.js';
export type { PrerenderReport, PrerenderFailure, PrerenderOptions } from './cached.js';
export { CachedTts, prerender } from './cached.js';
export type { FallbackListener } from './fallback.js';
export { FallbackTts } from './fallback.js';
export { Semaphore as TtsSemaphore, SemaphoreRegistry as TtsSemaphoreRegistry } from './semaphore.js';
export type { PlaybackEnd, PlaybackEndReason, AudioSource } from './playback.js';
export { PromptPlayback } from './playback.js';
export type { PromptPlayerOptions } from './prompt-player.js';
export { PromptPlayer } from './prompt-player.js';
export type { TtsEngineConfig, TtsProviderKind, BaiduCredentials, ScriptTtsOverride, TtsConfigIssue, TtsConfigResult } from './config.js';
export { parseTtsConfig, parseScriptTtsOverride, resolveTtsConfig, describeTtsConfig, DEFAULT_CONCURRENCY } from './config.js';
export type { TtsDeps } from './factory.js';
export { createTtsProvider, createRecordedPrompts } from './factory.js';
export { splitForSynthesis, gbkLength } from './text-split.js';
export { toEspeakPinyin } from './zh-pinyin.js';
