import { describe, expect, it } from 'vitest';
import { AudioError, readWav, readWavInfo, readWavPcm16Mono, writeWav } from '../../src/audio/index.js';
import { tone } from './signal.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof AudioError ? e.code : 'not an AudioError';
  }
  return undefined;
}

/** A WAV header with any format tag / bits, and `data` as the data chunk. */
function wavWith(tag: number, bits: number, channels: number, rate: number, data: Uint8Array): Uint8Array {
  const w = writeWav(new Int16Array(0), rate, channels);
  const v = new DataView(w.buffer);
  v.setUint16(20, tag, true);
  v.setUint16(34, bits, true);
  v.setUint16(32, (channels * bits) / 8, true);
  v.setUint32(40, data.length, true);
  const out = new Uint8Array(44 + data.length);
  out.set(w);
  out.set(data, 44);
  return out;
}

describe('WAV', () => {
  it('round-trips 16-bit mono and stereo at any rate', () => {
    const mono = tone(440, 11025, 1000);
    const back = readWavPcm16Mono(writeWav(mono, 11025));
    expect(back.sampleRate).toBe(11025);
    expect(Array.from(back.samples)).toEqual(Array.from(mono));
    const inter = Int16Array.of(1000, -1000, 2000, -2000, 3000, -3000);
    const st = readWav(writeWav(inter, 44100, 2));
    expect(st.channelCount).toBe(2);
    expect(st.frameCount).toBe(3);
    expect(Array.from(st.channels[0] ?? [], (x) => Math.round(x * 32768))).toEqual([1000, 2000, 3000]);
    expect(Array.from(st.channels[1] ?? [], (x) => Math.round(x * 32768))).toEqual([-1000, -2000, -3000]);
    expect(readWavInfo(writeWav(mono, 8000)).durationMs).toBe(125);
  });

  it('reads G.711 A-law and μ-law and float32 WAV', () => {
    // A-law 0xd5 and μ-law 0xff are the codes for (near) zero; 0x2a / 0x80 are large values.
    const alaw = readWav(wavWith(6, 8, 1, 8000, Uint8Array.of(0xd5, 0x2a, 0xaa)));
    expect(alaw.encoding).toBe('alaw');
    expect(Math.abs(alaw.channels[0]?.[0] ?? 1)).toBeLessThan(0.001);
    expect(Math.abs(alaw.channels[0]?.[1] ?? 0)).toBeGreaterThan(0.9);
    const mulaw = readWav(wavWith(7, 8, 1, 8000, Uint8Array.of(0xff, 0x80, 0x00)));
    expect(mulaw.encoding).toBe('mulaw');
    expect(mulaw.channels[0]?.[0]).toBe(0);
    expect(mulaw.channels[0]?.[1]).toBeCloseTo(32124 / 32768, 4);
    expect(mulaw.channels[0]?.[2]).toBeCloseTo(-32124 / 32768, 4);
    const f = new Float32Array([0.5, -0.25]);
    const fl = readWav(wavWith(3, 32, 1, 16000, new Uint8Array(f.buffer)));
    expect(fl.encoding).toBe('float32');
    expect(Array.from(fl.channels[0] ?? [])).toEqual([0.5, -0.25]);
  });

  it('trusts the bytes present when a streaming writer left the data size at 0x7fffffff', () => {
    const w = writeWav(tone(300, 8000, 80), 8000);
    new DataView(w.buffer).setUint32(40, 0x7fffffff, true);
    expect(readWavInfo(w).frameCount).toBe(80);
  });

  it('reads what a recorder that died before closing left (data size 0)', () => {
    const w = writeWav(tone(300, 8000, 80), 8000);
    new DataView(w.buffer).setUint32(40, 0, true);
    expect(readWavInfo(w).frameCount).toBe(80);
  });

  it('refuses what it cannot read with codes that name what was found', () => {
    expect(codeOf(() => readWav(wavWith(0x11, 4, 1, 8000, new Uint8Array(10))))).toBe('WAV_UNSUPPORTED');
    expect(() => readWav(wavWith(0x55, 0, 1, 8000, new Uint8Array(10)))).toThrow(/0x0055 \(MPEG Layer 3/);
    expect(() => readWav(wavWith(1, 12, 1, 8000, new Uint8Array(10)))).toThrow(/12-bit PCM/);
    expect(codeOf(() => readWav(Uint8Array.from('RIFF\0\0\0\0AVI LIST', (c) => c.charCodeAt(0))))).toBe('WAV_MALFORMED');
    expect(codeOf(() => readWav(new Uint8Array(5)))).toBe('WAV_MALFORMED');
    expect(() => readWavPcm16Mono(writeWav(new Int16Array(4), 8000, 2))).toThrow(/2 channel\(s\) of pcm16/);
    const noData = writeWav(new Int16Array(0), 8000).subarray(0, 36);
    expect(() => readWav(noData)).toThrow(/no data chunk/);
  });
});
