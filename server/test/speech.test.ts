/** Speech engine settings (语音引擎) over the API, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFunAsr } from '@waihu/asr/testing';
import type { FakeFunAsr } from '@waihu/asr/testing';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';
import { loadSpeech } from '../src/speech/settings.js';
import { scopedDb } from '../src/tenancy.js';

describe.each(await databases())('speech engines on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  let bravo: string;
  let funasr: FakeFunAsr;
  beforeAll(async () => {
    api = await startApi(kind);
    funasr = await startFakeFunAsr();
    [admin, leader, bravo] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('bravo')]);
  });
  afterAll(async () => { await api?.close(); await funasr?.close(); });

  it('keeps Baidu keys sealed, never shows them, and keeps a key the admin leaves out', async () => {
    const r = await api.call('PUT', '/api/speech', admin, {
      asr: { provider: 'baidu-rest', apiKey: 'API-KEY-AAA', secretKey: 'SECRET-BBB', concurrency: 200 },
      tts: { provider: 'baidu', credentials: { appId: '14907505', apiKey: 'TTS-KEY-CCC', secretKey: 'TTS-SECRET-DDD' }, fallback: 'espeak' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ asr: { provider: 'baidu-rest', concurrency: 200, hasApiKey: true, hasSecretKey: true }, tts: { provider: 'baidu', fallback: 'espeak', hasCredentials: true } });
    for (const body of [r.body, (await api.call('GET', '/api/speech', admin)).body, (await api.call('GET', '/api/audit', admin)).body]) {
      for (const secret of ['API-KEY-AAA', 'SECRET-BBB', 'TTS-KEY-CCC', 'TTS-SECRET-DDD']) expect(body).not.toContain(secret);
    }
    const row = await api.db.setting.findFirstOrThrow({ where: { enterpriseId: api.a.id, key: 'speech' } });
    expect(row.value).not.toContain('SECRET-BBB');
    // A new concurrency without the keys: the stored keys stay.
    await api.call('PUT', '/api/speech', admin, { asr: { provider: 'baidu-rest', concurrency: 50 } });
    const loaded = await loadSpeech(scopedDb(api.db, api.a.id), api.secrets);
    expect(loaded.asr).toMatchObject({ provider: 'baidu-rest', apiKey: 'API-KEY-AAA', secretKey: 'SECRET-BBB', concurrency: 50 });
    expect(loaded.tts?.credentials?.secretKey).toBe('TTS-SECRET-DDD');
    expect((await api.call('GET', '/api/speech', bravo)).json()).toEqual({ asr: null, tts: null });
  });

  it('lists every problem by path and changes nothing', async () => {
    const r = await api.call('PUT', '/api/speech', admin, { asr: { provider: 'funasr', concurrency: 0 }, tts: { provider: 'baidu' } });
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'SPEECH_INVALID']);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['/asr/url', '/asr/concurrency', '/tts/credentials']));
    expect((await api.call('GET', '/api/speech', admin)).json().asr.provider).toBe('baidu-rest');
    expect((await api.call('PUT', '/api/speech', leader, { asr: null })).statusCode).toBe(403);
  });

  it('gives a script its own voice over the enterprise\'s engine', async () => {
    const script = await api.db.template.findFirst({ where: { enterpriseId: api.a.id } })
      ?? await api.db.template.create({ data: { enterpriseId: api.a.id, name: '测试话术' } });
    await api.call('PUT', '/api/speech', admin, { tts: { provider: 'espeak' } });
    const r = await api.call('PUT', `/api/scripts/${script.id}/speech`, leader, { voice: { spd: 7 } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ override: { voice: { spd: 7 } }, effective: { provider: 'espeak', voice: { spd: 7 } } });
    expect((await api.call('GET', `/api/scripts/${script.id}/speech`, leader)).json().override).toEqual({ voice: { spd: 7 } });
    // Baidu needs the enterprise's Baidu keys, which it no longer has.
    const baidu = await api.call('PUT', `/api/scripts/${script.id}/speech`, leader, { provider: 'baidu' });
    expect([baidu.statusCode, baidu.json().error.code]).toEqual([409, 'SPEECH_CONFLICT']);
    expect((await api.call('PUT', `/api/scripts/${script.id}/speech`, leader, { voice: { spd: 99 } })).statusCode).toBe(400);
    expect((await api.call('GET', `/api/scripts/${script.id}/speech`, bravo)).statusCode).toBe(404);
  });

  it('checks the engines live', async () => {
    await api.call('PUT', '/api/speech', admin, { asr: { provider: 'funasr', url: funasr.url }, tts: { provider: 'espeak' } });
    const r = await api.call('POST', '/api/speech/check', admin);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().asr).toMatchObject({ ok: true });
    expect(r.json().tts).toMatchObject({ ok: true });
    await api.call('PUT', '/api/speech', admin, { asr: { provider: 'funasr', url: 'ws://127.0.0.1:9' } });
    const down = (await api.call('POST', '/api/speech/check', admin)).json();
    expect(down.asr).toMatchObject({ ok: false, code: expect.stringMatching(/^ASR_/) });
    expect((await api.call('POST', '/api/speech/check', bravo)).json()).toEqual({ asr: null, tts: null });
  });
});
