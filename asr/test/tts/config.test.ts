import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { BaiduTts, CachedTts, EspeakTts, FallbackTts, PromptCache, createTtsProvider, describeTtsConfig, parseScriptTtsOverride, parseTtsConfig, resolveTtsConfig } from '../../src/index.js';

const SECRET = 'sk-VERY-SECRET-0123456789';
const API_KEY = 'ak-ALSO-SECRET-987654';
const baidu = { provider: 'baidu', credentials: { appId: '11223344', apiKey: API_KEY, secretKey: SECRET }, voice: { per: 4, spd: 6 }, concurrency: 8, fallback: 'espeak' };

describe('speech engine configuration', () => {
  it('parses a Baidu engine, filling voice defaults', () => {
    const r = parseTtsConfig(baidu);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ provider: 'baidu', voice: { per: 4, spd: 6, pit: 5, vol: 5 }, concurrency: 8, fallback: 'espeak' });
    expect(r.value.credentials?.secretKey).toBe(SECRET);
  });

  it('accepts appKey as the console\'s name for the API Key', () => {
    const r = parseTtsConfig({ provider: 'baidu', credentials: { appId: '1', appKey: 'k', secretKey: 's' } });
    expect(r.ok && r.value.credentials?.apiKey).toBe('k');
    expect(r.ok && r.value.fallback).toBe('espeak');
  });

  it('lists every problem with its JSON path', () => {
    const r = parseTtsConfig({ provider: 'baidu', credentials: { appId: '', secretKey: 5 }, voice: { spd: 16, pit: 1.5, tone: 3 }, concurrency: 0, fallback: 'baidu', extra: true }, '$.tts');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = Object.fromEntries(r.issues.map((i) => [i.path, i.code]));
    expect(at).toEqual({
      '$.tts.extra': 'UNKNOWN_FIELD',
      '$.tts.credentials.appId': 'TYPE',
      '$.tts.credentials.apiKey': 'REQUIRED',
      '$.tts.credentials.secretKey': 'TYPE',
      '$.tts.voice.tone': 'UNKNOWN_FIELD',
      '$.tts.voice.spd': 'RANGE',
      '$.tts.voice.pit': 'TYPE',
      '$.tts.concurrency': 'RANGE',
      '$.tts.fallback': 'CONFLICT',
    });
    const long = parseTtsConfig({ provider: 'baidu', credentials: { appId: '1', apiKey: 'k', secretKey: SECRET.repeat(20) } });
    expect(long).toMatchObject({ ok: false, issues: [{ path: '$.credentials.secretKey', code: 'RANGE' }] });
    expect(JSON.stringify(long)).not.toContain(SECRET); // issues never echo the value
    expect(parseTtsConfig('baidu')).toEqual({ ok: false, issues: [{ path: '$', code: 'TYPE', message: 'must be an object' }] });
    expect(parseTtsConfig({ provider: 'baidu' })).toMatchObject({ ok: false, issues: [{ path: '$.credentials', code: 'REQUIRED' }] });
    expect(parseTtsConfig({ provider: 'azure' })).toMatchObject({ ok: false, issues: [{ path: '$.provider', code: 'ENUM' }] });
    expect(parseTtsConfig({ provider: 'espeak', endpoints: { ttsUrl: 'ftp://x' } })).toMatchObject({ ok: false, issues: [{ path: '$.endpoints.ttsUrl' }] });
  });

  it('never shows secrets: describe, JSON and inspect', () => {
    const r = parseTtsConfig(baidu);
    if (!r.ok) throw new Error('parse failed');
    const text = describeTtsConfig(r.value);
    expect(text).toContain('11223344');
    expect(text).toContain('concurrency 8');
    for (const shown of [text, JSON.stringify(r.value), inspect(r.value, { depth: 5 })]) {
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(API_KEY);
    }
  });

  it('a script overrides the voice, or picks an engine the enterprise has set up', () => {
    const ent = parseTtsConfig(baidu);
    if (!ent.ok) throw new Error('parse failed');
    const script = parseScriptTtsOverride({ voice: { spd: 3 } }, '$.script');
    if (!script.ok) throw new Error('parse failed');
    const resolved = resolveTtsConfig(ent.value, script.value);
    expect(resolved.ok && resolved.value.voice).toEqual({ per: 4, spd: 3, pit: 5, vol: 5 });
    const toEspeak = resolveTtsConfig(ent.value, { provider: 'espeak' });
    expect(toEspeak.ok && [toEspeak.value.provider, toEspeak.value.fallback]).toEqual(['espeak', 'none']);
    const local = parseTtsConfig({ provider: 'espeak' });
    if (!local.ok) throw new Error('parse failed');
    expect(resolveTtsConfig(local.value, { provider: 'baidu' })).toMatchObject({ ok: false, issues: [{ path: '$.script.provider', code: 'CONFLICT' }] });
    expect(parseScriptTtsOverride({ voice: { vol: 99 } })).toMatchObject({ ok: false, issues: [{ path: '$.voice.vol', code: 'RANGE' }] });
  });

  it('the factory builds provider, cache and fallback as configured', async () => {
    const ent = parseTtsConfig(baidu);
    if (!ent.ok) throw new Error('parse failed');
    const tts = createTtsProvider(ent.value, { cache: new PromptCache() });
    expect(tts).toBeInstanceOf(FallbackTts);
    const f = tts as FallbackTts;
    expect(f.primary).toBeInstanceOf(CachedTts);
    expect((f.primary as CachedTts).inner).toBeInstanceOf(BaiduTts);
    expect((f.fallback as CachedTts).inner).toBeInstanceOf(EspeakTts);
    expect(tts.describe()).not.toContain(SECRET);
    await tts.close();
    const plain = parseTtsConfig({ provider: 'espeak' });
    if (!plain.ok) throw new Error('parse failed');
    expect(createTtsProvider(plain.value)).toBeInstanceOf(EspeakTts);
  });
});
