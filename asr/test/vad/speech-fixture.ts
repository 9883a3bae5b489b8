/**
 * A call-like 8 kHz recording made here: Mandarin utterances spoken by espeak-ng with known
 * silences between them, faint noise throughout, and where each utterance truly starts and ends.
 */
import { join } from 'node:path';
import { convertVoiceFile } from '../../src/audio/index.js';
import { scratch, speak } from '../audio/make-audio.js';

/** The utterances (pinyin with tone numbers, as espeak-ng's cmn-latn-pinyin voice reads them). */
export const UTTERANCES = [
  'ni3 hao3, wo3 xiang3 zi1 xun2 yi1 xia4 dai4 kuan3',
  'dui4, wo3 you3 xing4 qu4',
  'bu2 yong4 le5, xie4 xie4',
] as const;

/** A recording and its truth (call-relative milliseconds). */
export interface SpeechFixture {
  readonly samples: Int16Array;
  readonly utterances: readonly { readonly startMs: number; readonly endMs: number }[];
  readonly durationMs: number;
}

/** Deterministic noise (a linear congruential generator: tests must not depend on Math.random). */
export function noise(n: number, amplitude: number, seed = 1): Int16Array {
  const out = new Int16Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.round(((x / 0x7fffffff) * 2 - 1) * amplitude);
  }
  return out;
}

/** First and last sample of `s` inside 10 ms frames louder than −40 dBFS: where the voice is. */
function voiced(s: Int16Array): { first: number; last: number } {
  const frame = 80;
  let first = -1;
  let last = -1;
  for (let f = 0; f * frame < s.length; f++) {
    let e = 0;
    const end = Math.min(s.length, (f + 1) * frame);
    for (let i = f * frame; i < end; i++) e += (s[i] as number) ** 2;
    if (Math.sqrt(e / (end - f * frame)) > 328) {
      if (first < 0) first = f * frame;
      last = end;
    }
  }
  return { first, last };
}

/** Builds the fixture: 1 s silence, then each utterance followed by `gapMs` of silence. */
export async function makeSpeechFixture(gapMs = 1500, leadMs = 1000): Promise<SpeechFixture> {
  const tmp = scratch();
  try {
    const parts: Int16Array[] = [new Int16Array(leadMs * 8)];
    const utterances: { startMs: number; endMs: number }[] = [];
    let at = leadMs * 8;
    for (const [i, text] of UTTERANCES.entries()) {
      const v = await convertVoiceFile(speak(text, join(tmp.dir, `u${i}.wav`)), `u${i}.wav`);
      const { first, last } = voiced(v.samples);
      utterances.push({ startMs: (at + first) / 8, endMs: (at + last) / 8 });
      parts.push(v.samples, new Int16Array(gapMs * 8));
      at += v.samples.length + gapMs * 8;
    }
    const samples = new Int16Array(at);
    let o = 0;
    for (const p of parts) {
      samples.set(p, o);
      o += p.length;
    }
    const hiss = noise(samples.length, 100); // about −50 dBFS: a quiet line
    for (let i = 0; i < samples.length; i++) samples[i] = Math.max(-32768, Math.min(32767, (samples[i] as number) + (hiss[i] as number)));
    return { samples, utterances, durationMs: samples.length / 8 };
  } finally {
    tmp.remove();
  }
}
