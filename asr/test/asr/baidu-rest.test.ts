import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBaiduRestProvider } from '../../src/asr/baidu-rest.js';
import type { BaiduRestOptions } from '../../src/asr/baidu-rest.js';
import { energySegmenter } from '../../src/asr/segmenter.js';
import { startFakeBaiduRest } from '../../src/testing/fake-baidu-rest.js';
import type { FakeBaiduRest } from '../../src/testing/fake-baidu-rest.js';
import { scriptedSpeech } from '../../src/testing/speech-script.js';
import { closedPort, expectNothingOpen, outcomeCode, recognize, waitFor } from './helpers.js';

let server: FakeBaiduRest;
const creds = { apiKey: 'test-api-key', secretKey: 'test-secret-key' };
beforeAll(async () => {
  server = await startFakeBaiduRest(creds);
});
afterAll(() => server.close());
afterEach(async () => {
  expect(server.violations).toEqual([]);
  server.faults.length = 0;
  await waitFor(() => server.stats.open === 0);
  expectNothingOpen();
});

const provider = (extra: Partial<BaiduRestOptions> = {}) => createBaiduRestProvider({
  ...creds, url: server.apiUrl, tokenUrl: server.tokenUrl, segmenter: energySegmenter(), requestTimeoutMs: 300, ...extra,
});
/** Two utterances separated by a pause, as one call's listening. */
const twoUtterances = () => [
  ...scriptedSpeech({ key: 1, speechMs: 800, leadingSilenceMs: 500, trailingSilenceMs: 700 }),
  ...scriptedSpeech({ key: 4, speechMs: 1200, trailingSilenceMs: 600 }),
];

describe('Baidu short-utterance REST behind VAD segmentation', () => {
  it('posts each VAD segment with a cached token and yields one timed final per segment', async () => {
    const p = provider();
    const tokensBefore = server.stats.tokens;
    const { results, outcome } = await recognize(p.open(), twoUtterances());
    expect(outcomeCode(outcome)).toBe('completed');
    expect(results.map((r) => [r.kind, r.text])).toEqual([['final', '你好'], ['final', '可以的你说吧']]);
    const [a, b] = results;
    expect(a!.startMs).toBeGreaterThanOrEqual(150);
    expect(a!.startMs).toBeLessThanOrEqual(500);
    expect(a!.endMs).toBeGreaterThan(1300);
    expect(b!.startMs).toBeGreaterThanOrEqual(1700);
    expect(b!.endMs).toBeGreaterThan(3200);
    // A second stream reuses the token.
    await recognize(p.open(), scriptedSpeech({ key: 3, speechMs: 600, trailingSilenceMs: 500 }));
    expect(server.stats.tokens - tokensBefore).toBe(1);
  });

  it('posts the speech still buffered when the stream ends mid-utterance', async () => {
    const { results } = await recognize(provider().open(), scriptedSpeech({ key: 5, speechMs: 900 }));
    expect(results.map((r) => r.text)).toEqual(['我现在不方便晚点再打']);
  });

  it('refreshes a token the API calls stale once, then carries on', async () => {
    const p = provider();
    server.faults.push('token-expired');
    const before = server.stats.tokens;
    const { results, outcome } = await recognize(p.open(), scriptedSpeech({ key: 1, speechMs: 600, trailingSilenceMs: 500 }));
    expect(outcomeCode(outcome)).toBe('completed');
    expect(results.map((r) => r.text)).toEqual(['你好']);
    expect(server.stats.tokens - before).toBe(2);
  });

  it('reports unknown credentials as permanent ASR_AUTH without posting audio', async () => {
    const requests = server.stats.requests;
    const p = provider({ secretKey: 'wrong' });
    const { outcome } = await recognize(p.open(), scriptedSpeech({ key: 1, speechMs: 600 }));
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code: 'ASR_AUTH', retryable: false, status: 401 });
    expect(server.stats.requests).toBe(requests);
    expect((await p.health()).status).toBe('down');
  });

  it.each([
    ['rate', 'ASR_RATE_LIMITED', true, 3304],
    ['server', 'ASR_SERVER', true, 3303],
    ['http-500', 'ASR_SERVER', true, 500],
    ['malformed', 'ASR_MALFORMED_RESPONSE', false, 200],
    ['drop', 'ASR_CONNECTION_LOST', true, undefined],
    ['stall', 'ASR_STALLED', true, undefined],
  ] as const)('classifies fault %s as %s', async (fault, code, retryable, status) => {
    server.faults.push(fault);
    const { outcome } = await recognize(provider().open(), scriptedSpeech({ key: 2, speechMs: 700 }));
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code, retryable, status, provider: 'baidu-rest' });
  });

  it('classifies a refused connection', async () => {
    const p = provider({ tokenUrl: `http://127.0.0.1:${await closedPort()}/oauth/2.0/token` });
    const { outcome } = await recognize(p.open(), scriptedSpeech({ key: 2, speechMs: 700 }));
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code: 'ASR_CONNECT_REFUSED', retryable: true });
  });
});
