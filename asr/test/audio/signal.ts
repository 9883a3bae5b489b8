/** Test signals and measurements shared by the audio and VAD tests. */

/** A sine of `freqHz` and peak `amplitude` (16-bit units), `n` samples at `rate`. */
export function tone(freqHz: number, rate: number, n: number, amplitude = 10000, phase = 0): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freqHz * i) / rate + phase));
  return out;
}

/** Amplitude of the `freqHz` component of `x` (Goertzel-style projection on sin and cos). */
export function amplitudeAt(x: ArrayLike<number>, freqHz: number, rate: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const w = (2 * Math.PI * freqHz * i) / rate;
    s += (x[i] as number) * Math.sin(w);
    c += (x[i] as number) * Math.cos(w);
  }
  return (2 * Math.hypot(s, c)) / x.length;
}

/** Root-mean-square of `x`. */
export function rms(x: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += (x[i] as number) ** 2;
  return Math.sqrt(e / Math.max(1, x.length));
}

/** Concatenates Int16Arrays. */
export function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Zero crossings per second: a frequency estimate for a clean tone. */
export function zeroCrossingHz(x: ArrayLike<number>, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < x.length; i++) if (((x[i - 1] as number) < 0) !== ((x[i] as number) < 0)) crossings++;
  return (crossings / 2) * (rate / x.length);
}
