/**
 * Normalized cross-correlation with a best-lag search: the check that audio really crossed
 * a call (identical audio scores 1.0 at its delay; unrelated audio scores near 0). Meant for
 * tests and quality checks on a few seconds of audio, not for the media path.
 */

/** The best alignment of `b` against `a`. */
export interface XcorrResult {
  /** Normalized correlation at the best lag, −1 … 1 (0 when either side is silent). */
  peak: number;
  /** Samples by which `b` lags `a` at the peak (b[i + lag] ≈ a[i]). */
  lagSamples: number;
}

/** Search bounds for `xcorr`. */
export interface XcorrOptions {
  /** Largest delay tried in either direction (default 4000 samples = 0.5 s at 8 kHz). */
  maxLagSamples?: number;
  /** Lags whose overlap is shorter than this fraction of the shorter input are skipped (default 0.5). */
  minOverlap?: number;
}

/**
 * Finds the lag with the highest normalized correlation between `a` and `b`. Each lag is
 * normalized over its own overlap, so a delayed copy scores 1.0 even though its ends differ.
 */
export function xcorr(a: ArrayLike<number>, b: ArrayLike<number>, options: XcorrOptions = {}): XcorrResult {
  const maxLag = options.maxLagSamples ?? 4000;
  const minOverlap = Math.max(1, Math.floor(Math.min(a.length, b.length) * (options.minOverlap ?? 0.5)));
  let best: XcorrResult = { peak: 0, lagSamples: 0 };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const start = Math.max(0, -lag);
    const end = Math.min(a.length, b.length - lag);
    if (end - start < minOverlap) continue;
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = start; i < end; i++) {
      const x = a[i]!;
      const y = b[i + lag]!;
      sab += x * y;
      saa += x * x;
      sbb += y * y;
    }
    if (saa === 0 || sbb === 0) continue;
    const r = sab / Math.sqrt(saa * sbb);
    if (r > best.peak) best = { peak: r, lagSamples: lag };
  }
  return best;
}
