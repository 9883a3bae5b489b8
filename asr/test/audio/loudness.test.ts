import { describe, expect, it } from 'vitest';
import { checkLoudness } from '../../src/audio/index.js';
import { concat, tone } from './signal.js';

describe('checkLoudness', () => {
  const silence = (ms: number): Int16Array => new Int16Array(ms * 8);

  it('measures a full-scale-ish sine: RMS 3 dB below peak, no problems at a normal level', () => {
    const r = checkLoudness(tone(1000, 8000, 8000, 3277), 8000); // peak −20 dBFS
    expect(r.peakDbfs).toBeCloseTo(-20, 1);
    expect(r.rmsDbfs).toBeCloseTo(-23, 1);
    expect(r.problems).toEqual([]);
    expect(r.durationMs).toBe(1000);
  });

  it('finds leading and trailing silence and judges it', () => {
    const r = checkLoudness(concat([silence(1500), tone(500, 8000, 4000, 5000), silence(300)]), 8000);
    expect(r.leadingSilenceMs).toBe(1500);
    expect(r.trailingSilenceMs).toBe(300);
    expect(r.problems).toEqual(['LONG_LEADING_SILENCE']);
    expect(r.activeRmsDbfs).toBeGreaterThan(r.rmsDbfs);
  });

  it('says too quiet, too loud, clipped or silent', () => {
    expect(checkLoudness(tone(500, 8000, 4000, 300), 8000).problems).toEqual(['TOO_QUIET']);
    const clipped = Int16Array.from(tone(500, 8000, 4000, 16000), (v) => Math.max(-32768, Math.min(32767, v * 3)));
    const loud = checkLoudness(clipped, 8000);
    expect(loud.problems).toEqual(expect.arrayContaining(['TOO_LOUD', 'CLIPPING']));
    expect(loud.clippingRatio).toBeGreaterThan(0.1);
    expect(checkLoudness(silence(500), 8000).problems).toEqual(['SILENT']);
  });
});
