import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BaiduTts, FallbackTts, EspeakTts, TtsSemaphore as Semaphore, TtsError, createTtsProvider, gbkLength, parseTtsConfig, synthesizeAll, type BaiduTtsOptions } from '../../src/index.js';
import { FakeBaidu, SAMPLES_PER_CHAR } from './fake-baidu.js';

let fake: FakeBaidu;
const providers: BaiduTts[] = [];

beforeAll(async () => { fake = await FakeBaidu.start(); });
afterAll(async () => { await fake.close(); });
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
  fake.faults.length = 0;
  fake.alwaysFault = null;
  fake.syntheses.length = 0;
  fake.tokenRequests = 0;
  fake.delayMs = 0;
  fake.maxInFlight = 0;
  fake.expiresIn = 2_592_000;
});

function make(options: Partial<BaiduTtsOptions> = {}): { tts: BaiduTts; sleeps: number[] } {
  const sleeps: number[] = [];
  const tts = new BaiduTts({
    apiKey: fake.apiKey, secretKey: fake.secretKey, appId: '12345678',
    tokenUrl: fake.tokenUrl, ttsUrl: fake.ttsUrl,
    sleep: async (ms) => { sleeps.push(ms); },
    timeoutMs: 2000, stallMs: 1000,
    ...options,
  });
  providers.push(tts);
  return { tts, sleeps };
}

async function failure(p: Promise<unknown>): Promise<TtsError> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(TtsError); return e as TtsError; }
  throw new Error('expected a TtsError');
}

