/**
 * Audio basics: PCM chunks, resampling, WAV, voice-file conversion and loudness checks.
 */
export type { PcmChunk, SampleRate } from './pcm.js';
export { FRAME_MS, samplesPerFrame, samplesToMs, msToSamples, isSampleRate, floatToInt16, int16ToFloat } from './pcm.js';
export type { AudioErrorCode } from './errors.js';
export { AudioError, isAudioError } from './errors.js';
export type { ResamplerOptions } from './resampler.js';
export { Resampler, PcmChunkResampler, resample, resampleInt16 } from './resampler.js';
