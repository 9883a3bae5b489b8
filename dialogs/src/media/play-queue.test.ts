import { describe, expect, it } from 'vitest';
import { PlayQueue } from './play-queue.js';

const ramp = (n: number, from: number): Int16Array => Int16Array.from({ length: n }, (_, i) => from + i);

describe('PlayQueue', () => {
  it('plays prompts back to back across frame boundaries and pads the end with silence', async () => {
    const q = new PlayQueue();
    const results: string[] = [];
    void q.play(ramp(3, 1)).then((r) => results.push(`a:${r}`));
    void q.play(ramp(4, 100)).then((r) => results.push(`b:${r}`));
    const frame = new Int16Array(5);
    expect(q.pull(frame)).toBe(5);
    expect(Array.from(frame)).toEqual([1, 2, 3, 100, 101]);
    await Promise.resolve();
    expect(results).toEqual(['a:finished']);
    expect(q.pull(frame)).toBe(2);
    expect(Array.from(frame)).toEqual([102, 103, 0, 0, 0]);
    await Promise.resolve();
    expect(results).toEqual(['a:finished', 'b:finished']);
    expect(q.pull(frame)).toBe(0);
    expect(q.playing).toBe(false);
  });

  it('clears for barge-in, and refuses after close; every prompt resolves once', async () => {
    const q = new PlayQueue();
    const a = q.play(ramp(1000, 0));
    const b = q.play(ramp(1000, 0));
    q.pull(new Int16Array(160));
    expect(q.pendingSamples).toBe(1840);
    expect(q.clear()).toBe(2);
    await expect(a).resolves.toBe('cleared');
    await expect(b).resolves.toBe('cleared');
    const c = q.play(ramp(10, 0));
    q.close();
    await expect(c).resolves.toBe('closed');
    await expect(q.play(ramp(10, 0))).resolves.toBe('closed');
    await expect(new PlayQueue().play(new Int16Array(0))).resolves.toBe('finished');
  });
});
