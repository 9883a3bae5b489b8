/**
 * Deterministic "speech" for recognizer tests: a tone whose peak amplitude encodes a key
 * (key × 1000), and the transcript each key stands for. The fake protocol servers recover the
 * key from the audio they receive, so what they answer is derived from the audio the client
 * actually sent (through resampling and framing), not from a side channel.
 */
import type { PcmChunk, SampleRate } from '../audio/pcm.js';

/** What each key's audio "says". */
export const SCRIPTED_TRANSCRIPTS: Readonly<Record<number, string>> = {
  1: '你好',
  2: '我想了解一下贷款',
  3: '不需要谢谢',
  4: '可以的你说吧',
  5: '我现在不方便晚点再打',
};

/** The transcript for `key` (unknown keys get a stable placeholder). */
export function transcriptForKey(key: number): string {
  return SCRIPTED_TRANSCRIPTS[key] ?? `未知${key}`;
}

/** Shape of a scripted utterance. */
export interface ScriptedSpeech {
  /** Which transcript (1…9): the tone's peak is key × 1000. */
  readonly key: number;
  /** Tone duration. */
  readonly speechMs: number;
  /** Silence before the tone. */
  readonly leadingSilenceMs?: number;
  /** Silence after the tone. */
  readonly trailingSilenceMs?: number;
  readonly sampleRate?: SampleRate;
}

/** The utterance as 20 ms chunks, the way a call's media leg delivers audio. */
export function scriptedSpeech(spec: ScriptedSpeech): PcmChunk[] {
  const rate = spec.sampleRate ?? 8000;
  const lead = spec.leadingSilenceMs ?? 0;
  const total = lead + spec.speechMs + (spec.trailingSilenceMs ?? 0);
  const perFrame = rate / 50;
  const chunks: PcmChunk[] = [];
  for (let t = 0; t < total; t += 20) {
    const samples = new Int16Array(perFrame);
    for (let i = 0; i < perFrame; i++) {
      const ms = t + (i * 1000) / rate;
      if (ms < lead || ms >= lead + spec.speechMs) continue;
      // 250 Hz: far below both Nyquist limits, so 8 → 16 kHz interpolation keeps the peak.
      samples[i] = Math.round(spec.key * 1000 * Math.sin((2 * Math.PI * 250 * (ms - lead)) / 1000));
    }
    chunks.push({ samples, sampleRate: rate, timeMs: t });
  }
  return chunks;
}

/** Above this absolute sample value audio counts as speech. */
const VOICE_THRESHOLD = 300;

/** Follows 16 kHz PCM as a server receives it: duration, voiced span and the key. */
export class SpeechAnalyzer {
  private samples = 0;
  private peak = 0;
  private firstVoice = -1;
  private lastVoice = -1;

  /** Accepts little-endian 16-bit PCM bytes at `sampleRate`. */
  push(bytes: Buffer, sampleRate = 16000): void {
    const n = bytes.length >> 1;
    const scale = 16000 / sampleRate;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(bytes.readInt16LE(i * 2));
      const at = this.samples + i * scale;
      if (v > VOICE_THRESHOLD) {
        if (this.firstVoice < 0) this.firstVoice = at;
        this.lastVoice = at;
        if (v > this.peak) this.peak = v;
      }
    }
    this.samples += n * scale;
  }

  /** Milliseconds of audio received. */
  get audioMs(): number {
    return Math.round(this.samples / 16);
  }

  /** The key the tone's peak encodes (0 when only silence arrived). */
  get key(): number {
    return Math.round(this.peak / 1000);
  }

  /** The transcript the audio encodes ('' for silence). */
  get transcript(): string {
    return this.key === 0 ? '' : transcriptForKey(this.key);
  }

  /** [start, end] of the voiced span in ms ([0, 0] for silence). */
  get voicedSpan(): [number, number] {
    if (this.firstVoice < 0) return [0, 0];
    return [Math.round(this.firstVoice / 16), Math.round((this.lastVoice + 1) / 16)];
  }
}
