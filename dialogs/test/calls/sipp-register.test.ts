/**
 * Trunk registration against a sipp registrar (401 challenge, digest, 200 granting 60 s, then
 * the un-REGISTER on stop), and OPTIONS keep-alive marking a peer trunk up and then down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegistrationEvent, SipAgent, TrunkHealth } from '../../src/calls/index.js';
import { expectNothingOpen, loopbackTrunk, startAgent } from '../support/calls.js';
import { peerAvailable, startSipp, type Sipp } from '../support/peers.js';

const hasSipp = peerAvailable('sipp');
let sipp: Sipp | undefined;
const agents: SipAgent[] = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
  await sipp?.stop();
  sipp = undefined;
  expectNothingOpen();
});

describe.skipIf(!hasSipp)('registration against sipp', () => {
  it('answers the 401, is registered for the granted 60 s, and unregisters on stop', async () => {
    sipp = await startSipp('uas-register.xml', { extra: ['-key', 'authuser', 'robot', '-key', 'authpass', 's3cret'] });
    const agent = await startAgent();
    agents.push(agent);
    const events: RegistrationEvent[] = [];
    const trunk = loopbackTrunk(sipp.port, { mode: 'register', username: 'robot', password: 's3cret', registerExpiresS: 300 });
    let registered!: () => void;
    const done = new Promise<void>((resolve) => { registered = resolve; });
    const registration = agent.register(trunk, { onChange: (e) => { events.push(e); if (e.state === 'registered') registered(); } });
    await done;
    expect(registration.state).toBe('registered');
    expect(events[0]).toMatchObject({ state: 'registered', status: 200, expiresS: 60 });
    await registration.stop();
    expect(events.map((e) => e.state)).toEqual(['registered', 'stopped']);
    expect(await sipp.exited).toBe(0);
  });

  it('a wrong password is a failure with its status, retried with backoff', async () => {
    sipp = await startSipp('uas-register.xml', { extra: ['-key', 'authuser', 'robot', '-key', 'authpass', 's3cret'] });
    const agent = await startAgent();
    agents.push(agent);
    const trunk = loopbackTrunk(sipp.port, { mode: 'register', username: 'robot', password: 'nope' });
    const failed = await new Promise<RegistrationEvent>((resolve) => {
      agent.register(trunk, { retryBaseMs: 60_000, onChange: (e) => { if (e.state === 'failed') resolve(e); } });
    });
    expect(failed).toMatchObject({ state: 'failed', status: 403 });
  });
});

describe('OPTIONS keep-alive', () => {
  it('marks a peer trunk up while it answers and down after N failures', async () => {
    const peer = await startAgent();
    const agent = await startAgent({ timers: { t1Ms: 20 } });
    agents.push(agent, peer);
    const changes: TrunkHealth[] = [];
    let down!: () => void;
    const wentDown = new Promise<void>((resolve) => { down = resolve; });
    let up!: () => void;
    const wentUp = new Promise<void>((resolve) => { up = resolve; });
    const monitor = agent.monitor(loopbackTrunk(peer.ua.port()), {
      intervalMs: 100, failuresToDown: 2,
      onChange: (h) => { changes.push(h); if (h === 'up') up(); if (h === 'down') down(); },
    });
    await wentUp;
    await peer.close();
    await wentDown;
    expect(changes).toEqual(['up', 'down']);
    expect(monitor.failures).toBeGreaterThanOrEqual(2);
    monitor.stop();
  });
});
