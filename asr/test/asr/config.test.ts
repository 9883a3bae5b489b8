import { describe, expect, it } from 'vitest';
import { createAsrProvider, describeAsrConfig, parseAsrConfig, probeAsr } from '../../src/asr/index.js';
import { startFakeFunAsr } from '../../src/testing/fake-funasr.js';

describe('recognition engine settings', () => {
  it('accepts each provider with what it needs and fills the concurrency', () => {
    expect(parseAsrConfig({ provider: 'baidu-realtime', appId: 14907505, apiKey: 'k', concurrency: 200 })).toMatchObject({ ok: true, value: { provider: 'baidu-realtime', concurrency: 200, fallback: null } });
    expect(parseAsrConfig({ provider: 'funasr', url: 'ws://127.0.0.1:10095', fallback: { provider: 'baidu-rest', apiKey: 'a', secretKey: 's' } }))
      .toMatchObject({ ok: true, value: { concurrency: 10, fallback: { provider: 'baidu-rest', concurrency: 10 } } });
  });

  it('locates every problem by JSON path', () => {
    const r = parseAsrConfig({ provider: 'baidu-rest', apiKey: 3, devPid: 0, extra: true, fallback: { provider: 'whisper' } });
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.code])).toEqual([
      ['$.extra', 'UNKNOWN_FIELD'], ['$.apiKey', 'TYPE'], ['$.secretKey', 'REQUIRED'], ['$.devPid', 'RANGE'], ['$.fallback.provider', 'ENUM'],
    ]);
    expect(parseAsrConfig({ provider: 'funasr' })).toMatchObject({ ok: false, issues: [{ path: '$.url', code: 'REQUIRED' }] });
    expect(parseAsrConfig({ provider: 'funasr', url: 'file:///etc' })).toMatchObject({ ok: false, issues: [{ path: '$.url', code: 'TYPE' }] });
    expect(parseAsrConfig('baidu')).toMatchObject({ ok: false, issues: [{ path: '$', code: 'TYPE' }] });
  });

  it('describes without keys', () => {
    const r = parseAsrConfig({ provider: 'baidu-rest', apiKey: 'API-KEY-1', secretKey: 'SECRET-1' });
    if (!r.ok) throw new Error('unexpected');
    const text = JSON.stringify(describeAsrConfig(r.value));
    expect(text).not.toContain('API-KEY-1');
    expect(text).not.toContain('SECRET-1');
    expect(describeAsrConfig(r.value)).toMatchObject({ provider: 'baidu-rest', hasApiKey: true, hasSecretKey: true });
  });

  it('makes a working provider from the settings', async () => {
    const server = await startFakeFunAsr();
    try {
      const r = parseAsrConfig({ provider: 'funasr', url: server.url });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const provider = createAsrProvider(r.value);
      expect(await probeAsr(provider)).toMatchObject({ ok: true });
      expect((await provider.health()).status).toBe('ok');
      await provider.close();
    } finally {
      await server.close();
    }
  });

  it('says why an engine does not work', async () => {
    const r = parseAsrConfig({ provider: 'funasr', url: 'ws://127.0.0.1:9' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const provider = createAsrProvider(r.value);
    const probe = await probeAsr(provider, 5_000);
    expect(probe.ok).toBe(false);
    expect(probe.code).toMatch(/^ASR_/);
    await provider.close();
  });
});
