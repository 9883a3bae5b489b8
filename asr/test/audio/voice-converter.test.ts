import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AudioError, VoiceConverter, convertVoiceFile } from '../../src/audio/index.js';
import { scratch, speak } from './make-audio.js';

describe('VoiceConverter (worker thread)', () => {
  it('converts off the main thread with the same result, passes coded errors through, and closes', async () => {
    const tmp = scratch();
    try {
      const wav = speak('ni3 hao3', join(tmp.dir, 'a.wav'));
      const conv = new VoiceConverter({ maxDurationMs: 60_000 });
      const [a, b] = await Promise.all([conv.convert(wav, 'a.wav'), conv.convert(wav.slice(), 'b.wav')]);
      const direct = await convertVoiceFile(wav, 'a.wav');
      expect(Array.from(a.samples)).toEqual(Array.from(direct.samples));
      expect(b.durationMs).toBe(direct.durationMs);
      const e = await conv.convert(Uint8Array.from('hello world', (c) => c.charCodeAt(0)), 'notes.txt').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AudioError);
      expect((e as AudioError).code).toBe('AUDIO_FORMAT_UNSUPPORTED');
      await conv.close();
      const closed = await conv.convert(wav, 'late.wav').catch((x: unknown) => x);
      expect((closed as AudioError).code).toBe('AUDIO_CONVERTER_CLOSED');
    } finally {
      tmp.remove();
    }
  });
});
