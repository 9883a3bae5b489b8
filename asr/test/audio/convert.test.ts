import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AudioError, convertVoiceFile, detectVoiceFormat, readWav, writeWav, type ConvertedVoice } from '../../src/audio/index.js';
import { adtsSilence, m4a, mp3Tone } from './hand-built.js';
import { scratch, sox, speak } from './make-audio.js';
import { amplitudeAt, rms, zeroCrossingHz } from './signal.js';

const tmp = scratch();
afterAll(() => tmp.remove());
const f = (name: string): string => join(tmp.dir, name);
const speechWav = speak('ni3 hao3, wo3 xiang3 zi1 xun2 yi1 xia4 dai4 kuan3', f('speech.wav'));
const speechMs = readWav(speechWav).durationMs;

async function errorOf(p: Promise<unknown>): Promise<AudioError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AudioError) return e;
    throw e;
  }
  throw new Error('expected an AudioError');
}

/** Speech converted from any format keeps its duration and most of its level. */
function expectSpeech(v: ConvertedVoice, ref: ConvertedVoice, toleranceMs = 60): void {
  expect(v.sampleRate).toBe(8000);
  expect(Math.abs(v.durationMs - ref.durationMs)).toBeLessThanOrEqual(toleranceMs);
  const ratio = rms(v.samples) / rms(ref.samples);
  expect(ratio).toBeGreaterThan(0.7);
  expect(ratio).toBeLessThan(1.3);
}

describe('convertVoiceFile on files made here (espeak-ng, sox)', () => {
  it('converts espeak-ng’s 22.05 kHz WAV to 8 kHz mono with the same duration', async () => {
    const v = await convertVoiceFile(speechWav, 'greeting.wav');
    expect(v.source).toEqual({ format: 'wav', sampleRate: 22050, channelCount: 1 });
    expect(v.sampleRate).toBe(8000);
    expect(Math.abs(v.durationMs - speechMs)).toBeLessThanOrEqual(1);
    expect(rms(v.samples)).toBeGreaterThan(1000);
  });

  it('converts stereo, A-law, μ-law and float WAV, FLAC, Ogg Vorbis and AMR-NB made by sox', async () => {
    const ref = await convertVoiceFile(speechWav, 'ref.wav');
    const cases: [string, string[], string, number][] = [
      ['stereo.wav', ['-c', '2'], 'wav', 2],
      ['alaw.wav', ['-r', '8000', '-e', 'a-law'], 'wav', 1],
      ['ulaw.wav', ['-r', '8000', '-e', 'u-law'], 'wav', 1],
      ['float.wav', ['-e', 'floating-point', '-b', '32'], 'wav', 1],
      ['speech.flac', ['-r', '16000'], 'flac', 1],
      ['speech.ogg', [], 'ogg-vorbis', 1],
      ['speech.amr', ['-r', '8000', '-t', 'amr-nb'], 'amr', 1],
    ];
    for (const [name, opts, format, channels] of cases) {
      const bytes = sox([f('speech.wav'), ...opts], f(name));
      const v = await convertVoiceFile(bytes, name);
      expect(v.source.format, name).toBe(format);
      expect(v.source.channelCount, name).toBe(channels);
      // AMR-NB at 4.75 kbit/s (sox's default) is lossy enough to lose a quarter of the level.
      expectSpeech(v, ref, format === 'amr' ? 80 : 60);
    }
  });

  it('detects the format from the bytes, not the name', async () => {
    const flac = sox([f('speech.wav')], f('really-flac.flac'));
    const v = await convertVoiceFile(flac, 'misnamed.mp3');
    expect(v.source.format).toBe('flac');
  });
});

