/**
 * The one session test with the real Silero VAD (on its inference worker) hearing real speech:
 * espeak-ng's Mandarin said over the opening prompt. The recognizer stays scripted (any voiced
 * audio "says" a refusal); what is real is when the VAD confirms speech, fires barge-in and
 * decides the end of the utterance.
 */
import { EspeakTts, VadModel } from '@waihu/asr';
import type { VadStream } from '@waihu/asr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { ScriptedAsr } from './fakes.js';
import { harness } from './harness.js';

let model: VadModel;
let speech: Int16Array;

beforeAll(async () => {
  model = await VadModel.load({ workers: 1 });
  const parts: Int16Array[] = [];
  for await (const c of new EspeakTts().synthesize('暂时不需要，谢谢。')) parts.push(c);
  speech = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { speech.set(p, at); at += p.length; }
});

afterAll(async () => {
  await model.close();
});

describe('CallSession with the real Silero VAD', () => {
  it('cuts the opening when espeak-ng speech talks over it, and answers after the VAD’s end of speech', async () => {
    const clock = new ManualClock(0);
    const streams: VadStream[] = [];
    const h = harness({
      clock,
      vad: () => { const s = model.createStream(); streams.push(s); return s; },
      asr: new ScriptedAsr('any-speech', clock, (key) => (key > 0 ? '暂时不需要，谢谢' : '')),
    });
    // Simulated time, but each 20 ms waits for the VAD worker to score what it was given.
    const step = async (ms: number): Promise<void> => {
      for (let t = 0; t < ms; t += 20) {
        clock.advance(20);
        await Promise.all(streams.map((s) => s.settle()));
        for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
      }
    };
    await step(600);
    const speechMs = (speech.length / 8000) * 1000;
    h.leg.sayPcm(speech);
    await step(400);
    const sentAtBarge = h.leg.sent.length;
    await step(speechMs + 1500);
    expect(h.session.dialog?.path).toEqual(['开场白', '挽留']);
    expect(h.session.events.slice(0, 3).map((e) => e.type)).toEqual(['answered', 'utterance', 'promptInterrupted']);
    // Paused within the speech: less than a second of the opening went out after it started.
    const opening = h.tts.spoken[0]!;
    expect(sentAtBarge * 20).toBeLessThan(Array.from(opening).length * 40);
    h.session.hangup('callee');
    const rec = await h.done;
    expect(rec.turns[0]!.bargedIn).toBe(true);
    const reply = rec.turns.find((t) => t.who === 'ROBOT' && t.latency);
    expect(reply?.latency?.endpointMs).toBeGreaterThanOrEqual(800);
    expect(model.stats().streams).toBe(0);
    await h.leg.close();
  });
});
