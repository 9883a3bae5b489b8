/**
 * Two RtpSessions (and raw UDP sockets playing misbehaving peers) on 127.0.0.1 in one process:
 * audio and DTMF both ways, recordings, refusals, latching, inactivity, and no leaks.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  ManualClock, Pacer, PortAllocator, RtpSession, decodeStereoWav, encodeG711Array, openResources, serializeRtp, sharedPacer, xcorr,
} from '../../src/media/index.js';
import type { G711Law, ReceivedDtmf } from '../../src/media/index.js';

const dir = mkdtempSync(join(tmpdir(), 'waihu-rtp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ports = new PortAllocator({ min: 47000, max: 47998 });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const udpHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;

afterEach(() => {
  expect(openResources()).toEqual({ sockets: 0, timers: 0, ports: 0, files: 0, sessions: 0 });
});

/** A frequency sweep: not periodic, so cross-correlation has one clear peak. */
function sweep(seconds: number, fromHz: number, toHz: number): Int16Array {
  const n = seconds * 8000;
  let phase = 0;
  return Int16Array.from({ length: n }, (_, i) => {
    phase += (2 * Math.PI * (fromHz + ((toHz - fromHz) * i) / n)) / 8000;
    return Math.round(9000 * Math.sin(phase));
  });
}

function collect(session: RtpSession): { audio: () => Int16Array; dtmf: ReceivedDtmf[] } {
  const chunks: Int16Array[] = [];
  const dtmf: ReceivedDtmf[] = [];
  session.onAudio((chunk) => chunks.push(chunk.samples.slice()));
  session.onDtmf((event) => dtmf.push(event));
  return {
    dtmf,
    audio: () => {
      const out = new Int16Array(chunks.length * 160);
      chunks.forEach((c, i) => out.set(c, i * 160));
      return out;
    },
  };
}

async function rawSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

function rtp(payloadType: number, seq: number, ssrc: number, payload: Uint8Array = new Uint8Array(160).fill(0xff)): Uint8Array {
  const out = new Uint8Array(12 + payload.length);
  serializeRtp({ payloadType, sequenceNumber: seq, timestamp: seq * 160, ssrc, payload }, out);
  return out;
}

describe.each<G711Law>(['mulaw', 'alaw'])('RtpSession loopback (%s)', (codec) => {
  it('carries audio and DTMF both ways, records both calls in stereo, and leaks nothing', async () => {
    const udpBefore = udpHandles();
    const a = await RtpSession.open({ ports, codec, recordPath: join(dir, `a-${codec}.wav`) });
    const b = await RtpSession.open({ ports, codec, recordPath: join(dir, `b-${codec}.wav`) });
    expect(a.localPort % 2).toBe(0);
    a.setRemote({ address: '127.0.0.1', port: b.localPort });
    b.setRemote({ address: '127.0.0.1', port: a.localPort });
    const heardByA = collect(a);
    const heardByB = collect(b);
    const fromA = sweep(1, 300, 2500);
    const fromB = sweep(1, 2800, 400);

    const [playedA, playedB] = await Promise.all([a.play(fromA), b.play(fromB)]);
    expect([playedA, playedB]).toEqual(['finished', 'finished']);
    expect(await Promise.all([a.sendDtmf('12*'), b.sendDtmf('#9D', 80)])).toEqual(['sent', 'sent']);
    await sleep(150); // the jitter buffer's delay, plus margin

    expect(xcorr(fromA, heardByB.audio()).peak).toBeGreaterThanOrEqual(0.9);
    expect(xcorr(fromB, heardByA.audio()).peak).toBeGreaterThanOrEqual(0.9);
    expect(heardByB.dtmf.map((d) => d.digit)).toEqual(['1', '2', '*']);
    expect(heardByA.dtmf.map((d) => d.digit)).toEqual(['#', '9', 'D']);
    expect(heardByB.dtmf[0]!.durationMs).toBe(100);
    expect(heardByA.dtmf[0]!.durationMs).toBe(80);

    const [sa, sb] = await Promise.all([a.close(), b.close()]);
    expect(sa.stats.received.cumulativeLost).toBe(0);
    expect(sa.stats.received.droppedUnexpectedSource).toBe(0);
    expect(sb.stats.sent.dtmfPackets).toBe(3 * 6); // 80 ms: three updates and three ends per digit
    expect(sa.recording?.error).toBeNull();

    // Each side's recording: what it heard on the left, what it sent on the right, aligned.
    const recA = decodeStereoWav(readFileSync(join(dir, `a-${codec}.wav`)));
    const recB = decodeStereoWav(readFileSync(join(dir, `b-${codec}.wav`)));
    expect(xcorr(fromA, recA.right).peak).toBeGreaterThanOrEqual(0.95);
    expect(xcorr(fromB, recA.left).peak).toBeGreaterThanOrEqual(0.9);
    expect(xcorr(fromA, recB.left).peak).toBeGreaterThanOrEqual(0.9);
    expect(xcorr(fromB, recB.right).peak).toBeGreaterThanOrEqual(0.95);
    expect(xcorr(fromA, recB.right, { maxLagSamples: 800 }).peak).toBeLessThan(0.3);

    expect(sharedPacer().running).toBe(false);
    expect(udpHandles()).toBe(udpBefore);
  });
});

