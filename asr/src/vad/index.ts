/**
 * Voice activity detection: Silero v5 on onnxruntime-node in worker threads, one model per
 * process, one stream per call; the basis of barge-in and endpointing.
 */
export type { VadErrorCode } from './errors.js';
export { VadError } from './errors.js';
export type { VadSettings, VadEvent } from './detector.js';
export { SpeechDetector, DEFAULT_VAD_SETTINGS } from './detector.js';
export type { VadModelOptions, VadModelStats } from './model.js';
export { VadModel, defaultVadModelPath } from './model.js';
export type { VadStreamEvent, VadStreamOptions, ListenSettings } from './stream.js';
export { VadStream } from './stream.js';
