import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBaiduRealtimeProvider } from '../../src/asr/baidu-realtime.js';
import type { AsrError } from '../../src/asr/errors.js';
import { createFunAsrProvider } from '../../src/asr/funasr.js';
import { createResilientAsrProvider } from '../../src/asr/resilient.js';
import { startFakeBaiduRealtime } from '../../src/testing/fake-baidu-realtime.js';
import type { FakeBaiduRealtime } from '../../src/testing/fake-baidu-realtime.js';
import { startFakeFunAsr } from '../../src/testing/fake-funasr.js';
import type { FakeFunAsr } from '../../src/testing/fake-funasr.js';
import { ManualClock } from '../../src/asr/manual-clock.js';
import { createScriptedAsrProvider } from '../../src/testing/scripted-asr.js';
import { scriptedSpeech } from '../../src/testing/speech-script.js';
import { closedPort, expectNothingOpen, outcomeCode, recognize, waitFor } from './helpers.js';

/** Advances simulated time, then lets promise callbacks (stream outcomes) run. */
async function tick(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('resilience in simulated time (scripted providers)', () => {
  it('retries a rate limit with backoff on the clock, replaying the audio, then succeeds', async () => {
    const clock = new ManualClock();
    const primary = createScriptedAsrProvider({ name: 'primary', clock });
    primary.faults.push('ASR_RATE_LIMITED');
    const errors: AsrError[] = [];
    const p = createResilientAsrProvider({ providers: [primary], clock, random: () => 1, onProviderError: (e) => errors.push(e) });
    const stream = p.open({ deadlineMs: clock.now() + 5000 });
    const results: string[] = [];
    stream.onResult((r) => results.push(`${r.kind}:${r.text}`));
    for (const c of scriptedSpeech({ key: 1, speechMs: 1200 })) stream.write(c);
    stream.end();
    await tick(clock, 50); // first answer: rate limited
    expect(errors.map((e) => e.code)).toEqual(['ASR_RATE_LIMITED']);
    expect(primary.opened).toHaveLength(1);
    await tick(clock, 99); // backoff is 100 ms (random 1 × base)
    expect(primary.opened).toHaveLength(1);
    await tick(clock, 1); // retried, with the replayed audio
    expect(primary.opened).toHaveLength(2);
    await tick(clock, 50);
    expect(await stream.finished).toEqual({ reason: 'completed' });
    expect(results.at(-1)).toBe('final:你好');
    expect(clock.pendingTimers()).toBe(0);
    expectNothingOpen();
  });

  it('does not retry a permanent auth failure: it falls back and switches the provider off', async () => {
    const clock = new ManualClock();
    const primary = createScriptedAsrProvider({ name: 'primary', clock });
    const fallback = createScriptedAsrProvider({ name: 'local', clock });
    primary.faults.push('ASR_AUTH');
    const errors: string[] = [];
    const p = createResilientAsrProvider({ providers: [primary, fallback], clock, onProviderError: (e) => errors.push(`${e.provider}:${e.code}`) });
    const first = p.open();
    for (const c of scriptedSpeech({ key: 3, speechMs: 800 })) first.write(c);
    first.end();
    await tick(clock, 50);
    await tick(clock, 50);
    expect(await first.finished).toEqual({ reason: 'completed' });
    expect(first.provider).toBe('local');
    // The next stream skips the disabled primary entirely.
    const second = p.open();
    second.end();
    await tick(clock, 50);
    await second.finished;
    expect(primary.opened).toHaveLength(1);
    expect(errors).toEqual(['primary:ASR_AUTH']);
    expect((await p.health()).status).toBe('degraded');
    expectNothingOpen();
  });

  it('fails with ASR_DEADLINE when the budget runs out before any provider answers', async () => {
    const clock = new ManualClock();
    const primary = createScriptedAsrProvider({ name: 'primary', clock, finalTimeoutMs: 400 });
    primary.faults.push('stall', 'stall', 'stall');
    const p = createResilientAsrProvider({ providers: [primary], clock, random: () => 0.5 });
    const stream = p.open({ deadlineMs: clock.now() + 1000 });
    stream.end();
    await tick(clock, 2000);
    const outcome = await stream.finished;
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code: 'ASR_DEADLINE', retryable: false });
    expect(clock.pendingTimers()).toBe(0);
    expectNothingOpen();
  });
});

describe('resilience against the local protocol servers', () => {
  let baidu: FakeBaiduRealtime;
  let funasr: FakeFunAsr;
  const creds = { appId: 42, appKey: 'k' };
  beforeAll(async () => {
    [baidu, funasr] = await Promise.all([startFakeBaiduRealtime(creds), startFakeFunAsr()]);
  });
  afterAll(async () => { await Promise.all([baidu.close(), funasr.close()]); });
  afterEach(async () => {
    expect([...baidu.violations, ...funasr.violations]).toEqual([]);
    await waitFor(() => baidu.stats.open === 0 && funasr.stats.open === 0);
    expectNothingOpen();
  });

  it('retries a server error on Baidu, then falls back to FunASR with the whole utterance', async () => {
    baidu.faults.push('server', 'server');
    const p = createResilientAsrProvider({
      providers: [
        createBaiduRealtimeProvider({ ...creds, url: baidu.url, finalTimeoutMs: 500 }),
        createFunAsrProvider({ url: funasr.url, finalTimeoutMs: 500 }),
      ],
      attemptsPerProvider: 2, baseBackoffMs: 20,
    });
    const { results, outcome } = await recognize(p.open(), scriptedSpeech({ key: 2, speechMs: 1500, leadingSilenceMs: 200 }));
    expect(outcomeCode(outcome)).toBe('completed');
    expect(baidu.stats.connections).toBeGreaterThanOrEqual(2);
    expect(results.at(-1)).toMatchObject({ kind: 'final', text: '我想了解一下贷款' });
    expect(Math.abs(results.at(-1)!.startMs - 200)).toBeLessThanOrEqual(5);
  });

  it('recovers from a stall mid-utterance and a dropped connection by retrying with replay', async () => {
    baidu.faults.push('stall', 'drop');
    const p = createResilientAsrProvider({
      providers: [createBaiduRealtimeProvider({ ...creds, url: baidu.url, finalTimeoutMs: 150 })], baseBackoffMs: 10,
    });
    const { results, outcome } = await recognize(p.open(), scriptedSpeech({ key: 4, speechMs: 1000 }));
    expect(outcomeCode(outcome)).toBe('completed');
    expect(results.at(-1)?.text).toBe('可以的你说吧');
  });

  it('falls back when the primary refuses connections', async () => {
    const p = createResilientAsrProvider({
      providers: [createFunAsrProvider({ url: `ws://127.0.0.1:${await closedPort()}` }), createBaiduRealtimeProvider({ ...creds, url: baidu.url })],
      baseBackoffMs: 5,
    });
    const { results } = await recognize(p.open(), scriptedSpeech({ key: 1, speechMs: 700 }));
    expect(results.at(-1)?.text).toBe('你好');
  });
});
