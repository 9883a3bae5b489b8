import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBaiduRealtimeProvider } from '../../src/asr/baidu-realtime.js';
import type { BaiduRealtimeOptions } from '../../src/asr/baidu-realtime.js';
import { ConcurrencyLimiter } from '../../src/asr/limiter.js';
import { startFakeBaiduRealtime } from '../../src/testing/fake-baidu-realtime.js';
import type { FakeBaiduRealtime } from '../../src/testing/fake-baidu-realtime.js';
import { scriptedSpeech } from '../../src/testing/speech-script.js';
import { closedPort, expectNothingOpen, outcomeCode, recognize, waitFor } from './helpers.js';

let server: FakeBaiduRealtime;
const creds = { appId: 1234567, appKey: 'test-app-key' };

beforeAll(async () => {
  server = await startFakeBaiduRealtime(creds);
});
afterAll(() => server.close());
afterEach(async () => {
  expect(server.violations).toEqual([]);
  server.faults.length = 0;
  await waitFor(() => server.stats.open === 0);
  expectNothingOpen();
});

const provider = (extra: Partial<BaiduRealtimeOptions> = {}) =>
  createBaiduRealtimeProvider({ ...creds, url: server.url, finalTimeoutMs: 300, connectTimeoutMs: 500, ...extra });

describe('Baidu realtime WebSocket', () => {
  it('streams 8 kHz audio as 160 ms frames and yields partials then a final with times', async () => {
    const speech = scriptedSpeech({ key: 2, speechMs: 2000, leadingSilenceMs: 300, trailingSilenceMs: 200 });
    const { results, outcome } = await recognize(provider().open(), speech);
    expect(outcomeCode(outcome)).toBe('completed');
    const partials = results.filter((r) => r.kind === 'partial');
    expect(partials.length).toBeGreaterThan(2);
    expect(partials.map((p) => p.text).slice(0, 2)).toEqual(['我', '我想']);
    const final = results.at(-1)!;
    expect(final).toMatchObject({ kind: 'final', text: '我想了解一下贷款', confidence: null });
    expect(final.startMs).toBeGreaterThanOrEqual(290);
    expect(final.startMs).toBeLessThanOrEqual(310);
    expect(final.endMs).toBeGreaterThanOrEqual(2290);
    expect(final.endMs).toBeLessThanOrEqual(2310);
    expect(server.starts.at(-1)).toMatchObject({ appid: 1234567, dev_pid: 15372, format: 'pcm', sample: 16000 });
  });

  it('sends lm_id as its hot-word mechanism and accepts 16 kHz input', async () => {
    const speech = scriptedSpeech({ key: 1, speechMs: 800, sampleRate: 16000 });
    const { results } = await recognize(provider({ lmId: 8001 }).open(), speech);
    expect(results.at(-1)?.text).toBe('你好');
    expect(server.starts.at(-1)).toMatchObject({ lm_id: 8001 });
  });

  it('ignores HEARTBEAT frames', async () => {
    server.faults.push('heartbeat');
    const { results, outcome } = await recognize(provider().open(), scriptedSpeech({ key: 3, speechMs: 1500 }));
    expect(outcomeCode(outcome)).toBe('completed');
    expect(results.at(-1)?.text).toBe('不需要谢谢');
  });

  it('reports refused credentials as permanent ASR_AUTH and the provider as down', async () => {
    const p = createBaiduRealtimeProvider({ ...creds, appKey: 'wrong', url: server.url });
    const { outcome } = await recognize(p.open(), scriptedSpeech({ key: 1, speechMs: 500 }));
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code: 'ASR_AUTH', retryable: false, provider: 'baidu-realtime', status: 3302 });
    expect((await p.health()).status).toBe('down');
  });

  it.each([
    ['rate', 'ASR_RATE_LIMITED', true],
    ['server', 'ASR_SERVER', true],
    ['drop', 'ASR_CONNECTION_LOST', true],
    ['malformed', 'ASR_MALFORMED_RESPONSE', false],
    ['http-503', 'ASR_SERVER', true],
  ] as const)('classifies fault %s as %s', async (fault, code, retryable) => {
    server.faults.push(fault);
    const { outcome } = await recognize(provider().open(), scriptedSpeech({ key: 2, speechMs: 1500 }));
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code, retryable });
  });

  it('fails a stream that stalls after FINISH with ASR_STALLED and cancels it', async () => {
    server.faults.push('stall');
    const cancelledBefore = server.stats.cancelled;
    const { outcome } = await recognize(provider().open(), scriptedSpeech({ key: 2, speechMs: 600 }));
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code: 'ASR_STALLED', retryable: true });
    expect(outcome.reason === 'error' && outcome.error.message).toMatch(/no final result within 300 ms/);
    await waitFor(() => server.stats.cancelled === cancelledBefore + 1);
  });

  it('classifies a refused connection and a silent listener', async () => {
    const refused = createBaiduRealtimeProvider({ ...creds, url: `ws://127.0.0.1:${await closedPort()}/realtime_asr` });
    const r = await recognize(refused.open(), []);
    expect(r.outcome.reason === 'error' && r.outcome.error).toMatchObject({ code: 'ASR_CONNECT_REFUSED', retryable: true });
  });

  it('closing mid-stream settles once as closed and leaves nothing open', async () => {
    const stream = provider().open();
    for (const chunk of scriptedSpeech({ key: 2, speechMs: 1000 })) stream.write(chunk);
    await waitFor(() => server.stats.open === 1);
    stream.close();
    stream.close();
    expect(await stream.finished).toEqual({ reason: 'closed' });
  });

  it('fails fast with ASR_BUSY when the account cap is reached', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const p = provider({ limiter });
    const first = p.open();
    const second = p.open();
    expect(await second.finished).toMatchObject({ reason: 'error', error: { code: 'ASR_BUSY', retryable: true } });
    first.close();
    expect(limiter.stats()).toEqual({ used: 0, peak: 1, refused: 1 });
  });
});
