import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFunAsrProvider, funAsrHotwords } from '../../src/asr/funasr.js';
import type { FunAsrOptions } from '../../src/asr/funasr.js';
import { startFakeFunAsr } from '../../src/testing/fake-funasr.js';
import type { FakeFunAsr } from '../../src/testing/fake-funasr.js';
import { scriptedSpeech } from '../../src/testing/speech-script.js';
import { closedPort, expectNothingOpen, outcomeCode, recognize, waitFor } from './helpers.js';

let server: FakeFunAsr;
beforeAll(async () => {
  server = await startFakeFunAsr();
});
afterAll(() => server.close());
afterEach(async () => {
  expect(server.violations).toEqual([]);
  server.faults.length = 0;
  await waitFor(() => server.stats.open === 0);
  expectNothingOpen();
});

const provider = (extra: Partial<FunAsrOptions> = {}) =>
  createFunAsrProvider({ url: server.url, finalTimeoutMs: 300, connectTimeoutMs: 500, ...extra });

describe('FunASR 2pass WebSocket', () => {
  it('sends the 2pass configuration, yields growing partials and a timestamped final', async () => {
    const stream = provider({ hotwords: [{ text: '贷款', weight: 30 }] }).open({ hotwords: [{ text: '利息' }] });
    const speech = scriptedSpeech({ key: 2, speechMs: 3000, leadingSilenceMs: 500 });
    const { results, outcome } = await recognize(stream, speech);
    expect(outcomeCode(outcome)).toBe('completed');
    const partials = results.filter((r) => r.kind === 'partial').map((r) => r.text);
    expect(partials.slice(0, 3)).toEqual(['我', '我想', '我想了']);
    const final = results.at(-1)!;
    expect(final).toMatchObject({ kind: 'final', text: '我想了解一下贷款', confidence: null });
    expect(Math.abs(final.startMs - 500)).toBeLessThanOrEqual(5);
    expect(Math.abs(final.endMs - 3500)).toBeLessThanOrEqual(5);
    expect(server.configs.at(-1)).toMatchObject({
      mode: '2pass', is_speaking: true, chunk_size: [5, 10, 5], chunk_interval: 10, wav_format: 'pcm', audio_fs: 16000, itn: true,
      hotwords: '{"贷款":30,"利息":20}',
    });
  });

  it('writes hot words as FunASR wants them: a JSON object as a string', () => {
    expect(funAsrHotwords([])).toBeUndefined();
    expect(JSON.parse(funAsrHotwords([{ text: '阿里巴巴', weight: 20 }])!)).toEqual({ 阿里巴巴: 20 });
  });

  it.each([
    ['drop', 'ASR_CONNECTION_LOST', true],
    ['malformed', 'ASR_MALFORMED_RESPONSE', false],
    ['stall', 'ASR_STALLED', true],
  ] as const)('classifies fault %s as %s', async (fault, code, retryable) => {
    server.faults.push(fault);
    const { outcome } = await recognize(provider().open(), scriptedSpeech({ key: 1, speechMs: 1500 }));
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code, retryable, provider: 'funasr' });
  });

  it('classifies a refused connection as retryable', async () => {
    const { outcome } = await recognize(createFunAsrProvider({ url: `ws://127.0.0.1:${await closedPort()}` }).open(), []);
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code: 'ASR_CONNECT_REFUSED', retryable: true });
  });

  it('times out a server that accepts TCP but never answers the upgrade', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const { outcome } = await recognize(createFunAsrProvider({ url: `ws://127.0.0.1:${port}`, connectTimeoutMs: 100 }).open(), []);
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code: 'ASR_CONNECT_TIMEOUT', retryable: true });
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });
});
