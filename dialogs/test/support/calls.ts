/**
 * Shared pieces of the call tests: a trunk pointing at a sipp peer, an agent on 127.0.0.1 with
 * its own RTP port range, test audio, and the "nothing left open" check.
 */
import { threadId } from 'node:worker_threads';
import { expect } from 'vitest';
import { SipAgent, type SipAgentOptions } from '../../src/calls/index.js';
import { openResources, PortAllocator } from '../../src/media/index.js';
import { sipResources } from '../../src/sip/index.js';
import { checkTrunkConfig, type TrunkConfig } from '../../src/trunk/index.js';

// Test files run in parallel worker threads: give each thread its own RTP range (binds retry anyway).
let nextRange = 36000 + (threadId % 8) * 2000;

/** A trunk at 127.0.0.1:port with the given overrides (validated like real settings). */
export function loopbackTrunk(port: number, overrides: Record<string, unknown> = {}): TrunkConfig {
  const checked = checkTrunkConfig({ name: 'sipp', host: '127.0.0.1', port, ringTimeoutMs: 10_000, ...overrides });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.trunk;
}

/** An agent on 127.0.0.1 (ephemeral SIP port) with a private RTP port range. */
export function startAgent(options: Partial<SipAgentOptions> = {}): Promise<SipAgent> {
  const min = nextRange;
  nextRange = min + 400 >= 36000 + ((threadId % 8) + 1) * 2000 ? 36000 + (threadId % 8) * 2000 : min + 400;
  return SipAgent.start({ transport: { address: '127.0.0.1', port: 0 }, ports: new PortAllocator({ min, max: min + 398 }), ...options });
}

/** A frequency sweep: not periodic, so cross-correlation has one clear peak. */
export function sweep(seconds: number, fromHz: number, toHz: number): Int16Array {
  const n = Math.round(seconds * 8000);
  let phase = 0;
  return Int16Array.from({ length: n }, (_, i) => {
    phase += (2 * Math.PI * (fromHz + ((toHz - fromHz) * i) / n)) / 8000;
    return Math.round(9000 * Math.sin(phase));
  });
}

/** Concatenates 20 ms frames. */
export function joinFrames(frames: Int16Array[]): Int16Array {
  const out = new Int16Array(frames.length * 160);
  frames.forEach((f, i) => out.set(f, i * 160));
  return out;
}

/** Every media and SIP resource back to zero (after the agent closed). */
export function expectNothingOpen(): void {
  expect(openResources()).toEqual({ sockets: 0, timers: 0, ports: 0, files: 0, sessions: 0 });
  expect(sipResources()).toEqual({ transactions: 0, dialogs: 0, timers: 0, connections: 0, calls: 0, agents: 0 });
}
