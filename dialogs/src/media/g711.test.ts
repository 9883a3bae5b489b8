import { describe, expect, it } from 'vitest';
import {
  alawDecodeSample, alawEncodeSample, decodeG711, decodeG711Array, encodeG711, encodeG711Array,
  mulawDecodeSample, mulawEncodeSample,
} from './g711.js';
import type { G711Law } from './g711.js';

const decode = { mulaw: mulawDecodeSample, alaw: alawDecodeSample };
const encode = { mulaw: mulawEncodeSample, alaw: alawEncodeSample };

describe('G.711 known values (ITU reference coder)', () => {
  it('μ-law', () => {
    expect(mulawEncodeSample(0)).toBe(0xff);
    expect(mulawEncodeSample(-1)).toBe(0x7e); // the reference coder: -1 >> 2 is -1, magnitude 1
    expect(mulawEncodeSample(32767)).toBe(0x80);
    expect(mulawEncodeSample(-32768)).toBe(0x00);
    expect(mulawEncodeSample(1000)).toBe(0xce);
    expect(mulawDecodeSample(0xff)).toBe(0);
    expect(mulawDecodeSample(0x7f)).toBe(0);
    expect(mulawDecodeSample(0x80)).toBe(32124);
    expect(mulawDecodeSample(0x00)).toBe(-32124);
    expect(mulawDecodeSample(0xce)).toBe(988);
  });

  it('A-law', () => {
    expect(alawEncodeSample(0)).toBe(0xd5);
    expect(alawEncodeSample(-1)).toBe(0x55);
    expect(alawEncodeSample(32767)).toBe(0xaa);
    expect(alawEncodeSample(-32768)).toBe(0x2a);
    expect(alawEncodeSample(1000)).toBe(0xfa);
    expect(alawDecodeSample(0xd5)).toBe(8);
    expect(alawDecodeSample(0x55)).toBe(-8);
    expect(alawDecodeSample(0xaa)).toBe(32256);
    expect(alawDecodeSample(0x2a)).toBe(-32256);
    expect(alawDecodeSample(0xfa)).toBe(1008);
  });
});

describe.each<G711Law>(['mulaw', 'alaw'])('%s', (law) => {
  it('re-encodes every decoded code to a code decoding to the same value', () => {
    for (let code = 0; code < 256; code++) {
      const value = decode[law](code);
      expect(decode[law](encode[law](value))).toBe(value);
    }
  });

  it('keeps every 16-bit sample within the law quantization step', () => {
    let worst = 0;
    for (let x = -32768; x <= 32767; x++) {
      const y = decode[law](encode[law](x));
      const magnitude = Math.abs(x);
      if (magnitude > 32000) continue; // the clipping zone above the law's largest step
      // Step size doubles per segment: the error stays under 1/16 of the magnitude (plus the
      // smallest step near zero).
      const bound = magnitude / 16 + 16;
      worst = Math.max(worst, Math.abs(y - x) - bound);
    }
    expect(worst).toBeLessThanOrEqual(0);
  });

  it('is monotonic: a larger sample never decodes smaller', () => {
    let previous = -Infinity;
    for (let x = -32768; x <= 32767; x += 7) {
      const y = decode[law](encode[law](x));
      expect(y).toBeGreaterThanOrEqual(previous);
      previous = y;
    }
  });

  it('bulk functions match the per-sample ones and honour offsets', () => {
    const pcm = Int16Array.from({ length: 400 }, (_, i) => Math.round(20000 * Math.sin(i / 7)));
    const bytes = encodeG711Array(law, pcm);
    expect(Array.from(bytes)).toEqual(Array.from(pcm, (s) => encode[law](s)));
    expect(Array.from(decodeG711Array(law, bytes))).toEqual(Array.from(bytes, (b) => decode[law](b)));
    const out = new Uint8Array(172).fill(0xee);
    expect(encodeG711(law, pcm, out, 12, 100, 160)).toBe(160);
    expect(out[11]).toBe(0xee);
    expect(Array.from(out.subarray(12))).toEqual(Array.from(bytes.subarray(100, 260)));
    const back = new Int16Array(10);
    expect(decodeG711(law, bytes, back, 4)).toBe(6);
  });
});
