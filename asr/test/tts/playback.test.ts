import { describe, expect, it } from 'vitest';
import { convertVoiceFile, PromptPlayback, PromptPlayer, RecordedPrompts, TtsError, TTS_FRAME_SAMPLES, type RecordingStore } from '../../src/index.js';
import { CountingTts } from './fake-provider.js';

function source(chunks: Int16Array[], delayMs = 0) {
  return async function* (signal: AbortSignal) {
    for (const c of chunks) {
      if (delayMs) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, delayMs);
          signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true });
        });
      }
      if (signal.aborted) throw new TtsError('TTS_ABORTED', 'test', 'aborted');
      yield c;
    }
  };
}

/** A minimal 16-bit mono WAV (the audio helper owns the real writer). */
function writeWav(samples: Int16Array, rate: number): Uint8Array {
  const b = Buffer.alloc(44 + samples.length * 2);
  b.write('RIFF', 0); b.writeUInt32LE(36 + samples.length * 2, 4); b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28); b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34); b.write('data', 36);
  b.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((v, i) => b.writeInt16LE(v, 44 + 2 * i));
  return b;
}

const ramp = (n: number, from = 0): Int16Array => Int16Array.from({ length: n }, (_, i) => (from + i) % 30000);

describe('playback frames', () => {
  it('re-frames chunks of any size into 160-sample frames, padding the last, and finishes once', async () => {
    const p = new PromptPlayback(source([ramp(100), ramp(300, 100), ramp(45, 400)]));
    const frames: Int16Array[] = [];
    for await (const f of p) frames.push(f);
    expect(frames.map((f) => f.length)).toEqual([160, 160, 160]);
    expect(Array.from(frames[0]!.subarray(98, 102))).toEqual([98, 99, 100, 101]);
    expect(frames[2]![444 - 320]).toBe(444);
    expect(frames[2]![445 - 320]).toBe(0); // padding after the last sample
    expect(await p.ended).toEqual({ reason: 'finished', playedMs: 60 });
    expect(await p.read()).toBeNull();
  });

  it('starts as soon as the first chunk arrives (streaming synthesis)', async () => {
    const p = new PromptPlayback(source([ramp(1600), ramp(1600)], 80));
    const started = Date.now();
    const first = await p.read();
    expect(first).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(150);
    expect(p.isEnded).toBe(false);
    p.stop();
  });

  it('stop() cuts within one frame: no further frame, synthesis aborted, ended resolves once with cut', async () => {
    let aborted = false;
    const p = new PromptPlayback(async function* (signal) {
      signal.addEventListener('abort', () => { aborted = true; });
      yield ramp(8000); // one second buffered
      // A further piece that only ends with the abort, as a real provider's request does.
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    });
    for (let i = 0; i < 3; i++) expect(await p.read()).not.toBeNull();
    const pending = p.read(); // already buffered: resolves with a frame
    expect(await pending).not.toBeNull();
    p.stop();
    expect(p.tryRead()).toBeNull();
    expect(await p.read()).toBeNull();
    p.stop(); // idempotent
    expect(await p.ended).toEqual({ reason: 'cut', playedMs: 80 });
    expect(aborted).toBe(true);
  });

  it('a reader waiting for audio is released with null when cut', async () => {
    const p = new PromptPlayback(source([ramp(160)], 1000));
    const waiting = p.read();
    setTimeout(() => p.stop(), 20);
    expect(await waiting).toBeNull();
    expect((await p.ended).reason).toBe('cut');
  });

  it('tryRead never waits: null while synthesis is pending, frames once they arrive', async () => {
    const p = new PromptPlayback(source([ramp(320)], 30));
    expect(p.tryRead()).toBeNull();
    await new Promise((r) => setTimeout(r, 60));
    expect(p.tryRead()?.length).toBe(TTS_FRAME_SAMPLES);
    expect(p.tryRead()?.length).toBe(TTS_FRAME_SAMPLES);
    expect(p.tryRead()).toBeNull();
    expect(await p.ended).toEqual({ reason: 'finished', playedMs: 40 });
  });

  it('a failure plays what arrived, then ends with error', async () => {
    const p = new PromptPlayback(async function* () {
      yield ramp(320);
      throw new TtsError('TTS_SERVER', 'test', 'second piece failed');
    });
    const frames: Int16Array[] = [];
    for await (const f of p) frames.push(f);
    expect(frames).toHaveLength(2);
    const end = await p.ended;
    expect(end).toMatchObject({ reason: 'error', playedMs: 40 });
    expect(end.error?.code).toBe('TTS_SERVER');
  });
});

