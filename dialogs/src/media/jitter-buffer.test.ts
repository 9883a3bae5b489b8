import { describe, expect, it } from 'vitest';
import { JitterBuffer, seqDiff } from './jitter-buffer.js';

const payload = (seq: number): Uint8Array => Uint8Array.of(seq & 0xff, (seq >> 8) & 0xff, 1, 2);

/** Pops `n` frames, describing each as its sequence number or its concealment kind. */
function drain(jb: JitterBuffer, n: number): (number | string)[] {
  const out: (number | string)[] = [];
  for (let i = 0; i < n; i++) {
    const f = jb.pop();
    out.push(f.kind === 'frame' ? f.sequenceNumber : f.kind);
  }
  return out;
}

describe('JitterBuffer', () => {
  it('compares sequence numbers across the 16-bit wrap', () => {
    expect(seqDiff(2, 65534)).toBe(4);
    expect(seqDiff(65534, 2)).toBe(-4);
    expect(seqDiff(10, 10)).toBe(0);
  });

  it('holds `depth` packets before playing, then plays in order; payloads are copied', () => {
    const jb = new JitterBuffer({ depth: 3 });
    const p = payload(100);
    jb.push(100, 0, p);
    p.fill(0); // the caller's buffer may be reused at once
    expect(drain(jb, 1)).toEqual(['idle']);
    jb.push(101, 160, payload(101));
    jb.push(102, 320, payload(102));
    const first = jb.pop();
    expect(first.kind).toBe('frame');
    expect(Array.from(first.payload)).toEqual([100, 0, 1, 2]);
    expect(drain(jb, 2)).toEqual([101, 102]);
  });

  it('reorders packets, across the wrap', () => {
    const jb = new JitterBuffer({ depth: 2 });
    for (const s of [65534, 0, 65535, 2, 1, 3]) jb.push(s, 0, payload(s));
    expect(drain(jb, 6)).toEqual([65534, 65535, 0, 1, 2, 3]);
    expect(jb.stats()).toMatchObject({ played: 6, late: 0, concealed: 0 });
  });

  it('starts from an earlier packet that arrives during prefill', () => {
    const jb = new JitterBuffer({ depth: 3 });
    for (const s of [11, 10, 12]) jb.push(s, 0, payload(s));
    expect(drain(jb, 3)).toEqual([10, 11, 12]);
  });

  it('drops and counts duplicates and late packets', () => {
    const jb = new JitterBuffer({ depth: 2 });
    expect(jb.push(1, 0, payload(1))).toBe(true);
    expect(jb.push(1, 0, payload(1))).toBe(false);
    jb.push(2, 0, payload(2));
    expect(drain(jb, 2)).toEqual([1, 2]);
    expect(jb.push(1, 0, payload(1))).toBe(false);
    expect(jb.stats()).toMatchObject({ duplicate: 1, late: 1 });
  });

  it('conceals a gap: repeat once, then silence; the late packet is then dropped', () => {
    const jb = new JitterBuffer({ depth: 1 });
    for (const s of [1, 2, 5, 6]) jb.push(s, 0, payload(s));
    expect(drain(jb, 6)).toEqual([1, 2, 'repeat', 'silence', 5, 6]);
    expect(jb.push(3, 0, payload(3))).toBe(false);
    expect(jb.stats()).toMatchObject({ concealed: 2, late: 1 });
  });

  it('goes idle when the sender pauses, and resumes where it stopped', () => {
    const jb = new JitterBuffer({ depth: 1, maxConcealFrames: 3 });
    jb.push(1, 0, payload(1));
    expect(drain(jb, 6)).toEqual([1, 'repeat', 'silence', 'silence', 'idle', 'idle']);
    jb.push(2, 0, payload(2)); // the stream continues its sequence after the pause
    expect(drain(jb, 2)).toEqual([2, 'repeat']);
    expect(jb.stats().late).toBe(0);
  });

  it('follows a sequence jump once a second packet confirms it', () => {
    const jb = new JitterBuffer({ depth: 1 });
    jb.push(1, 0, payload(1));
    expect(drain(jb, 1)).toEqual([1]);
    expect(jb.push(30000, 0, payload(30000))).toBe(false);
    expect(jb.push(30001, 0, payload(30001))).toBe(true);
    jb.push(30002, 0, payload(30002));
    expect(drain(jb, 2)).toEqual([30001, 30002]);
    expect(jb.stats().resyncs).toBe(1);
  });

  it('keeps memory bounded: a power-of-two ring, oversize payloads refused', () => {
    const jb = new JitterBuffer({ depth: 3, capacity: 10, maxPayloadBytes: 8 });
    expect(jb.capacity).toBe(16);
    expect(jb.push(1, 0, new Uint8Array(9))).toBe(false);
    for (let s = 0; s < 1000; s++) jb.push(s, 0, payload(s));
    expect(jb.stats().buffered).toBeLessThanOrEqual(16);
    expect(jb.stats().oversize).toBe(1);
  });

  it('plays an empty (DTMF) packet as a frame, not as a loss', () => {
    const jb = new JitterBuffer({ depth: 1 });
    jb.push(1, 0, payload(1));
    jb.push(2, 0, new Uint8Array(0));
    jb.push(3, 0, payload(3));
    expect(drain(jb, 3)).toEqual([1, 2, 3]);
    expect(jb.stats().concealed).toBe(0);
  });
});
