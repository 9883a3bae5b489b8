/**
 * Audio basics: PCM chunks, resampling, WAV, voice-file conversion and loudness checks.
 */
export type { PcmChunk, SampleRate } from './pcm.js';
export { FRAME_MS, samplesPerFrame, samplesToMs, msToSamples, isSampleRate, floatToInt16, int16ToFloat } from './pcm.js';
export type { AudioErrorCode } from './errors.js';
export { AudioError, isAudioError } from './errors.js';
export type { ResamplerOptions } from './resampler.js';
export { Resampler, PcmChunkResampler, resample, resampleInt16 } from './resampler.js';
export type { WavEncoding, WavInfo, WavAudio } from './wav.js';
export { readWav, readWavInfo, writeWav, readWavPcm16Mono } from './wav.js';
export { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from './g711.js';
export type { VoiceFileFormat, Detection } from './detect.js';
export { detectVoiceFormat } from './detect.js';
export type { ConvertLimits, ConvertedVoice } from './convert.js';
export { convertVoiceFile, DEFAULT_CONVERT_LIMITS } from './convert.js';
export { VoiceConverter } from './voice-converter.js';
export type { LoudnessLimits, LoudnessProblem, LoudnessReport } from './loudness.js';
export { checkLoudness } from './loudness.js';
