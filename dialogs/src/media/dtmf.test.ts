import { describe, expect, it } from 'vitest';
import { DtmfReceiver, DtmfSender, dtmfEventCode } from './dtmf.js';
import type { DtmfEvent, DtmfPacketOut } from './dtmf.js';

interface Sent { marker: boolean; timestamp: number; event: number; end: boolean; duration: number }

function run(sender: DtmfSender, ticks: number, startTs = 1000): (Sent | null)[] {
  const out: DtmfPacketOut = { marker: false, timestamp: 0, payload: new Uint8Array(4) };
  const sent: (Sent | null)[] = [];
  for (let i = 0; i < ticks; i++) {
    if (!sender.next(startTs + i * 160, out)) { sent.push(null); continue; }
    const p = out.payload;
    sent.push({ marker: out.marker, timestamp: out.timestamp, event: p[0]!, end: (p[1]! & 0x80) !== 0, duration: (p[2]! << 8) | p[3]! });
  }
  return sent;
}

describe('DTMF events', () => {
  it('numbers 0-9 * # A-D as RFC 4733 events and refuses anything else', () => {
    expect('0123456789*#ABCD'.split('').map(dtmfEventCode)).toEqual([...Array(16).keys()]);
    expect(dtmfEventCode('a')).toBe(12);
    expect(() => dtmfEventCode('E')).toThrowError(expect.objectContaining({ code: 'DTMF_BAD_DIGIT' }));
  });
});

describe('DtmfSender', () => {
  it('sends start packets with growing duration, then three end packets, all on one timestamp', async () => {
    const sender = new DtmfSender();
    const done = sender.enqueue('5', 100, 40);
    const sent = run(sender, 10);
    expect(sent.slice(0, 7)).toEqual([
      { marker: true, timestamp: 1000, event: 5, end: false, duration: 160 },
      { marker: false, timestamp: 1000, event: 5, end: false, duration: 320 },
      { marker: false, timestamp: 1000, event: 5, end: false, duration: 480 },
      { marker: false, timestamp: 1000, event: 5, end: false, duration: 640 },
      { marker: false, timestamp: 1000, event: 5, end: true, duration: 800 },
      { marker: false, timestamp: 1000, event: 5, end: true, duration: 800 },
      { marker: false, timestamp: 1000, event: 5, end: true, duration: 800 },
    ]);
    expect(sent.slice(7)).toEqual([null, null, null]);
    await expect(done).resolves.toBe('sent');
    expect(sender.busy).toBe(false);
  });

  it('leaves a gap of audio between digits and gives each its own timestamp', () => {
    const sender = new DtmfSender();
    void sender.enqueue('1#', 40, 60);
    const sent = run(sender, 12);
    const starts = sent.filter((p) => p?.marker).map((p) => [p!.event, p!.timestamp]);
    expect(starts).toEqual([[1, 1000], [11, 1000 + 7 * 160]]);
    expect(sent.slice(4, 7)).toEqual([null, null, null]);
  });

  it('validates every digit before queueing any, and cancels', async () => {
    const sender = new DtmfSender();
    expect(() => sender.enqueue('12x')).toThrow();
    expect(sender.busy).toBe(false);
    const pending = sender.enqueue('99');
    sender.cancel();
    await expect(pending).resolves.toBe('cancelled');
  });
});

describe('DtmfReceiver', () => {
  const packet = (event: number, end: boolean, duration: number): Uint8Array => Uint8Array.of(event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff);

  it('reports one digit per event at its first end packet, with its duration', () => {
    const events: DtmfEvent[] = [];
    const rx = new DtmfReceiver((e) => events.push(e));
    const sender = new DtmfSender();
    void sender.enqueue('7*', 100, 60);
    const out: DtmfPacketOut = { marker: false, timestamp: 0, payload: new Uint8Array(4) };
    for (let i = 0; i < 30; i++) if (sender.next(i * 160, out)) rx.onPacket(out.timestamp, out.payload, i * 20);
    expect(events).toEqual([
      { digit: '7', durationMs: 100, rtpTimestamp: 0, endMissing: false },
      { digit: '*', durationMs: 100, rtpTimestamp: 10 * 160, endMissing: false },
    ]);
  });

  it('ignores retransmitted end packets and stragglers of a reported event', () => {
    const events: DtmfEvent[] = [];
    const rx = new DtmfReceiver((e) => events.push(e));
    rx.onPacket(500, packet(3, false, 160), 0);
    rx.onPacket(500, packet(3, true, 800), 80);
    rx.onPacket(500, packet(3, true, 800), 100);
    rx.onPacket(500, packet(3, false, 320), 120); // reordered start packet
    expect(events.map((e) => e.digit)).toEqual(['3']);
  });

  it('reports an event whose end packets were all lost: on the next event or on timeout', () => {
    const events: DtmfEvent[] = [];
    const rx = new DtmfReceiver((e) => events.push(e), 500);
    rx.onPacket(100, packet(1, false, 480), 0);
    rx.onPacket(900, packet(2, false, 160), 100);
    expect(events).toEqual([{ digit: '1', durationMs: 60, rtpTimestamp: 100, endMissing: true }]);
    rx.expire(400);
    expect(events).toHaveLength(1);
    rx.expire(600);
    expect(events[1]).toMatchObject({ digit: '2', endMissing: true });
  });

  it('counts packets that carry no digit', () => {
    const rx = new DtmfReceiver(() => { throw new Error('no digit expected'); });
    rx.onPacket(1, Uint8Array.of(1, 2), 0);
    rx.onPacket(2, packet(16, true, 100), 0); // hook flash
    expect(rx.ignored).toBe(2);
  });
});
