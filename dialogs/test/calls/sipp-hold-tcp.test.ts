/**
 * Mid-call features against sipp: hold and unhold by re-INVITE (sendonly / sendrecv, each 2xx
 * ACKed), DTMF out as RFC 4733, and a whole call over TCP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SipAgent } from '../../src/calls/index.js';
import { expectNothingOpen, loopbackTrunk, startAgent } from '../support/calls.js';
import { peerAvailable, startSipp, type Sipp } from '../support/peers.js';

const hasSipp = peerAvailable('sipp');
let sipp: Sipp | undefined;
let agent: SipAgent | undefined;
afterEach(async () => {
  await agent?.close();
  await sipp?.stop();
  agent = undefined;
  sipp = undefined;
  expectNothingOpen();
});
const lead = { number: '13800138000', callerId: '01088886666' };

describe.skipIf(!hasSipp)('mid-call features against sipp', () => {
  it('holds and unholds with re-INVITEs, sends DTMF, and hangs up', async () => {
    sipp = await startSipp('uas-hold.xml', { rtpEcho: true });
    agent = await startAgent();
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), ...lead });
    expect((await call.answered).answered).toBe(true);
    expect(await call.hold()).toEqual({ ok: true, status: 200 });
    expect(await call.unhold()).toEqual({ ok: true, status: 200 });
    expect(await call.sendDtmf('12#')).toBe('sent');
    expect(await call.hangup()).toMatchObject({ reason: 'local-hangup', bye: 'answered' });
    expect(await sipp.exited).toBe(0);
  });

  it('places a whole call over TCP', async () => {
    sipp = await startSipp('uas-answer.xml', { rtpEcho: true, extra: ['-t', 't1'] });
    agent = await startAgent({ transport: { address: '127.0.0.1', port: 0, tcp: true } });
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port, { transport: 'tcp' }), ...lead });
    expect((await call.answered).answered).toBe(true);
    const heard: number[] = [];
    call.rtp.onAudio((chunk) => { if (!chunk.concealed) heard.push(1); });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await call.hangup()).toMatchObject({ reason: 'local-hangup', outcome: 'ANSWERED', bye: 'answered' });
    expect(heard.length).toBeGreaterThan(5);
    expect(await sipp.exited).toBe(0);
  });
});
