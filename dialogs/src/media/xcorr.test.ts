import { describe, expect, it } from 'vitest';
import { xcorr } from './xcorr.js';

function noise(n: number, seed: number): Int16Array {
  let s = seed;
  return Int16Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return (s % 20000) - 10000;
  });
}

describe('xcorr', () => {
  it('scores identical audio 1.0 at lag 0, and a delayed copy 1.0 at its delay', () => {
    const a = noise(4000, 1);
    expect(xcorr(a, a, { maxLagSamples: 200 }).peak).toBeCloseTo(1, 9);
    const delayed = new Int16Array(4300);
    delayed.set(a, 240);
    const r = xcorr(a, delayed, { maxLagSamples: 400 });
    expect(r.lagSamples).toBe(240);
    expect(r.peak).toBeCloseTo(1, 9);
  });

  it('scores unrelated audio low, and silence 0', () => {
    const r = xcorr(noise(4000, 1), noise(4000, 2), { maxLagSamples: 400 });
    expect(r.peak).toBeLessThan(0.2);
    expect(xcorr(noise(100, 1), new Int16Array(100)).peak).toBe(0);
  });
});
