import { describe, expect, it } from 'vitest';
import { ReceiverStats } from './rtp-stats.js';

function feed(stats: ReceiverStats, seqs: number[], delayMs: (i: number) => number = () => 0): void {
  seqs.forEach((seq, i) => stats.update(seq & 0xffff, (seq * 160) >>> 0, i * 20 + delayMs(i)));
}

describe('ReceiverStats (RFC 3550 A.1, A.3, A.8)', () => {
  it('counts expected and lost packets from the extended highest sequence number', () => {
    const stats = new ReceiverStats();
    stats.restart(1);
    feed(stats, [10, 11, 13, 14, 17]);
    expect(stats.snapshot()).toMatchObject({ received: 5, extendedHighestSeq: 17, expected: 8, cumulativeLost: 3 });
  });

  it('extends the sequence number across wraps', () => {
    const stats = new ReceiverStats();
    stats.restart(1);
    const seqs = Array.from({ length: 140000 }, (_, i) => 65000 + i);
    feed(stats, seqs);
    const s = stats.snapshot();
    expect(s.extendedHighestSeq).toBe(65000 + 139999);
    expect(s.expected).toBe(140000);
    expect(s.cumulativeLost).toBe(0);
  });

  it('does not count a reordered packet as a new highest', () => {
    const stats = new ReceiverStats();
    stats.restart(1);
    feed(stats, [65534, 0, 65535, 1]);
    expect(stats.snapshot()).toMatchObject({ extendedHighestSeq: 65536 + 1, expected: 4, cumulativeLost: 0 });
  });

  it('reports the fraction lost per interval', () => {
    const stats = new ReceiverStats();
    stats.restart(1);
    feed(stats, [0, 1, 2, 3]);
    expect(stats.takeFractionLost()).toBe(0);
    feed(stats, [4, 6, 8, 10]); // 7 expected since, 4 received
    expect(stats.takeFractionLost()).toBeCloseTo(Math.floor((3 * 256) / 7) / 256, 6);
    expect(stats.snapshot().fractionLost).toBeCloseTo(0.426, 2);
  });

  it('measures no jitter for a constant delay and the RFC estimate for alternating delay', () => {
    const steady = new ReceiverStats();
    steady.restart(1);
    feed(steady, Array.from({ length: 100 }, (_, i) => i), () => 35);
    expect(steady.snapshot().jitterMs).toBeCloseTo(0, 9);

    const bumpy = new ReceiverStats();
    bumpy.restart(1);
    feed(bumpy, Array.from({ length: 2000 }, (_, i) => i), (i) => (i % 2 === 0 ? 0 : 4));
    // Every transit difference is 4 ms = 32 units; J converges to it.
    const s = bumpy.snapshot();
    expect(s.jitterTimestampUnits).toBeCloseTo(32, 3);
    expect(s.jitterMs).toBeCloseTo(4, 3);
  });

  it('ignores the 32-bit timestamp wrap in the jitter', () => {
    const stats = new ReceiverStats();
    stats.restart(1);
    for (let i = 0; i < 50; i++) stats.update(i, (0xffffff00 + i * 160) >>> 0, i * 20);
    expect(stats.snapshot().jitterMs).toBeCloseTo(0, 9);
  });

  it('restarts after a confirmed sequence jump, not after one stray packet', () => {
    const stats = new ReceiverStats();
    stats.restart(1);
    feed(stats, [1, 2, 3]);
    expect(stats.update(40000, 0, 100)).toBe(false);
    expect(stats.update(4, 0, 120)).toBe(true);
    expect(stats.snapshot().expected).toBe(4);
    expect(stats.update(50000, 0, 140)).toBe(false);
    expect(stats.update(50001, 0, 160)).toBe(true);
    expect(stats.snapshot()).toMatchObject({ received: 1, expected: 1, extendedHighestSeq: 50001 });
  });

  it('counts SSRC changes and keeps the refusal counters across them', () => {
    const stats = new ReceiverStats();
    stats.restart(1);
    feed(stats, [1, 2]);
    stats.droppedUnexpectedSource += 2;
    stats.restart(2);
    feed(stats, [900]);
    expect(stats.snapshot()).toMatchObject({ ssrc: 2, ssrcChanges: 1, received: 1, expected: 1, droppedUnexpectedSource: 2, receivedTotal: 3 });
  });
});
