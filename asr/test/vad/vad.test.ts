import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resampleInt16 } from '../../src/audio/index.js';
import { VadModel, type VadError, type VadEvent, type VadStream, type VadStreamEvent } from '../../src/vad/index.js';
import { makeSpeechFixture, noise, type SpeechFixture } from './speech-fixture.js';

let model: VadModel;
let fx: SpeechFixture;
beforeAll(async () => {
  [model, fx] = await Promise.all([VadModel.load({ workers: 1 }), makeSpeechFixture()]);
});
afterAll(async () => {
  await model.close();
});

/** Feeds `samples` in 20 ms chunks (faster than real time, waiting when the backlog grows). */
async function feed(stream: VadStream, samples: Int16Array, rate: 8000 | 16000 = 8000, onChunk?: (timeMs: number) => void): Promise<void> {
  const n = rate / 50;
  for (let i = 0; i < samples.length; i += n) {
    if (stream.pending >= 8) await stream.settle();
    onChunk?.((i * 1000) / rate);
    stream.push({ samples: samples.subarray(i, i + n), sampleRate: rate, timeMs: (i * 1000) / rate });
  }
  await stream.end();
}

async function detect(samples: Int16Array, options: Parameters<VadModel['createStream']>[0] = {}, rate: 8000 | 16000 = 8000): Promise<VadEvent[]> {
  const events: VadStreamEvent[] = [];
  const s = model.createStream({ ...options, onEvent: (e) => events.push(e) });
  await feed(s, samples, rate);
  s.close();
  expect(events.filter((e) => e.type === 'error')).toEqual([]);
  return events.filter((e): e is VadEvent => e.type !== 'error');
}

const ends = (ev: VadEvent[]): Extract<VadEvent, { type: 'speech-end' }>[] => ev.filter((e): e is Extract<VadEvent, { type: 'speech-end' }> => e.type === 'speech-end');

describe('VadStream on Mandarin speech made with espeak-ng', () => {
  it('finds each utterance’s start within 150 ms and end within 200 ms of the truth', async () => {
    const ev = await detect(fx.samples);
    const utterances = ends(ev);
    expect(utterances).toHaveLength(fx.utterances.length);
    utterances.forEach((u, i) => {
      const truth = fx.utterances[i] as { startMs: number; endMs: number };
      expect(Math.abs(u.startMs - truth.startMs), `start of utterance ${i}`).toBeLessThanOrEqual(150);
      expect(Math.abs(u.endMs - truth.endMs), `end of utterance ${i}`).toBeLessThanOrEqual(200);
      expect(u.reason).toBe('silence');
    });
    expect(ev.filter((e) => e.type === 'speech-start')).toHaveLength(3);
  });

  it('fires barge-in during speech, bargeInMs after it started', async () => {
    const ev = await detect(fx.samples, { bargeInMs: 400 });
    const barges = ev.filter((e): e is Extract<VadEvent, { type: 'barge-in' }> => e.type === 'barge-in');
    expect(barges).toHaveLength(3);
    barges.forEach((b, i) => {
      const truth = fx.utterances[i] as { startMs: number; endMs: number };
      expect(b.atMs).toBeGreaterThan(truth.startMs + 300);
      expect(b.atMs).toBeLessThan(Math.min(truth.endMs, truth.startMs + 600));
    });
  });

  it('ends a yes/no answer sooner than an open answer (endSilenceMs per listen)', async () => {
    const events: VadStreamEvent[] = [];
    const s = model.createStream({ onEvent: (e) => events.push(e) });
    s.listen({ endSilenceMs: 300 });
    // After the first utterance ends, the dialog asks an open question.
    s.on((e) => e.type === 'speech-end' && s.listen({ endSilenceMs: 1200 }));
    await feed(s, fx.samples);
    s.close();
    const got = ends(events.filter((e): e is VadEvent => e.type !== 'error'));
    const first = got[0] as { atMs: number; endMs: number };
    const second = got[1] as { atMs: number; endMs: number };
    expect(first.atMs - (fx.utterances[0]?.endMs ?? 0)).toBeLessThan(550);
    expect(second.atMs - (fx.utterances[1]?.endMs ?? 0)).toBeGreaterThan(1150);
  });

  it('accepts 16 kHz chunks (resampled to the model’s 8 kHz) with the same result', async () => {
    const ev = await detect(resampleInt16(fx.samples, 8000, 16000), {}, 16000);
    ends(ev).forEach((u, i) => expect(Math.abs(u.startMs - (fx.utterances[i]?.startMs ?? 0))).toBeLessThanOrEqual(150));
    expect(ends(ev)).toHaveLength(3);
  });

  it('finds no speech in silence or line noise', async () => {
    expect(await detect(new Int16Array(8000 * 3))).toEqual([]);
    expect(await detect(noise(8000 * 3, 1000, 7))).toEqual([]); // white noise at −30 dBFS
  });

  it('runs many streams at once in batches, each as if alone', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => detect(fx.samples)));
    const before = model.stats();
    expect(before.windows).toBeGreaterThan(before.batches);
    for (const r of results) expect(ends(r).map((e) => e.startMs)).toEqual(ends(results[0] ?? []).map((e) => e.startMs));
    expect(model.stats().streams).toBe(0);
  });
});

describe('VadModel lifecycle', () => {
  it('drops audio with a VAD_OVERLOADED event when a stream runs too far ahead', async () => {
    const events: VadStreamEvent[] = [];
    const s = model.createStream({ onEvent: (e) => events.push(e) });
    for (let i = 0; i < fx.samples.length; i += 160) s.push({ samples: fx.samples.subarray(i, i + 160), sampleRate: 8000, timeMs: i / 8 });
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toHaveLength(1);
    expect((errors[0] as { error: VadError }).error).toMatchObject({ code: 'VAD_OVERLOADED', retryable: true });
    s.close();
    expect(() => s.push({ samples: new Int16Array(160), sampleRate: 8000, timeMs: 0 })).toThrowError(expect.objectContaining({ code: 'VAD_CLOSED' }));
  });

  it('refuses a missing model file with VAD_MODEL_LOAD_FAILED', async () => {
    await expect(VadModel.load({ modelPath: '/nonexistent/silero.onnx' })).rejects.toMatchObject({ code: 'VAD_MODEL_LOAD_FAILED' });
    await expect(VadModel.load({ modelPath: new URL(import.meta.url).pathname })).rejects.toMatchObject({ code: 'VAD_MODEL_LOAD_FAILED' });
  });

  it('leaves no worker or handle behind after close', async () => {
    const baseline = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').sort();
    const m = await VadModel.load({ workers: 2 });
    const s = m.createStream();
    s.push({ samples: fx.samples.subarray(0, 8000), sampleRate: 8000, timeMs: 0 });
    expect(m.stats()).toMatchObject({ workers: 2, streams: 1 });
    expect(process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').length).toBeGreaterThan(baseline.length);
    await m.close();
    expect(m.stats()).toMatchObject({ workers: 0, streams: 0 });
    expect(() => m.createStream()).toThrowError(expect.objectContaining({ code: 'VAD_CLOSED' }));
    await new Promise((r) => setImmediate(r));
    // The two workers' ports are gone (vitest's own ports and the shared model's stay).
    expect(process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').length).toBeLessThanOrEqual(baseline.length);
  });
});
