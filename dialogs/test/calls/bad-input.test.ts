/**
 * What the agent answers to a peer that misbehaves (raw UDP on 127.0.0.1): malformed requests
 * get 400 with the parser's reason, unknown methods 501, known-but-unsupported ones 405 with
 * Allow, requests for no dialog 481, OPTIONS 200, INVITEs nobody takes 480; garbage and broken
 * responses are dropped and counted. And a callee that vanishes mid-call.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { SipAgent } from '../../src/calls/index.js';
import { parseSipMessage, type SipResponse } from '../../src/sip/index.js';
import { expectNothingOpen, loopbackTrunk, startAgent } from '../support/calls.js';
import { peerAvailable, startSipp, type Sipp } from '../support/peers.js';

let agent: SipAgent | undefined;
let socket: Socket | undefined;
let sipp: Sipp | undefined;
afterEach(async () => {
  socket?.close();
  await agent?.close();
  await sipp?.stop();
  agent = undefined;
  socket = undefined;
  sipp = undefined;
  expectNothingOpen();
});

async function client(): Promise<{ send: (text: string) => Promise<SipResponse | null> }> {
  const s = createSocket('udp4');
  socket = s;
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const port = agent!.ua.port();
  return {
    send: (text) => new Promise((resolve) => {
      const timer = setTimeout(() => { s.removeAllListeners('message'); resolve(null); }, 300);
      s.on('message', (data: Buffer) => {
        const parsed = parseSipMessage(data);
        if (!parsed.ok || parsed.message.kind !== 'response' || parsed.message.status === 100) return;
        clearTimeout(timer);
        s.removeAllListeners('message');
        resolve(parsed.message);
      });
      s.send(text.replace(/\n/g, '\r\n'), port, '127.0.0.1');
    }),
  };
}

function req(method: string, extra = '', toTag = '', branch = `z9hG4bK${Math.random().toString(16).slice(2)}`): string {
  return `${method} sip:robot@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:9;branch=${branch};rport
Max-Forwards: 70
From: <sip:peer@127.0.0.1>;tag=p1
To: <sip:robot@127.0.0.1>${toTag}
Call-ID: bad-input-1
CSeq: 7 ${method}
${extra}Content-Length: 0

`;
}

describe('bad input at the agent', () => {
  it('answers each case with the right status and counts what it drops', async () => {
    agent = await startAgent();
    const c = await client();
    const badHeader = (await c.send(req('OPTIONS').replace('Max-Forwards: 70', 'Max-Forwards: lots')))!;
    expect(badHeader.status).toBe(400);
    expect(badHeader.reason).toBe('Bad Max-Forwards Header');
    // rport: the answer came back to our real port, not the Via's port 9.
    expect(badHeader.headers.get('Via')).toMatch(/rport=\d+/);
    // Without a Call-ID nobody could match a 400: dropped and counted.
    expect(await c.send(req('OPTIONS').replace('Call-ID: bad-input-1\n', ''))).toBeNull();
    expect((await c.send(req('FOO')))?.status).toBe(501);
    const subscribe = (await c.send(req('SUBSCRIBE')))!;
    expect(subscribe.status).toBe(405);
    expect(subscribe.headers.get('Allow')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS, INFO');
    expect((await c.send(req('BYE', '', ';tag=gone')))?.status).toBe(481);
    expect((await c.send(req('INFO', '', ';tag=gone')))?.status).toBe(481);
    expect((await c.send(req('OPTIONS')))?.status).toBe(200);
    expect((await c.send(req('OPTIONS').replace('sip:robot@127.0.0.1', 'tel:+8613800138000')))?.status).toBe(416);
    expect(await c.send('garbage\n\n')).toBeNull();
    expect(await c.send('SIP/2.0 200 OK\nVia: nonsense\n\n')).toBeNull();
    expect(agent.ua.transports.stats).toMatchObject({ malformedAnswered: 1, malformedDropped: 3 });
    expect(agent.ua.stats).toMatchObject({ notImplemented: 1, notAllowed: 1, noDialog: 2 });
    // Last: a 480 to an INVITE is retransmitted (timer G) until ACKed.
    expect((await c.send(req('INVITE')))?.status).toBe(480);
  });

  it('a retransmitted request is absorbed: answered again, handled once', async () => {
    agent = await startAgent();
    const c = await client();
    const text = req('SUBSCRIBE', '', '', 'z9hG4bKsame');
    expect((await c.send(text))?.status).toBe(405);
    expect((await c.send(text))?.status).toBe(405);
    expect(agent.ua.stats.notAllowed).toBe(1);
  });
});

describe.skipIf(!peerAvailable('sipp'))('a callee that vanishes', () => {
  it('ends on RTP timeout with a failed BYE, and leaks nothing', async () => {
    sipp = await startSipp('uas-answer.xml', { rtpEcho: true });
    agent = await startAgent({ mediaTimeoutMs: 400, timers: { t1Ms: 30 } });
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), number: '13800138000', callerId: '01088886666' });
    expect((await call.answered).answered).toBe(true);
    await sipp.stop();
    const end = await call.ended;
    expect(end).toMatchObject({ reason: 'media-timeout', outcome: 'ANSWERED', by: 'local', bye: 'failed' });
    expect(end.detail).toMatch(/BYE failed/);
  });
});
