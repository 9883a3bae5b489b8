/**
 * Kaiser-windowed sinc low-pass design: the anti-aliasing / anti-imaging filter of the
 * resampler. Kaiser because one parameter (beta) trades stop-band depth for width, with
 * closed-form estimates for both (Kaiser 1974; Oppenheim & Schafer §7.6).
 */

/** Zeroth-order modified Bessel function of the first kind (series; converges fast for x < 50). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** What a low-pass filter must do; frequencies in Hz at `sampleRate`. */
export interface LowpassSpec {
  readonly sampleRate: number;
  /** The −6 dB point: the middle of the transition band. */
  readonly cutoffHz: number;
  /** Width of the transition band (pass-band edge to stop-band edge). */
  readonly transitionHz: number;
  /** Stop-band attenuation in dB (also sets pass-band ripple, ~10^(−A/20)). */
  readonly attenuationDb: number;
  /** DC gain (an interpolator by L needs L to keep the level). */
  readonly gain: number;
}

/** Designs an odd-length linear-phase FIR low-pass meeting `spec`; taps sum to `spec.gain`. */
export function designLowpass(spec: LowpassSpec): Float64Array {
  const a = spec.attenuationDb;
  const beta = a > 50 ? 0.1102 * (a - 8.7) : a >= 21 ? 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21) : 0;
  const deltaW = (2 * Math.PI * spec.transitionHz) / spec.sampleRate;
  let n = Math.ceil((a - 7.95) / (2.285 * deltaW)) + 1;
  if (n % 2 === 0) n++;
  const fc = spec.cutoffHz / spec.sampleRate; // cycles per sample
  const mid = (n - 1) / 2;
  const i0Beta = besselI0(beta);
  const taps = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = i - mid;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const r = t / mid;
    const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    taps[i] = sinc * w;
    sum += taps[i] as number;
  }
  for (let i = 0; i < n; i++) taps[i] = ((taps[i] as number) * spec.gain) / sum;
  return taps;
}
