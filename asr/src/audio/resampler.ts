/**
 * Rational-ratio polyphase resampler (windowed-sinc FIR), streaming: the filter history is
 * kept across calls, so splitting a signal into chunks changes nothing in the output — no
 * clicks at 20 ms frame boundaries. Used for 8↔16 kHz on calls and for any-rate → 8 kHz when
 * converting voice files.
 */
import { AudioError } from './errors.js';
import { designLowpass } from './fir.js';
import type { PcmChunk, SampleRate } from './pcm.js';

/** Filter quality knobs; the defaults suit telephony (flat to 3.4 kHz at 8 kHz, 70 dB stop band). */
export interface ResamplerOptions {
  /** Stop-band attenuation in dB (default 70). */
  readonly attenuationDb?: number;
  /** Pass-band edge as a fraction of the lower Nyquist frequency (default 0.85: 3.4 kHz at 8 kHz). */
  readonly passband?: number;
  /** Stop-band edge as a fraction of the lower Nyquist frequency (default 1.1: 4.4 kHz at 8 kHz). */
  readonly stopband?: number;
}

/** Internal: start the first output this many high-rate samples in, to cancel the filter delay. */
interface StartOptions extends ResamplerOptions {
  readonly startOffset?: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * A streaming resampler from `fromRate` to `toRate` (any positive integer rates).
 *
 * Output accounting is exact: after N input samples in total, however chunked, exactly
 * ⌈N·to/from⌉ samples have come out (160 in → 320 out for 8→16 kHz, 320 → 160 back).
 * The filter is causal, so the output lags the input by {@link Resampler.delayMs} (≈2.2 ms for
 * 8↔16 kHz); use {@link resample} for whole signals, which cancels the delay.
 */
export class Resampler {
  readonly fromRate: number;
  readonly toRate: number;
  /** Up-sampling factor L and down-sampling factor M (to/from = L/M in lowest terms). */
  readonly up: number;
  readonly down: number;
  /** Taps per polyphase branch: input samples read per output sample. */
  readonly tapsPerPhase: number;
  /** Group delay of the filter in input-rate milliseconds. */
  readonly delayMs: number;
  /** Group delay in high-rate (L·from) samples. */
  readonly delayHighRate: number;
  /** Phase-major, each branch time-reversed so the inner loop reads memory forwards. */
  private readonly coeffs: Float32Array;
  /** `[history (tapsPerPhase−1) | current input]` as floats. */
  private buf: Float32Array;
  /** High-rate position of the next output, relative to the first sample of the next input. */
  private acc: number;
  private readonly startOffset: number;

  constructor(fromRate: number, toRate: number, options: StartOptions = {}) {
    if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
      throw new AudioError('AUDIO_RATE_UNSUPPORTED', `resampler rates must be positive integers, got ${fromRate} → ${toRate}`, { fromRate, toRate });
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    const g = gcd(fromRate, toRate);
    this.up = toRate / g;
    this.down = fromRate / g;
    const highRate = fromRate * this.up;
    const nyquist = Math.min(fromRate, toRate) / 2;
    const pass = (options.passband ?? 0.85) * nyquist;
    const stop = (options.stopband ?? 1.1) * nyquist;
    const taps = this.up === 1 && this.down === 1
      ? Float64Array.of(1)
      : designLowpass({ sampleRate: highRate, cutoffHz: (pass + stop) / 2, transitionHz: stop - pass, attenuationDb: options.attenuationDb ?? 70, gain: this.up });
    const L = this.up;
    const kp = Math.ceil(taps.length / L);
    this.tapsPerPhase = kp;
    this.coeffs = new Float32Array(L * kp);
    for (let p = 0; p < L; p++) {
      for (let k = 0; k < kp; k++) {
        const t = p + (kp - 1 - k) * L;
        this.coeffs[p * kp + k] = t < taps.length ? (taps[t] as number) : 0;
      }
    }
    this.delayHighRate = (taps.length - 1) / 2;
    this.delayMs = (this.delayHighRate / highRate) * 1000;
    this.startOffset = options.startOffset ?? 0;
    this.acc = this.startOffset;
    this.buf = new Float32Array(kp - 1 + 320);
  }

  /** How many samples the next `process` call with `inputLength` samples will return. */
  outputLength(inputLength: number): number {
    const n = Math.ceil((inputLength * this.up - this.acc) / this.down);
    return n > 0 ? n : 0;
  }