describe('convertVoiceFile on hand-built files (no mp3/AAC encoder here)', () => {
  it('decodes an MPEG-1 Layer III file to its 919 Hz tone at 8 kHz', async () => {
    const v = await convertVoiceFile(mp3Tone(40, 200), 'tone.mp3');
    expect(v.source).toEqual({ format: 'mp3', sampleRate: 44100, channelCount: 1 });
    expect(Math.abs(v.durationMs - (40 * 1152 * 1000) / 44100)).toBeLessThanOrEqual(2);
    const steady = v.samples.subarray(2000);
    expect(zeroCrossingHz(steady, 8000)).toBeGreaterThan(905);
    expect(zeroCrossingHz(steady, 8000)).toBeLessThan(935);
    const w = steady.subarray(0, 400);
    expect(amplitudeAt(w, 919, 8000) / (rms(w) * Math.SQRT2)).toBeGreaterThan(0.9);
  });

  it('decodes ADTS AAC and an M4A with an AAC track (silent frames) and an M4A with a PCM track of real speech', async () => {
    const aac = await convertVoiceFile(adtsSilence(20), 'silence.aac');
    expect(aac.source.format).toBe('aac');
    expect(aac.durationMs).toBeGreaterThan(1100);
    expect(rms(aac.samples)).toBeLessThan(1);
    const m4aAac = await convertVoiceFile(m4a({ kind: 'aac-silence', frames: 20 }), 'silence.m4a');
    expect(m4aAac.source.format).toBe('m4a');
    expect(m4aAac.durationMs).toBeGreaterThan(1100);
    const ref = await convertVoiceFile(speechWav, 'ref.wav');
    const pcm = readWav(sox([f('speech.wav'), '-r', '16000'], f('speech16.wav')));
    const samples = Int16Array.from(pcm.channels[0] ?? [], (x) => Math.round(x * 32767));
    const v = await convertVoiceFile(m4a({ kind: 'pcm', samples, sampleRate: 16000 }), 'speech.m4a');
    expect(v.source).toEqual({ format: 'm4a', sampleRate: 16000, channelCount: 1 });
    expectSpeech(v, ref, 10);
  });
});

describe('convertVoiceFile refusals', () => {
  it('names what an unsupported file is', async () => {
    const pdf = Uint8Array.from('%PDF-1.7\n...', (c) => c.charCodeAt(0));
    const e = await errorOf(convertVoiceFile(pdf, 'script.pdf'));
    expect(e.code).toBe('AUDIO_FORMAT_UNSUPPORTED');
    expect(e.retryable).toBe(false);
    expect(e.details).toMatchObject({ fileName: 'script.pdf', found: 'a PDF document' });
    expect(detectVoiceFormat(Uint8Array.of(0x02, 0x23, 0x21, 0x53, 0x49, 0x4c, 0x4b, 0x5f, 0x56, 0x33))).toMatchObject({ found: expect.stringContaining('SILK') });
    expect(detectVoiceFormat(Uint8Array.of(1, 2, 3, 4, 5, 0, 0, 0))).toMatchObject({ found: 'unknown data starting 01 02 03 04 05 00 00 00' });
  });

  it('refuses corrupt, empty, too large and too long files with their codes', async () => {
    // A lone mp3 frame header: the decoder finds no complete frame.
    const cut = await errorOf(convertVoiceFile(Uint8Array.of(0xff, 0xfb, 0x10, 0xc0, 1, 2, 3), 'broken.mp3'));
    expect(cut.code).toBe('AUDIO_FILE_CORRUPT');
    expect(cut.message).toContain('broken.mp3');
    const flac = sox([f('speech.wav')], f('cut.flac'));
    expect((await errorOf(convertVoiceFile(flac.subarray(0, 60), 'cut.flac'))).code).toBe('AUDIO_FILE_CORRUPT');
    expect((await errorOf(convertVoiceFile(writeWav(new Int16Array(0), 8000), 'empty.wav'))).code).toBe('AUDIO_FILE_EMPTY');
    const big = await errorOf(convertVoiceFile(speechWav, 'big.wav', { maxBytes: 1000 }));
    expect(big.code).toBe('AUDIO_FILE_TOO_LARGE');
    expect(big.details).toMatchObject({ bytes: speechWav.length, maxBytes: 1000 });
    expect((await errorOf(convertVoiceFile(speechWav, 'long.wav', { maxDurationMs: 1000 }))).code).toBe('AUDIO_TOO_LONG');
    const ogg = sox([f('speech.wav')], f('long.ogg'));
    expect((await errorOf(convertVoiceFile(ogg, 'long.ogg', { maxDurationMs: 1000 }))).code).toBe('AUDIO_TOO_LONG');
  });
});
