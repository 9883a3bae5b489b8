/**
 * Calls that do not become conversations, against sipp: busy, ring timeout → CANCEL → 487,
 * early media then 404, digest (right and wrong password), lost INVITEs (timer A), a trunk
 * that never answers (timer B). Each ends once with a named reason and 呼叫结果, and leaks nothing.
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

describe.skipIf(!hasSipp)('calls against sipp: not answered', () => {
  it('busy: 486 with Q.850 17 → BUSY, by remote', async () => {
    sipp = await startSipp('uas-busy.xml');
    agent = await startAgent();
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), ...lead });
    const answer = await call.answered;
    expect(answer.answered).toBe(false);
    const end = await call.ended;
    expect(end).toMatchObject({ reason: 'rejected', outcome: 'BUSY', sipStatus: 486, cause: 17, by: 'remote', retryable: true });
    expect(await sipp.exited).toBe(0);
  });

  it('ring timeout: CANCEL, 487 → NO_ANSWER', async () => {
    sipp = await startSipp('uas-ring-cancel.xml');
    agent = await startAgent();
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), ...lead, ringTimeoutMs: 600 });
    const end = await call.ended;
    expect(end).toMatchObject({ reason: 'ring-timeout', outcome: 'NO_ANSWER', sipStatus: 487, by: 'local' });
    expect(await sipp.exited).toBe(0);
  });

  it('cancel() while ringing → CANCELED', async () => {
    sipp = await startSipp('uas-ring-cancel.xml');
    agent = await startAgent();
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), ...lead });
    await new Promise<void>((resolve) => call.onProgress(() => resolve()));
    const end = await call.cancel();
    expect(end).toMatchObject({ reason: 'cancelled', outcome: 'CANCELED', sipStatus: 487 });
    expect(await sipp.exited).toBe(0);
  });

  it('183 with early media then 404: INVALID_NUMBER, the early audio reached the hook', async () => {
    sipp = await startSipp('uas-early-404.xml');
    agent = await startAgent();
    let frames = 0; // frames from real packets (not concealment)
    let loud = 0;
    const call = await agent.placeCall({
      trunk: loopbackTrunk(sipp.port), ...lead,
      onEarlyMedia: (chunk) => { if (chunk.concealed) return; frames += 1; if (chunk.samples.some((s) => Math.abs(s) > 500)) loud += 1; },
    });
    const progress: { status: number; earlyMedia: boolean }[] = [];
    call.onProgress((p) => progress.push({ status: p.status, earlyMedia: p.earlyMedia }));
    const end = await call.ended;
    expect(progress).toEqual([{ status: 183, earlyMedia: true }]);
    expect(end).toMatchObject({ reason: 'rejected', outcome: 'INVALID_NUMBER', sipStatus: 404, cause: 1, earlyMedia: true });
    expect(frames).toBeGreaterThan(25);
    expect(loud).toBeGreaterThan(0); // the recording is mostly quiet; some frames must carry it
    expect(await sipp.exited).toBe(0);
  });

  it('digest: 401, answered once with the account, then 200', async () => {
    sipp = await startSipp('uas-digest.xml', { rtpEcho: true, extra: ['-key', 'authuser', 'robot', '-key', 'authpass', 's3cret'] });
    agent = await startAgent();
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port, { username: 'robot', password: 's3cret' }), ...lead });
    expect((await call.answered).answered).toBe(true);
    expect(await call.hangup()).toMatchObject({ reason: 'local-hangup', outcome: 'ANSWERED' });
    expect(await sipp.exited).toBe(0);
  });

  it('digest with a wrong password: one retry, 403 → NETWORK_ERROR', async () => {
    sipp = await startSipp('uas-digest.xml', { extra: ['-key', 'authuser', 'robot', '-key', 'authpass', 's3cret'] });
    agent = await startAgent();
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port, { username: 'robot', password: 'wrong' }), ...lead });
    expect(await call.ended).toMatchObject({ reason: 'rejected', outcome: 'NETWORK_ERROR', sipStatus: 403 });
    expect(await sipp.exited).toBe(0);
  });

  it('lost INVITEs: timer A retransmits until the peer answers', async () => {
    sipp = await startSipp('uas-lose-first.xml', { rtpEcho: true });
    agent = await startAgent({ timers: { t1Ms: 200 } });
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), ...lead });
    const answer = await call.answered;
    expect(answer.answered).toBe(true);
    if (answer.answered) expect(answer.setupMs).toBeGreaterThan(1100);
    expect(await call.hangup()).toMatchObject({ outcome: 'ANSWERED' });
    expect(await sipp.exited).toBe(0);
  });

  it('a trunk that never answers: timer B → no-response, NETWORK_ERROR', async () => {
    sipp = await startSipp('uas-silent.xml');
    agent = await startAgent({ timers: { t1Ms: 40 } });
    const call = await agent.placeCall({ trunk: loopbackTrunk(sipp.port), ...lead });
    const end = await call.ended;
    expect(end).toMatchObject({ reason: 'no-response', outcome: 'NETWORK_ERROR', sipStatus: null, retryable: true });
  });
});
