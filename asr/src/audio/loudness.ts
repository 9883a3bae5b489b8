/**
 * Loudness check for recorded prompts: a prompt much quieter or louder than the others, or
 * clipped, sounds broken on the phone; long silence at the ends makes the robot seem slow.
 */

/** Something wrong with a prompt's level or timing. */
export type LoudnessProblem = 'SILENT' | 'TOO_QUIET' | 'TOO_LOUD' | 'CLIPPING' | 'LONG_LEADING_SILENCE' | 'LONG_TRAILING_SILENCE';

/** Limits of an acceptable prompt (defaults suit 8 kHz telephony prompts). */
export interface LoudnessLimits {
  /** Active-speech RMS below this is too quiet (default −35 dBFS). */
  readonly minActiveRmsDbfs?: number;
  /** Active-speech RMS above this is too loud (default −9 dBFS). */
  readonly maxActiveRmsDbfs?: number;
  /** Share of samples at full scale above which the prompt is clipped (default 0.001). */
  readonly maxClippingRatio?: number;
  /** A 20 ms frame quieter than this is silence (default −50 dBFS). */
  readonly silenceDbfs?: number;
  /** Leading or trailing silence longer than this is a problem (default 1000 ms). */
  readonly maxEdgeSilenceMs?: number;
}

/** Level figures of a prompt and what is wrong with it, if anything. */
export interface LoudnessReport {
  /** RMS over the whole file, dBFS (a full-scale sine is −3 dBFS). −Infinity for digital silence. */
  readonly rmsDbfs: number;
  /** RMS over the non-silent 20 ms frames only: the speech level. */
  readonly activeRmsDbfs: number;
  readonly peakDbfs: number;
  /** Share of samples at or within 1 LSB of full scale. */
  readonly clippingRatio: number;
  readonly leadingSilenceMs: number;
  readonly trailingSilenceMs: number;
  readonly durationMs: number;
  /** Empty when the prompt is fine. */
  readonly problems: readonly LoudnessProblem[];
}

const dbfs = (x: number): number => (x > 0 ? 20 * Math.log10(x / 32768) : -Infinity);

/** Measures `samples` (mono 16-bit at `sampleRate`) and judges them against `limits`. */
export function checkLoudness(samples: Int16Array, sampleRate: number, limits: LoudnessLimits = {}): LoudnessReport {
  const frame = Math.max(1, Math.round(sampleRate / 50));
  const silence = 32768 * 10 ** ((limits.silenceDbfs ?? -50) / 20);
  let energy = 0;
  let activeEnergy = 0;
  let activeCount = 0;
  let peak = 0;
  let clipped = 0;
  let firstActive = -1;
  let lastActive = -1;
  for (let f = 0; f * frame < samples.length; f++) {
    const start = f * frame;
    const end = Math.min(samples.length, start + frame);
    let e = 0;
    for (let i = start; i < end; i++) {
      const v = samples[i] as number;
      e += v * v;
      const a = v < 0 ? -v : v;
      if (a > peak) peak = a;
      if (a >= 32767) clipped++;
    }
    energy += e;
    if (Math.sqrt(e / (end - start)) >= silence) {
      activeEnergy += e;
      activeCount += end - start;
      if (firstActive < 0) firstActive = start;
      lastActive = end;
    }
  }
  const n = samples.length;
  const durationMs = (n * 1000) / sampleRate;
  const rmsDbfs = dbfs(Math.sqrt(energy / Math.max(1, n)));
  const activeRmsDbfs = dbfs(Math.sqrt(activeEnergy / Math.max(1, activeCount)));
  const clippingRatio = n > 0 ? clipped / n : 0;
  const leadingSilenceMs = firstActive < 0 ? durationMs : (firstActive * 1000) / sampleRate;
  const trailingSilenceMs = firstActive < 0 ? durationMs : ((n - lastActive) * 1000) / sampleRate;
  const problems: LoudnessProblem[] = [];
  const edge = limits.maxEdgeSilenceMs ?? 1000;
  if (firstActive < 0) {
    problems.push('SILENT');
  } else {
    if (activeRmsDbfs < (limits.minActiveRmsDbfs ?? -35)) problems.push('TOO_QUIET');
    if (activeRmsDbfs > (limits.maxActiveRmsDbfs ?? -9)) problems.push('TOO_LOUD');
    if (clippingRatio > (limits.maxClippingRatio ?? 0.001)) problems.push('CLIPPING');
    if (leadingSilenceMs > edge) problems.push('LONG_LEADING_SILENCE');
    if (trailingSilenceMs > edge) problems.push('LONG_TRAILING_SILENCE');
  }
  return { rmsDbfs, activeRmsDbfs, peakDbfs: dbfs(peak), clippingRatio, leadingSilenceMs, trailingSilenceMs, durationMs, problems };
}