describe('prompt player: say effects to playback', () => {
  const wav8k = writeWav(ramp(800), 8000);
  const store: RecordingStore & { names: string[] } = {
    names: [],
    async get(_e, name) { this.names.push(name); return name === '开场白.wav' ? wav8k : name === '宽带.wav' ? writeWav(ramp(1600), 16000) : null; },
    async ping() { /* reachable */ },
  };

  it('plays the recording a say effect names, and synthesizes text otherwise', async () => {
    const tts = new CountingTts();
    const player = new PromptPlayer({ tts, recordings: new RecordedPrompts({ store, enterpriseId: 'e1' }) });
    const say = { type: 'say', promptId: 1, kind: 'flow', text: '您好，我是小王', recording: '开场白.wav', bargeIn: true, flow: '开场白' } as const;
    const rec = player.play(say);
    let n = 0;
    for await (const _f of rec) n++;
    expect(n).toBe(5);
    expect(tts.calls).toBe(0);
    const spoken = player.play({ text: '请问您有兴趣吗', recording: '' });
    for await (const _f of spoken) n++;
    expect(tts.calls).toBe(1);
    expect((await spoken.ended).reason).toBe('finished');
  });

  it('a missing or unconverted recording falls back to synthesizing its transcript', async () => {
    const tts = new CountingTts();
    const fallbacks: string[] = [];
    const player = new PromptPlayer({ tts, recordings: new RecordedPrompts({ store, enterpriseId: 'e1' }), onRecordingFallback: (e) => fallbacks.push(`${e.recording}:${e.error.code}`) });
    for await (const _f of player.play({ text: '文字', recording: '没有.wav' })) { /* drain */ }
    for await (const _f of player.play({ text: '文字', recording: '宽带.wav' })) { /* drain */ }
    expect(fallbacks).toEqual(['没有.wav:TTS_NOT_FOUND', '宽带.wav:TTS_BAD_AUDIO']);
    expect(tts.calls).toBe(2);
    const strict = new PromptPlayer({ tts, recordings: new RecordedPrompts({ store, enterpriseId: 'e1' }), synthesizeMissingRecordings: false });
    const p = strict.play({ text: '文字', recording: '没有.wav' });
    expect(await p.read()).toBeNull();
    expect((await p.ended).error?.code).toBe('TTS_NOT_FOUND');
  });

  it('with the audio helper\'s converter, a stored 16 kHz file is converted instead of refused', async () => {
    const recordings = new RecordedPrompts({ store, enterpriseId: 'e1', converter: { convert: (b, n) => convertVoiceFile(b, n) } });
    const p = new PromptPlayer({ tts: new CountingTts(), recordings, synthesizeMissingRecordings: false }).play({ text: '', recording: '宽带.wav' });
    let frames = 0;
    for await (const _f of p) frames++;
    expect(frames).toBe(5); // 1600 samples at 16 kHz = 100 ms = 5 frames at 8 kHz
    expect((await p.ended).reason).toBe('finished');
  });

  it('recorded prompts health reports the store', async () => {
    const down = new RecordedPrompts({ store: { get: async () => null, ping: async () => { throw new Error('disk offline'); } }, enterpriseId: 'e1' });
    expect(await down.health()).toMatchObject({ ok: false, code: 'TTS_STORE' });
    expect(await new RecordedPrompts({ store, enterpriseId: 'e1' }).health()).toMatchObject({ ok: true, provider: 'recorded' });
  });
});
