import { describe, expect, it } from 'vitest';
import { AudioError, PcmChunkResampler, Resampler, resample, resampleInt16 } from '../../src/audio/index.js';
import { amplitudeAt, concat, tone, zeroCrossingHz } from './signal.js';

/** Splits into chunks of irregular sizes (the streaming code must not care). */
function chunked(x: Int16Array, sizes: readonly number[]): Int16Array[] {
  const out: Int16Array[] = [];
  let i = 0;
  let s = 0;
  while (i < x.length) {
    const n = sizes[s++ % sizes.length] as number;
    out.push(x.subarray(i, i + n));
    i += n;
  }
  return out;
}

describe('Resampler', () => {
  it('keeps a 1 kHz tone’s frequency and amplitude going 8→16→8 kHz in 20 ms frames', () => {
    const x = tone(1000, 8000, 8000, 10000);
    const up = new Resampler(8000, 16000);
    const down = new Resampler(16000, 8000);
    const ups = chunked(x, [160]).map((c) => up.process(c));
    expect(ups.every((c) => c.length === 320)).toBe(true);
    const y16 = concat(ups);
    const y8 = concat(chunked(y16, [320]).map((c) => down.process(c)));
    expect(y8.length).toBe(8000);
    // Skip the filters' start-up (a few ms); measure on the steady part.
    const steady16 = y16.subarray(1600);
    expect(amplitudeAt(steady16, 1000, 16000)).toBeGreaterThan(10000 * 0.995);
    expect(amplitudeAt(steady16, 1000, 16000)).toBeLessThan(10000 * 1.005);
    expect(zeroCrossingHz(steady16, 16000)).toBeCloseTo(1000, -1);
    const steady8 = y8.subarray(800);
    expect(amplitudeAt(steady8, 1000, 8000) / 10000).toBeCloseTo(1, 2);
    expect(zeroCrossingHz(steady8, 8000)).toBeCloseTo(1000, -1);
    // Images of the 1 kHz tone at 7 kHz after up-sampling are gone.
    expect(amplitudeAt(steady16, 7000, 16000)).toBeLessThan(10000 * 10 ** (-60 / 20));
  });

  it('attenuates a 5 kHz tone by at least 40 dB when going 16→8 kHz (it would alias to 3 kHz)', () => {
    const x = tone(5000, 16000, 16000, 20000);
    const y = new Resampler(16000, 8000).process(x);
    const alias = amplitudeAt(y.subarray(400), 3000, 8000);
    const db = 20 * Math.log10(alias / 20000);
    expect(db).toBeLessThan(-40);
    expect(db).toBeLessThan(-60); // what the 70 dB design actually gives
  });

  it('gives the same output however the stream is chunked, with exact lengths', () => {
    const x = tone(440, 8000, 4003, 8000);
    const whole = new Resampler(8000, 16000).process(x);
    const r = new Resampler(8000, 16000);
    const pieces = concat(chunked(x, [1, 159, 7, 320, 33]).map((c) => r.process(c)));
    expect(whole.length).toBe(8006);
    expect(Array.from(pieces)).toEqual(Array.from(whole));
    const d = new Resampler(16000, 8000);
    const downPieces = chunked(tone(440, 16000, 1001), [3, 5, 160]).map((c) => d.process(c));
    expect(downPieces.reduce((n, c) => n + c.length, 0)).toBe(501); // ⌈1001/2⌉
  });

  it('resample() cancels the delay: output sample j is the input at time j/to', () => {
    const x = new Float32Array(4410);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin((2 * Math.PI * 300 * i) / 44100);
    const y = resample(x, 44100, 8000);
    expect(y.length).toBe(800);
    for (const j of [100, 400, 700]) expect(y[j]).toBeCloseTo(Math.sin((2 * Math.PI * 300 * j) / 8000), 2);
    const back = resampleInt16(tone(1000, 8000, 800), 8000, 16000);
    expect(back.length).toBe(1600);
  });

  it('refuses rates that are not positive integers with a coded error', () => {
    expect(() => new Resampler(0, 8000)).toThrowError(AudioError);
    try {
      new Resampler(8000, 7999.5);
    } catch (e) {
      expect((e as AudioError).code).toBe('AUDIO_RATE_UNSUPPORTED');
      expect((e as AudioError).retryable).toBe(false);
    }
  });
});

describe('PcmChunkResampler', () => {
  it('turns 20 ms frames at 8 kHz into 20 ms frames at 16 kHz, keeping timestamps', () => {
    const r = new PcmChunkResampler(8000, 16000);
    const out = r.process({ samples: tone(1000, 8000, 160), sampleRate: 8000, timeMs: 40 });
    expect(out.sampleRate).toBe(16000);
    expect(out.samples.length).toBe(320);
    expect(out.timeMs).toBe(40);
    expect(() => r.process({ samples: new Int16Array(320), sampleRate: 16000, timeMs: 60 })).toThrowError(/16000 Hz/);
    const same = new PcmChunkResampler(8000, 8000);
    const c = { samples: new Int16Array(160), sampleRate: 8000 as const, timeMs: 0 };
    expect(same.process(c)).toBe(c);
  });
});