describe('Baidu synthesis against a local server speaking its protocol', () => {
  it('fetches a token once, posts the documented fields with tex encoded twice, and answers 8 kHz PCM', async () => {
    const { tts } = make({ voice: { per: 4, spd: 6, pit: 7, vol: 8 } });
    const text = '存款利率3+2%，A&B方案';
    const pcm = await synthesizeAll(tts, text);
    expect(pcm.length).toBe(Array.from(text).length * SAMPLES_PER_CHAR);
    await synthesizeAll(tts, '再来一次');
    expect(fake.tokenRequests).toBe(1);
    const seen = fake.syntheses[0]!;
    expect(seen.tex).toBe(text); // + and & survive because tex was encoded twice
    expect(seen.rawTex).toBe(encodeURIComponent(text));
    expect(seen.fields).toMatchObject({ ctp: '1', lan: 'zh', aue: '5', per: '4', spd: '6', pit: '7', vol: '8' });
    expect(seen.fields.cuid!.length).toBeLessThanOrEqual(60);
    expect(seen.fields.cuid).not.toContain(fake.apiKey);
    expect(seen.fields.tok).toMatch(/^24\./);
  });

  it('splits long text at sentence punctuation under 120 GBK bytes and yields the pieces in order', async () => {
    const { tts } = make();
    const sentence = '您好，这里是城市花园的置业顾问，我们最近推出了一批特价房源，位置很好，交通方便。';
    const text = sentence.repeat(4);
    const chunks: Int16Array[] = [];
    for await (const c of tts.synthesize(text)) chunks.push(c);
    expect(fake.syntheses.length).toBeGreaterThan(2);
    expect(chunks.length).toBe(fake.syntheses.length);
    for (const s of fake.syntheses) expect(gbkLength(s.tex)).toBeLessThanOrEqual(120);
    expect(fake.syntheses.map((s) => s.tex).join('')).toBe(text);
    // Every piece ends at punctuation, none in the middle of a word.
    for (const s of fake.syntheses) expect(s.tex).toMatch(/[，。]$/);
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(Array.from(text).length * SAMPLES_PER_CHAR);
  });

  it('renews the token before it expires on the injected clock', async () => {
    let now = 1_000_000;
    fake.expiresIn = 3600;
    const { tts } = make({ clock: { now: () => now }, refreshMarginMs: 60_000 });
    await synthesizeAll(tts, '第一句');
    now += 3600_000 - 120_000; // still outside the margin
    await synthesizeAll(tts, '第二句');
    expect(fake.tokenRequests).toBe(1);
    now += 90_000; // inside the last minute
    await synthesizeAll(tts, '第三句');
    expect(fake.tokenRequests).toBe(2);
    expect(fake.syntheses.every((s) => s.tex.length > 0)).toBe(true);
  });

  it('on 502 (token rejected) fetches a new token once and repeats the request', async () => {
    const { tts, sleeps } = make();
    await synthesizeAll(tts, '预热');
    fake.revokeTokens();
    const pcm = await synthesizeAll(tts, '令牌过期了');
    expect(pcm.length).toBe(5 * SAMPLES_PER_CHAR);
    expect(fake.tokenRequests).toBe(2);
    expect(fake.syntheses.length).toBe(3);
    expect(sleeps).toEqual([]); // a refresh is not a backoff retry
  });

  it('a 502 with a fresh token too is a permanent TTS_AUTH: no retries', async () => {
    const { tts } = make();
    fake.alwaysFault = { kind: 'err', errNo: 502, msg: 'authentication failed.' };
    const e = await failure(synthesizeAll(tts, '额度用完'));
    expect(e).toMatchObject({ code: 'TTS_AUTH', retryable: false, provider: 'baidu', providerCode: 502 });
    expect(fake.syntheses.length).toBe(2);
    expect(fake.tokenRequests).toBe(2);
  });

  it('wrong credentials are a permanent TTS_AUTH from the token endpoint, tried once', async () => {
    const { tts, sleeps } = make({ secretKey: 'wrong-secret' });
    const e = await failure(synthesizeAll(tts, '你好'));
    expect(e).toMatchObject({ code: 'TTS_AUTH', retryable: false, providerCode: 'invalid_client', status: 401 });
    expect(e.message).not.toContain('wrong-secret');
    expect(fake.tokenRequests).toBe(1);
    expect(sleeps).toEqual([]);
    expect(fake.syntheses.length).toBe(0);
  });

  it('retries 500, 503 and rate limits with doubling backoff, then succeeds', async () => {
    const { tts, sleeps } = make({ retries: 3, backoffMs: 100 });
    fake.faults.push({ kind: 'err', errNo: 500 }, { kind: 'limit', errorCode: 18 }, { kind: 'err', errNo: 503 });
    const pcm = await synthesizeAll(tts, '重试');
    expect(pcm.length).toBe(2 * SAMPLES_PER_CHAR);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(fake.syntheses.length).toBe(4);
  });

  it('gives up after its retries with the last retryable error', async () => {
    const { tts, sleeps } = make({ retries: 2, backoffMs: 10 });
    fake.alwaysFault = { kind: 'limit', errorCode: 18 };
    const e = await failure(synthesizeAll(tts, '限流'));
    expect(e).toMatchObject({ code: 'TTS_RATE_LIMITED', retryable: true, providerCode: 18 });
    expect(sleeps).toEqual([10, 20]);
    expect(fake.syntheses.length).toBe(3);
  });

  it('classifies other documented errors: 501 bad params and 513 bad text are permanent, quota is permanent', async () => {
    const { tts } = make();
    fake.faults.push({ kind: 'err', errNo: 501 });
    expect(await failure(synthesizeAll(tts, '参数'))).toMatchObject({ code: 'TTS_BAD_REQUEST', retryable: false });
    fake.faults.push({ kind: 'err', errNo: 513 });
    expect(await failure(synthesizeAll(tts, '符号'))).toMatchObject({ code: 'TTS_BAD_TEXT', retryable: false });
    fake.faults.push({ kind: 'limit', errorCode: 16 });
    expect(await failure(synthesizeAll(tts, '字数'))).toMatchObject({ code: 'TTS_QUOTA', retryable: false });
    expect(fake.syntheses.length).toBe(3);
  });

  it('malformed answers are TTS_BAD_RESPONSE: odd-length audio, broken JSON, an HTML error page', async () => {
    const { tts } = make({ retries: 0 });
    fake.faults.push({ kind: 'odd-audio' });
    expect(await failure(synthesizeAll(tts, '一'))).toMatchObject({ code: 'TTS_BAD_RESPONSE', retryable: true });
    fake.faults.push({ kind: 'bad-json' });
    expect(await failure(synthesizeAll(tts, '二'))).toMatchObject({ code: 'TTS_BAD_RESPONSE' });
    fake.faults.push({ kind: 'http', status: 200, type: 'text/html' });
    expect(await failure(synthesizeAll(tts, '三'))).toMatchObject({ code: 'TTS_BAD_RESPONSE' });
    fake.faults.push({ kind: 'http', status: 502 });
    expect(await failure(synthesizeAll(tts, '四'))).toMatchObject({ code: 'TTS_SERVER', status: 502, retryable: true });
  });

  it('a stalled answer times out as TTS_TIMEOUT', async () => {
    const { tts } = make({ retries: 0, stallMs: 150, timeoutMs: 3000 });
    fake.faults.push({ kind: 'stall' });
    const started = Date.now();
    expect(await failure(synthesizeAll(tts, '卡住'))).toMatchObject({ code: 'TTS_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a server that accepts but never answers hits the overall deadline', async () => {
    const silent = http.createServer(() => { /* never answers */ });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const { tts } = make({ retries: 0, tokenUrl: `${url}/oauth/2.0/token`, stallMs: 5000, timeoutMs: 200 });
      expect(await failure(synthesizeAll(tts, '无响应'))).toMatchObject({ code: 'TTS_TIMEOUT' });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('a refused connection is a retryable TTS_NETWORK', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { tts, sleeps } = make({ retries: 1, backoffMs: 5, tokenUrl: `http://127.0.0.1:${port}/oauth/2.0/token` });
    expect(await failure(synthesizeAll(tts, '拒绝'))).toMatchObject({ code: 'TTS_NETWORK', retryable: true });
    expect(sleeps).toEqual([5]);
  });

  it('an abort (barge-in) stops the request with TTS_ABORTED and no retry', async () => {
    const { tts, sleeps } = make();
    fake.delayMs = 300;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect(await failure(synthesizeAll(tts, '打断', { signal: ac.signal }))).toMatchObject({ code: 'TTS_ABORTED', retryable: false });
    expect(sleeps).toEqual([]);
  });

  it('keeps to the account concurrency cap', async () => {
    const semaphore = new Semaphore(2, 'baidu');
    const { tts } = make({ semaphore });
    // The aborted request of an earlier test may still sit in the server's delay.
    while (fake.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    fake.maxInFlight = 0;
    fake.delayMs = 40;
    await Promise.all(['一', '二', '三', '四', '五', '六'].map((t) => synthesizeAll(tts, t)));
    expect(fake.maxInFlight).toBe(2);
    expect(semaphore.inUse).toBe(0);
  });

  it('health: token plus a one-character synthesis; a wrong key reports TTS_AUTH without secrets', async () => {
    const { tts } = make();
    const ok = await tts.health();
    expect(ok).toMatchObject({ ok: true, provider: 'baidu', quality: 'production' });
    expect(fake.syntheses.at(-1)!.tex).toHaveLength(1);
    const { tts: bad } = make({ apiKey: 'nobody' });
    const h = await bad.health();
    expect(h).toMatchObject({ ok: false, code: 'TTS_AUTH' });
    expect(JSON.stringify(h)).not.toContain(fake.secretKey);
    expect(bad.describe()).not.toContain(fake.secretKey);
  });

  it('rate-limited past its retries, the configured fallback speaks with espeak-ng', async () => {
    const parsed = parseTtsConfig({
      provider: 'baidu',
      credentials: { appId: '12345678', apiKey: fake.apiKey, secretKey: fake.secretKey },
      fallback: 'espeak',
      endpoints: { tokenUrl: fake.tokenUrl, ttsUrl: fake.ttsUrl },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const used: string[] = [];
    const tts = createTtsProvider(parsed.value, { baidu: { retries: 1, backoffMs: 1 }, onFallback: (e) => used.push(`${e.primary}->${e.fallback}:${e.error.code}`) });
    try {
      fake.alwaysFault = { kind: 'err', errNo: 500 };
      expect(tts).toBeInstanceOf(FallbackTts);
      expect((tts as FallbackTts).fallback).toBeInstanceOf(EspeakTts);
      const pcm = await synthesizeAll(tts, '您好');
      expect(pcm.length).toBeGreaterThan(8000 * 0.3);
      expect(used).toEqual(['baidu->espeak:TTS_SERVER']);
      expect(fake.syntheses.length).toBe(2);
    } finally {
      await tts.close();
    }
  });
});
