/**
 * Test audio for calls with real phones: Mandarin speech from espeak-ng (8 kHz mono, through
 * the speech package's WAV reader and resampler; a sweep when espeak-ng is missing), written
 * as a WAV a phone can use as its microphone, and a match of a known signal inside a recording
 * that starts with an unknown stretch of silence.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readWav, resampleInt16 } from '@waihu/asr';
import { encodeWavPcm16, xcorr } from '../../src/media/index.js';
import { sweep } from './calls.js';

/** `text` spoken by espeak-ng's Mandarin voice at 8 kHz, or a 2 s sweep when espeak-ng is not here. */
export function mandarinSpeech(text: string): Int16Array {
  const run = spawnSync('espeak-ng', ['-v', 'cmn-latn-pinyin', '-s', '170', '--stdout', text], { timeout: 10_000, maxBuffer: 16 << 20 });
  if (run.error !== undefined || run.status !== 0 || run.stdout.length < 1000) return sweep(2, 2500, 400);
  const wav = readWav(new Uint8Array(run.stdout));
  const channel = wav.channels[0]!;
  const pcm = Int16Array.from(channel, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
  return resampleInt16(pcm, wav.sampleRate, 8000);
}

/** Writes 8 kHz mono 16-bit PCM as a WAV file. */
export function writeWav8k(path: string, samples: Int16Array): void {
  writeFileSync(path, encodeWavPcm16(samples, 8000, 1));
}

/**
 * The normalized cross-correlation of `reference` against the part of `recording` where sound
 * starts (first sample over `threshold`, minus 100 ms): a call's recording begins with silence
 * of a length that depends on set-up and buffering, which a bounded lag search must not miss.
 */
export function matchInRecording(reference: Int16Array, recording: Int16Array, threshold = 300): { peak: number; onsetMs: number } {
  const onset = recording.findIndex((v) => Math.abs(v) > threshold);
  if (onset < 0) return { peak: 0, onsetMs: -1 };
  const start = Math.max(0, onset - 800);
  const excerpt = recording.subarray(start, start + reference.length + 4000);
  return { peak: xcorr(reference, excerpt, { maxLagSamples: 4000 }).peak, onsetMs: Math.round(onset / 8) };
}
