/**
 * The bridge's rules with fake legs, no sockets, no clock: frames are copied (the leg reuses
 * its buffer), a full play queue drops instead of delaying, audio pauses while a digit goes
 * out, a closed leg is noticed through `play` resolving `closed` or through `onClose`, and
 * the end is reported exactly once.
 */
import { describe, expect, it } from 'vitest';
import { bridgeLegs } from '../../src/bridge/index.js';
import type { BridgeLeg } from '../../src/bridge/index.js';
import type { AudioChunk, DtmfSendResult, PlayResult, ReceivedDtmf } from '../../src/media/index.js';

/** A leg whose playback and digits the test completes by hand. */
class FakeLeg implements BridgeLeg {
  readonly played: { pcm: Int16Array; resolve: (r: PlayResult) => void }[] = [];
  readonly digitsSent: { digits: string; durationMs: number | undefined; resolve: (r: DtmfSendResult) => void }[] = [];
  cleared = 0;
  closed = false;
  private readonly audio: ((chunk: AudioChunk) => void)[] = [];
  private readonly dtmf: ((event: ReceivedDtmf) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];

  /** Present only on legs built `withOnClose` (an instance property, so absent means absent). */
  readonly onClose?: (listener: () => void) => () => void;

  constructor(withOnClose: boolean) {
    if (withOnClose) this.onClose = (listener) => subscribe(this.closeListeners, listener);
  }

  play(pcm: Int16Array): Promise<PlayResult> {
    if (this.closed) return Promise.resolve('closed');
    return new Promise((resolve) => this.played.push({ pcm, resolve }));
  }

  clear(): number {
    this.cleared += 1;
    const n = this.played.length;
    for (const p of this.played.splice(0)) p.resolve('cleared');
    return n;
  }

  onAudio(listener: (chunk: AudioChunk) => void): () => void {
    return subscribe(this.audio, listener);
  }

  onDtmf(listener: (event: ReceivedDtmf) => void): () => void {
    return subscribe(this.dtmf, listener);
  }

  onInactive(): () => void {
    return () => undefined;
  }

  sendDtmf(digits: string, durationMs?: number): Promise<DtmfSendResult> {
    return new Promise((resolve) => this.digitsSent.push({ digits, durationMs, resolve }));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.played.splice(0)) p.resolve('closed');
    for (const listener of this.closeListeners) listener();
  }

  /** The remote party says something: one frame, in a buffer reused like RtpSession's. */
  hear(value: number): void {
    this.buffer.fill(value);
    for (const listener of this.audio) listener({ samples: this.buffer, timeMs: 0, concealed: false });
  }

  press(digit: ReceivedDtmf['digit'], durationMs = 100): void {
    for (const listener of this.dtmf) listener({ digit, durationMs, timeMs: 0 });
  }

  /** The pacer sends the oldest queued frame. */
  tick(): void {
    this.played.shift()?.resolve('finished');
  }

  get listeners(): number {
    return this.audio.length + this.dtmf.length + this.closeListeners.length;
  }

  private readonly buffer = new Int16Array(160);
}

function subscribe<T>(list: T[], listener: T): () => void {
  list.push(listener);
  return () => {
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('bridgeLegs rules', () => {
  it('copies each frame across, clears queued prompts at the start, and drops beyond the queue cap', async () => {
    const customer = new FakeLeg(false);
    const agent = new FakeLeg(false);
    const bridge = bridgeLegs(customer, agent, { maxQueuedFrames: 3 });
    expect([customer.cleared, agent.cleared]).toEqual([1, 1]);
    customer.hear(1);
    customer.hear(2);
    expect(agent.played.map((p) => p.pcm[0])).toEqual([1, 2]); // copies, not the reused buffer
    customer.hear(3);
    customer.hear(4); // the agent leg is 3 frames behind: dropped
    expect(agent.played).toHaveLength(3);
    agent.tick();
    await flush();
    customer.hear(5);
    expect(agent.played.map((p) => p.pcm[0])).toEqual([2, 3, 5]);
    expect(bridge.stats().toAgent).toEqual({ frames: 4, dropped: 1, digits: 0 });
    expect(bridge.stats().toCustomer).toEqual({ frames: 0, dropped: 0, digits: 0 });
  });

  it('keeps queued prompts when told to', () => {
    const customer = new FakeLeg(false);
    const agent = new FakeLeg(false);
    bridgeLegs(customer, agent, { keepQueued: true });
    expect([customer.cleared, agent.cleared]).toEqual([0, 0]);
  });

  it('forwards digits with their duration and holds audio back while one goes out', async () => {
    const customer = new FakeLeg(false);
    const agent = new FakeLeg(false);
    const bridge = bridgeLegs(customer, agent);
    agent.press('7', 80);
    expect(customer.digitsSent.map((d) => [d.digits, d.durationMs])).toEqual([['7', 80]]);
    agent.hear(9);
    expect(customer.played).toHaveLength(0);
    customer.digitsSent[0]!.resolve('sent');
    await flush();
    agent.hear(9);
    expect(customer.played).toHaveLength(1);
    expect(bridge.stats().toCustomer).toEqual({ frames: 1, dropped: 1, digits: 1 });

    const quiet = bridgeLegs(new FakeLeg(false), new FakeLeg(false), { forwardDtmf: false });
    expect(quiet.stats().toAgent.digits).toBe(0);
  });

  it('notices a closed leg through play resolving "closed", ends once, and unsubscribes everything', async () => {
    const customer = new FakeLeg(false);
    const agent = new FakeLeg(false);
    const bridge = bridgeLegs(customer, agent);
    let endings = 0;
    void bridge.ended.then(() => { endings += 1; });
    customer.hear(1);
    agent.hear(2);
    await customer.close(); // the frame queued to the customer resolves "closed"
    const end = await bridge.ended;
    expect(end.reason).toBe('customer-closed');
    expect(bridge.active).toBe(false);
    expect(customer.listeners + agent.listeners).toBe(0);
    expect(agent.cleared).toBe(2); // at the start, and the customer's frame still queued to it at the end
    expect(bridge.unbridge()).toBe(end);
    await flush();
    expect(endings).toBe(1);
  });

  it('notices a closed leg at once through onClose when the leg offers it', async () => {
    const customer = new FakeLeg(true);
    const agent = new FakeLeg(true);
    const bridge = bridgeLegs(customer, agent);
    await agent.close();
    expect(bridge.active).toBe(false);
    await expect(bridge.ended).resolves.toMatchObject({ reason: 'agent-closed' });
    expect(customer.listeners + agent.listeners).toBe(0);
  });
});
