/**
 * Streaming recognition behind one interface: Baidu realtime (WebSocket), Baidu short-utterance
 * REST behind VAD segments, a self-hosted FunASR 2pass server, in-process sherpa-onnx (in a
 * child process), and the resilient wrapper with retry, deadline, fallback and account caps.
 */
export type { AsrAudio, AsrResult, AsrHotword, AsrOpenOptions, AsrStream, AsrStreamOutcome, AsrHealth, AsrProvider } from './types.js';
export type { AsrErrorCode, AsrErrorDetails } from './errors.js';
export { AsrError, isAsrError, isRetryableAsrCode } from './errors.js';
export type { AsrClock, AsrTimer } from './clock.js';
export { systemAsrClock } from './clock.js';
export { ManualClock } from './manual-clock.js';
export type { AsrResources } from './resources.js';
export { openAsrResources } from './resources.js';
export { ConcurrencyLimiter } from './limiter.js';
export type { SegmentEvent, SpeechSegmenter, SegmenterFactory, EnergySegmenterOptions } from './segmenter.js';
export { energySegmenter } from './segmenter.js';
export type { BaiduRealtimeOptions } from './baidu-realtime.js';
export { createBaiduRealtimeProvider } from './baidu-realtime.js';
export type { BaiduRestOptions } from './baidu-rest.js';
export { createBaiduRestProvider } from './baidu-rest.js';
export { classifyBaiduError } from './baidu-errors.js';
export type { FunAsrOptions } from './funasr.js';
export { createFunAsrProvider, funAsrHotwords } from './funasr.js';
export type { ResilientAsrOptions } from './resilient.js';
export { createResilientAsrProvider } from './resilient.js';
export type { SherpaOptions } from './sherpa/sherpa-provider.js';
export { createSherpaProvider } from './sherpa/sherpa-provider.js';
export type { SherpaModelFiles } from './sherpa/model-dir.js';
export { findSherpaModel } from './sherpa/model-dir.js';
export type { AsrConfigIssue, AsrConfigResult, AsrEngine, AsrEngineConfig, AsrFactoryDeps, AsrProviderKind } from './config.js';
export { createAsrProvider, describeAsrConfig, parseAsrConfig, probeAsr } from './config.js';
export type { AsrProbe } from './config.js';
export { vadSegmenter } from './vad-segmenter.js';
