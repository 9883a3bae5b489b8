/**
 * Audio as it travels through a call: 16-bit PCM at 8 or 16 kHz in 20 ms frames, each stamped
 * with the time of its first sample. Telephony (G.711) is 8 kHz; some recognizers want 16 kHz.
 */

/** The two sample rates calls use: 8 kHz (telephony) and 16 kHz (wide-band recognizers). */
export type SampleRate = 8000 | 16000;

/** The frame duration on calls: every RTP packet and every media tick carries 20 ms. */
export const FRAME_MS = 20;

/**
 * A chunk of mono 16-bit PCM. `timeMs` is the call-relative time (milliseconds from the call's
 * media start, taken from the injected clock or the RTP timeline) of `samples[0]`.
 */
export interface PcmChunk {
  readonly samples: Int16Array;
  readonly sampleRate: SampleRate;
  readonly timeMs: number;
}

/** Samples in one 20 ms frame at `sampleRate` (160 at 8 kHz, 320 at 16 kHz). */
export function samplesPerFrame(sampleRate: SampleRate): number {
  return (sampleRate * FRAME_MS) / 1000;
}

/** Duration of `sampleCount` samples in milliseconds (may be fractional). */
export function samplesToMs(sampleCount: number, sampleRate: number): number {
  return (sampleCount * 1000) / sampleRate;
}

/** Whole samples covering `ms` milliseconds at `sampleRate` (rounded to the nearest sample). */
export function msToSamples(ms: number, sampleRate: number): number {
  return Math.round((ms * sampleRate) / 1000);
}

/** True for the sample rates a {@link PcmChunk} may carry. */
export function isSampleRate(rate: number): rate is SampleRate {
  return rate === 8000 || rate === 16000;
}

/** Converts float samples (nominal range −1…1) to 16-bit PCM, rounding and clipping. */
export function floatToInt16(input: Float32Array, out: Int16Array = new Int16Array(input.length)): Int16Array {
  for (let i = 0; i < input.length; i++) {
    const v = Math.round((input[i] as number) * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** Converts 16-bit PCM to float samples in −1…1. */
export function int16ToFloat(input: Int16Array, out: Float32Array = new Float32Array(input.length)): Float32Array {
  for (let i = 0; i < input.length; i++) out[i] = (input[i] as number) / 32768;
  return out;
}
