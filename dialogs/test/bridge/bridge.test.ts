/**
 * The bridge over real RTP on 127.0.0.1: customer phone ⇄ customer leg —bridge— agent leg ⇄
 * agent phone, four RtpSessions on the shared pacer. Audio and DTMF cross both ways (PCMA on
 * one pair, PCMU on the other, and PCMU on both for the bit-exact case), the customer leg's
 * recording carries the customer left and the agent right, a closing leg ends the bridge, and
 * nothing leaks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bridgeLegs } from '../../src/bridge/index.js';
import { PortAllocator, RtpSession, decodeStereoWav, openResources, sharedPacer, xcorr } from '../../src/media/index.js';
import type { G711Law, ReceivedDtmf } from '../../src/media/index.js';

const dir = mkdtempSync(join(tmpdir(), 'waihu-bridge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ports = new PortAllocator({ min: 46000, max: 46998 });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const open: RtpSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  expect(openResources()).toEqual({ sockets: 0, timers: 0, ports: 0, files: 0, sessions: 0 });
  expect(sharedPacer().running).toBe(false);
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

function listen(session: RtpSession): { audio: () => Int16Array; dtmf: ReceivedDtmf[] } {
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

/** A phone and our leg for it, talking `codec` to each other. */
async function pair(codec: G711Law, recordPath?: string): Promise<{ phone: RtpSession; leg: RtpSession }> {
  const phone = await RtpSession.open({ ports, codec });
  open.push(phone);
  const leg = await RtpSession.open({ ports, codec, ...(recordPath ? { recordPath } : {}) });
  open.push(leg);
  phone.setRemote({ address: '127.0.0.1', port: leg.localPort, codec });
  leg.setRemote({ address: '127.0.0.1', port: phone.localPort, codec });
  return { phone, leg };
}

describe('bridgeLegs over RTP', () => {
  it('carries audio and DTMF between a PCMA customer and a PCMU agent, records the bridged call, and ends when a leg closes', async () => {
    const recording = join(dir, 'bridged.wav');
    const customer = await pair('alaw', recording);
    const agent = await pair('mulaw');
    // The robot was talking when the agent answered: the bridge stops that prompt.
    const prompt = customer.leg.play(new Int16Array(8000 * 5));
    const bridge = bridgeLegs(customer.leg, agent.leg);
    await expect(prompt).resolves.toBe('cleared');
    const heardByAgent = listen(agent.phone);
    const heardByCustomer = listen(customer.phone);

    const fromCustomer = sweep(1, 300, 2500);
    const fromAgent = sweep(1, 2800, 400);
    expect(await Promise.all([customer.phone.play(fromCustomer), agent.phone.play(fromAgent)])).toEqual(['finished', 'finished']);
    expect(await Promise.all([customer.phone.sendDtmf('12#'), agent.phone.sendDtmf('9*', 80)])).toEqual(['sent', 'sent']);
    await sleep(400); // two jitter buffers and the digits' re-send on the far leg

    expect(xcorr(fromCustomer, heardByAgent.audio()).peak).toBeGreaterThanOrEqual(0.9);
    expect(xcorr(fromAgent, heardByCustomer.audio()).peak).toBeGreaterThanOrEqual(0.9);
    expect(heardByAgent.dtmf.map((d) => d.digit)).toEqual(['1', '2', '#']);
    expect(heardByCustomer.dtmf.map((d) => d.digit)).toEqual(['9', '*']);
    expect(heardByCustomer.dtmf[0]!.durationMs).toBe(80);
    const stats = bridge.stats();
    expect(stats.toAgent.frames).toBeGreaterThanOrEqual(50);
    expect(stats.toCustomer.frames).toBeGreaterThanOrEqual(50);
    expect(stats.toAgent.digits).toBe(3);
    expect(stats.toCustomer.digits).toBe(2);

    // The agent hangs up: the agent leg closes, the bridge notices and says so; the customer leg lives on.
    await agent.leg.close();
    const end = await bridge.ended;
    expect(end.reason).toBe('agent-closed');
    expect(bridge.active).toBe(false);
    await expect(customer.leg.play(new Int16Array(160))).resolves.toBe('finished');

    // The call's recording went on through the bridge: customer left, agent right.
    await customer.leg.close();
    const wav = decodeStereoWav(readFileSync(recording));
    expect(xcorr(fromCustomer, wav.left).peak).toBeGreaterThanOrEqual(0.9);
    expect(xcorr(fromAgent, wav.right).peak).toBeGreaterThanOrEqual(0.9);
    expect(xcorr(fromAgent, wav.left, { maxLagSamples: 800 }).peak).toBeLessThan(0.3);
  });

  it('is bit-exact between two PCMU legs, and unbridging leaves both legs open for the robot', async () => {
    const customer = await pair('mulaw');
    const agent = await pair('mulaw');
    const heardByLeg = listen(customer.leg);
    const heardByAgent = listen(agent.phone);
    const bridge = bridgeLegs(customer.leg, agent.leg);
    const fromCustomer = sweep(1, 500, 3000);
    await customer.phone.play(fromCustomer);
    await sleep(300);

    // What the customer leg decoded reaches the agent phone sample for sample.
    const sent = heardByLeg.audio();
    const got = heardByAgent.audio();
    const { peak, lagSamples } = xcorr(sent, got, { maxLagSamples: 2000 });
    expect(peak).toBeGreaterThan(0.999);
    let differing = 0;
    for (let i = Math.max(0, -lagSamples); i < sent.length && i + lagSamples < got.length; i++) if (sent[i] !== got[i + lagSamples]) differing += 1;
    expect(differing).toBe(0);

    const end = bridge.unbridge();
    expect(end.reason).toBe('unbridged');
    expect(bridge.unbridge()).toBe(end); // once
    await expect(bridge.ended).resolves.toBe(end);
    const afterFrames = bridge.stats().toAgent.frames;
    await sleep(60);
    expect(end.stats.toAgent.frames).toBe(afterFrames);
    await expect(customer.leg.play(new Int16Array(320))).resolves.toBe('finished');
  });
});
