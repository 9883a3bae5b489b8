/**
 * Outbound calls to a real SIP peer (sipp on 127.0.0.1): answered with echoed audio, and the
 * callee hanging up. Skipped with a message when sipp is missing (see support/peers.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { xcorr } from '../../src/media/index.js';
import { sipResources } from '../../src/sip/index.js';
import { expectNothingOpen, joinFrames, loopbackTrunk, startAgent, sweep } from '../support/calls.js';
import { peerAvailable, startSipp, type Sipp } from '../support/peers.js';

const hasSipp = peerAvailable('sipp');
let sipp: Sipp | undefined;
afterEach(async () => { await sipp?.stop(); sipp = undefined; });

describe.skipIf(!hasSipp)('calls against sipp: answered', () => {
  it('answers, echoes our audio back (xcorr ≥ 0.9) and ends with our BYE, leaving nothing open', async () => {
    sipp = await startSipp('uas-answer.xml', { rtpEcho: true });
    const agent = await startAgent();
    try {
      const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), number: '13800138000', callerId: '01088886666' });
      const progress: number[] = [];
      call.onProgress((p) => progress.push(p.status));
      const answer = await call.answered;
      expect(answer.answered).toBe(true);
      expect(progress).toContain(180);
      const heard: Int16Array[] = [];
      call.rtp.onAudio((chunk) => heard.push(chunk.samples.slice()));
      const tone = sweep(1, 300, 2500);
      expect(await call.rtp.play(tone)).toBe('finished');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const end = await call.hangup();
      expect(end).toMatchObject({ reason: 'local-hangup', outcome: 'ANSWERED', sipStatus: 200, by: 'local', bye: 'answered' });
      expect(end.setupMs).toBeGreaterThanOrEqual(0);
      const { peak } = xcorr(tone, joinFrames(heard), { maxLagSamples: 8000 });
      expect(peak).toBeGreaterThanOrEqual(0.9);
      expect(await sipp.exited).toBe(0);
      expect(agent.activeCalls).toBe(0);
      expect(sipResources()).toMatchObject({ calls: 0, dialogs: 0 });
    } finally {
      await agent.close();
    }
    expectNothingOpen();
  });

  it('ends with remote-hangup when the callee sends BYE, keeping its Q.850 cause', async () => {
    sipp = await startSipp('uas-hangup.xml', { rtpEcho: true });
    const agent = await startAgent();
    try {
      const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), number: '13800138000', callerId: '01088886666' });
      expect((await call.answered).answered).toBe(true);
      const end = await call.ended;
      expect(end).toMatchObject({ reason: 'remote-hangup', outcome: 'ANSWERED', by: 'remote', cause: 16 });
      expect(end.talkMs).toBeGreaterThan(1000);
      expect(await sipp.exited).toBe(0);
    } finally {
      await agent.close();
    }
    expectNothingOpen();
  });
});
