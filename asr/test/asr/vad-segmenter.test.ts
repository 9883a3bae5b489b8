import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resampleInt16 } from '../../src/audio/index.js';
import { VadModel } from '../../src/vad/index.js';
import { vadSegmenter } from '../../src/asr/index.js';
import type { SegmentEvent } from '../../src/asr/index.js';
import { makeSpeechFixture, type SpeechFixture } from '../vad/speech-fixture.js';

let model: VadModel;
let fx: SpeechFixture;
beforeAll(async () => {
  [model, fx] = await Promise.all([VadModel.load({ workers: 1 }), makeSpeechFixture()]);
});
afterAll(async () => { await model.close(); });

describe('the Silero VAD as the REST provider\'s segmenter', () => {
  it('cuts espeak-ng Mandarin into its utterances, events arriving a push or two later', async () => {
    const wide = resampleInt16(fx.samples, 8000, 16000);
    const segmenter = vadSegmenter(model)();
    const events: SegmentEvent[] = [];
    for (let i = 0; i < wide.length; i += 320) {
      events.push(...segmenter.push({ samples: wide.subarray(i, i + 320), sampleRate: 16000 }));
      // Real time gives the worker 20 ms per frame; here a short pause now and then is enough.
      if ((i / 320) % 8 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 100));
    events.push(...segmenter.push({ samples: new Int16Array(320), sampleRate: 16000 }));
    segmenter.close();
    const starts = events.filter((e) => e.kind === 'speech-start').map((e) => e.atMs);
    const ends = events.filter((e) => e.kind === 'speech-end').map((e) => e.atMs);
    expect(starts).toHaveLength(fx.utterances.length);
    expect(ends).toHaveLength(fx.utterances.length);
    fx.utterances.forEach((u, i) => {
      expect(Math.abs(starts[i]! - u.startMs)).toBeLessThan(200);
      expect(Math.abs(ends[i]! - u.endMs)).toBeLessThan(250);
    });
  });
});
