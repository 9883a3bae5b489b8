import { describe, expect, it } from 'vitest';
import type { AudioChunk, PlayResult } from '../media/index.js';
import { mixFrames, startListenIn } from './listen-in.js';

/** A leg whose received audio the test pushes, and one that records what is played to it. */
function source(): { onAudio(l: (c: AudioChunk) => void): () => void; push(v: number): void; listeners: number } {
  const ls = new Set<(c: AudioChunk) => void>();
  return {
    onAudio(l) { ls.add(l); return () => ls.delete(l); },
    push(v) { for (const l of ls) l({ samples: new Int16Array(160).fill(v) } as AudioChunk); },
    get listeners() { return ls.size; },
  };
}

describe('listen-in mix', () => {
  it('sums with saturation', () => {
    expect([...mixFrames(Int16Array.from([1000, 30000, -30000]), Int16Array.from([24, 5000, -5000]))]).toEqual([1024, 32767, -32768]);
    expect([...mixFrames(Int16Array.from([5, 6]), null)]).toEqual([5, 6]);
  });

  it('plays customer + agent per customer frame to the leader, drops stale agent frames, stops cleanly', async () => {
    const customer = source();
    const agent = source();
    const played: number[] = [];
    let closed = false;
    const leader = { play: (pcm: Int16Array): Promise<PlayResult> => { played.push(pcm[0]!); return Promise.resolve(closed ? 'closed' : 'finished'); } };
    const mix = startListenIn({ customer, agent }, leader);
    agent.push(10);
    customer.push(1); // 1 + 10
    customer.push(2); // no agent frame waiting: 2
    for (const v of [100, 200, 300, 400, 500]) agent.push(v); // only the newest 3 are kept
    customer.push(3);
    await Promise.resolve();
    expect(played).toEqual([11, 2, 303]);
    expect(mix.frames).toBe(3);
    closed = true;
    customer.push(4);
    await new Promise((r) => setTimeout(r, 0));
    // The leader's leg closed: the mix unsubscribed from both legs.
    expect([customer.listeners, agent.listeners]).toEqual([0, 0]);
    mix.stop();
  });
});