  /** Resamples the next piece of the stream (float samples, any scale). */
  processFloat(input: Float32Array): Float32Array {
    const h = this.tapsPerPhase - 1;
    this.ensure(input.length);
    this.buf.set(input, h);
    return this.run(input.length, new Float32Array(this.outputLength(input.length)));
  }

  /** Resamples the next piece of a 16-bit stream; the output is rounded and clipped to 16 bits. */
  process(input: Int16Array): Int16Array {
    const h = this.tapsPerPhase - 1;
    this.ensure(input.length);
    const buf = this.buf;
    for (let i = 0; i < input.length; i++) buf[h + i] = input[i] as number;
    return this.run(input.length, new Int16Array(this.outputLength(input.length)));
  }

  /** Forgets the history: the next input starts a new signal. */
  reset(): void {
    this.buf.fill(0);
    this.acc = this.startOffset;
  }

  private ensure(n: number): void {
    const need = this.tapsPerPhase - 1 + n;
    if (this.buf.length < need) {
      const bigger = new Float32Array(need);
      bigger.set(this.buf.subarray(0, this.tapsPerPhase - 1));
      this.buf = bigger;
    }
  }

  /** The polyphase loop; `out` is Int16Array (rounds, clips) or Float32Array. */
  private run<T extends Int16Array | Float32Array>(n: number, out: T): T {
    const { up: L, down: M, coeffs, buf, tapsPerPhase: kp } = this;
    const toInt = out instanceof Int16Array;
    let acc = this.acc;
    for (let j = 0; j < out.length; j++) {
      const r = Math.floor(acc / L);
      const c = (acc - r * L) * kp;
      let y = 0;
      for (let k = 0; k < kp; k++) y += (coeffs[c + k] as number) * (buf[r + k] as number);
      if (toInt) {
        const v = Math.round(y);
        out[j] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      } else {
        out[j] = y;
      }
      acc += M;
    }
    this.acc = acc - n * L;
    // Keep the last kp−1 inputs as the next call's history.
    buf.copyWithin(0, n, n + kp - 1);
    return out;
  }
}

/**
 * Resamples a whole signal with the filter delay cancelled: output sample j is the input at
 * time j/toRate, and the output has exactly ⌈N·to/from⌉ samples.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number, options: ResamplerOptions = {}): Float32Array {
  if (fromRate === toRate) return input.slice();
  const probe = new Resampler(fromRate, toRate, options);
  const r = new Resampler(fromRate, toRate, { ...options, startOffset: probe.delayHighRate });
  const total = Math.ceil((input.length * r.up) / r.down);
  const head = r.processFloat(input);
  const tail = r.processFloat(new Float32Array(Math.ceil(r.delayHighRate / r.up) + 2));
  const out = new Float32Array(total);
  out.set(head.subarray(0, total));
  if (head.length < total) out.set(tail.subarray(0, total - head.length), head.length);
  return out;
}

/** {@link resample} for 16-bit samples (rounded and clipped). */
export function resampleInt16(input: Int16Array, fromRate: number, toRate: number, options: ResamplerOptions = {}): Int16Array {
  const f = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) f[i] = input[i] as number;
  const y = resample(f, fromRate, toRate, options);
  const out = new Int16Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = Math.round(y[i] as number);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/**
 * Resamples a call's {@link PcmChunk} stream between 8 and 16 kHz, one instance per stream.
 * Each output chunk keeps its input's `timeMs`: the ≈2 ms filter delay is not worth shifting
 * timestamps for. A 20 ms frame in gives a 20 ms frame out.
 */
export class PcmChunkResampler {
  readonly fromRate: SampleRate;
  readonly toRate: SampleRate;
  private readonly r: Resampler | undefined;

  constructor(fromRate: SampleRate, toRate: SampleRate, options: ResamplerOptions = {}) {
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.r = fromRate === toRate ? undefined : new Resampler(fromRate, toRate, options);
  }

  /** Resamples the next chunk; throws AUDIO_RATE_UNSUPPORTED if its rate is not `fromRate`. */
  process(chunk: PcmChunk): PcmChunk {
    if (chunk.sampleRate !== this.fromRate) {
      throw new AudioError('AUDIO_RATE_UNSUPPORTED', `chunk at ${chunk.sampleRate} Hz fed to a ${this.fromRate} Hz resampler`, { found: chunk.sampleRate, expected: this.fromRate });
    }
    if (!this.r) return chunk;
    return { samples: this.r.process(chunk.samples), sampleRate: this.toRate, timeMs: chunk.timeMs };
  }

  /** Forgets the history (a new utterance or a new call). */
  reset(): void {
    this.r?.reset();
  }
}
