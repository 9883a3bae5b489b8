import { describe, expect, it } from 'vitest';
import { SpeechDetector, type VadEvent } from '../../src/vad/index.js';

/** Feeds 32 ms windows with the given probabilities from t = 0; returns every event. */
function run(d: SpeechDetector, probs: readonly number[], t0 = 0): VadEvent[] {
  const events: VadEvent[] = [];
  probs.forEach((p, i) => events.push(...d.push(p, t0 + i * 32, t0 + (i + 1) * 32)));
  return events;
}
const rep = (p: number, n: number): number[] => Array<number>(n).fill(p);

describe('SpeechDetector', () => {
  it('reports start (padded), barge-in and end (after endSilenceMs) with window times', () => {
    const d = new SpeechDetector({ minSpeechMs: 128, bargeInMs: 256, endSilenceMs: 320, speechPadMs: 30 });
    const ev = run(d, [...rep(0.05, 10), ...rep(0.9, 20), ...rep(0.05, 15)]);
    expect(ev).toEqual([
      { type: 'speech-start', timeMs: 320 - 30, atMs: 320 + 128 },
      { type: 'barge-in', speechStartMs: 290, atMs: 320 + 256 },
      { type: 'speech-end', startMs: 290, endMs: 960 + 30, atMs: 960 + 320, reason: 'silence' },
    ]);
    expect(d.speaking).toBe(false);
  });

  it('ignores bursts shorter than minSpeechMs', () => {
    const d = new SpeechDetector({ minSpeechMs: 250 });
    expect(run(d, [...rep(0.9, 5), ...rep(0.1, 20), ...rep(0.9, 3), ...rep(0.1, 5)])).toEqual([]);
  });

  it('keeps speech through probabilities between the two thresholds (hysteresis)', () => {
    const d = new SpeechDetector({ threshold: 0.6, negThreshold: 0.3, minSpeechMs: 64, endSilenceMs: 200 });
    const ev = run(d, [...rep(0.9, 4), ...rep(0.45, 30), ...rep(0.1, 10)]);
    expect(ev.map((e) => e.type)).toEqual(['speech-start', 'barge-in', 'speech-end']);
    const end = ev[2] as Extract<VadEvent, { type: 'speech-end' }>;
    expect(end.endMs).toBe(34 * 32 + 30);
  });

  it('ends sooner after a yes/no question than after an open one (endpointing per listen)', () => {
    const speech = [...rep(0.9, 15), ...rep(0.05, 60)];
    const short = new SpeechDetector();
    short.update({ endSilenceMs: 400 });
    const open = new SpeechDetector();
    open.update({ endSilenceMs: 1200 });
    const endAt = (d: SpeechDetector): number => (run(d, speech).find((e) => e.type === 'speech-end') as { atMs: number }).atMs;
    expect(endAt(short)).toBe(15 * 32 + 416);
    expect(endAt(open)).toBe(15 * 32 + 1216);
  });

  it('closes an utterance at the end of the audio and keeps starts after the previous end', () => {
    const d = new SpeechDetector({ speechPadMs: 100, endSilenceMs: 96, minSpeechMs: 64 });
    run(d, [...rep(0.9, 5), ...rep(0.0, 3)]);
    const ev = run(d, rep(0.9, 5), 8 * 32);
    expect(ev[0]).toMatchObject({ type: 'speech-start', timeMs: 256 }); // padding stops at the last end (256)
    expect(d.end(13 * 32)).toEqual([{ type: 'speech-end', startMs: 256, endMs: 416, atMs: 416, reason: 'end' }]);
    expect(d.end(500)).toEqual([]);
  });
});