describe('RtpSession refusals', () => {
  it('drops and counts packets from other addresses, unnegotiated payload types and junk; follows SSRC changes', async () => {
    const peer = await rawSocket();
    const stranger = await rawSocket();
    const a = await RtpSession.open({ ports });
    a.setRemote({ address: '127.0.0.1', port: peer.address().port });
    const heard = collect(a);
    const to = (s: Socket, bytes: Uint8Array): void => s.send(bytes, a.localPort, '127.0.0.1');
    for (let i = 0; i < 5; i++) to(stranger, rtp(0, i, 99));
    for (let i = 0; i < 3; i++) to(peer, rtp(96, i, 1)); // not negotiated
    to(peer, Uint8Array.of(1, 2, 3)); // not RTP
    for (let i = 0; i < 5; i++) to(peer, rtp(0, 100 + i, 1));
    await sleep(60);
    for (let i = 0; i < 5; i++) to(peer, rtp(0, 7000 + i, 2)); // the peer restarts its stream
    await sleep(200);
    const { stats } = await a.close();
    expect(stats.received).toMatchObject({ droppedUnexpectedSource: 5, unexpectedPayloadType: 3, malformed: 1, ssrcChanges: 1, ssrc: 2, received: 5, receivedTotal: 10 });
    expect(heard.audio().length).toBeGreaterThan(0);
    peer.close();
    stranger.close();
  });

  it('latches to the first source when told to (symmetric RTP behind NAT)', async () => {
    const natted = await rawSocket();
    const got: number[] = [];
    natted.on('message', (m) => got.push(m[1]! & 0x7f));
    const a = await RtpSession.open({ ports, latch: true });
    a.setRemote({ address: '127.0.0.1', port: 9 }); // the private address from the SDP
    natted.send(rtp(0, 1, 5), a.localPort, '127.0.0.1');
    await sleep(120);
    expect(a.remoteAddress).toEqual({ address: '127.0.0.1', port: natted.address().port });
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((pt) => pt === 0)).toBe(true);
    await a.close();
    natted.close();
  });

  it('reports a peer that sends nothing, once, in simulated time; closing leaves no timer', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ clock });
    const a = await RtpSession.open({ ports, pacer, inactivityMs: 1000 });
    let inactive = 0;
    a.onInactive(() => { inactive += 1; });
    a.setRemote({ address: '127.0.0.1', port: 9 });
    clock.advance(900);
    expect(inactive).toBe(0);
    clock.advance(3000);
    expect(inactive).toBe(1);
    const pending = a.play(new Int16Array(8000));
    await a.close();
    await expect(pending).resolves.toBe('closed');
    await expect(a.sendDtmf('1')).resolves.toBe('cancelled');
    expect(clock.pendingTimers()).toBe(0);
    expect(pacer.running).toBe(false);
  });

  it('skips a port another process holds, and refuses with a retryable code when none is left', async () => {
    const small = new PortAllocator({ min: 48100, max: 48102 });
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(48100, '127.0.0.1', resolve));
    const a = await RtpSession.open({ ports: small });
    expect(a.localPort).toBe(48102);
    await expect(RtpSession.open({ ports: small })).rejects.toMatchObject({ code: 'SOCKET_BIND_FAILED', retryable: true });
    await a.close();
    squatter.close();
  });

  it('keeps one call alive when a listener throws', async () => {
    const peer = await rawSocket();
    const a = await RtpSession.open({ ports });
    a.setRemote({ address: '127.0.0.1', port: peer.address().port });
    a.onAudio(() => { throw new Error('listener bug'); });
    for (let i = 0; i < 5; i++) peer.send(rtp(0, i, 1, encodeG711Array('mulaw', new Int16Array(160))), a.localPort, '127.0.0.1');
    await sleep(150);
    const { stats } = await a.close();
    expect(stats.listenerErrors).toBeGreaterThan(0);
    expect(stats.sent.packets).toBeGreaterThan(3);
    peer.close();
  });

  it('tells onClose listeners once when it closes (and late subscribers at once), so a bridge stops without waiting for a frame', async () => {
    const a = await RtpSession.open({ ports });
    const order: string[] = [];
    a.onClose(() => order.push('first'));
    const off = a.onClose(() => order.push('unsubscribed'));
    off();
    a.onClose(() => { throw new Error('listener bug'); });
    a.onClose(() => order.push('second'));
    const closing = a.close();
    expect(order).toEqual(['first', 'second']); // synchronously, before the socket has closed
    void a.close();
    a.onClose(() => order.push('late'));
    const cancelled = a.onClose(() => order.push('late-cancelled'));
    cancelled();
    const { stats } = await closing;
    expect(order).toEqual(['first', 'second', 'late']);
    expect(stats.listenerErrors).toBe(0); // the summary is taken before close listeners run
  });
});
