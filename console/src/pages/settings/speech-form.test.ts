import { describe, expect, it } from 'vitest';
import { formFrom, speechBody, speechFieldErrors } from './speech-form.js';

// What GET /api/speech answers (server describeSpeech): no key, only whether one is set.
const described = {
  asr: {
    provider: 'baidu-rest', appId: null, devPid: 1537, lmId: null, url: null, modelDir: null, concurrency: 200, hasApiKey: true, hasSecretKey: true,
    fallback: { provider: 'funasr', appId: null, devPid: null, lmId: null, url: 'ws://asr:10095', modelDir: null, concurrency: 10, hasApiKey: false, hasSecretKey: false },
  },
  tts: { provider: 'baidu', voice: { per: 4, spd: 5, pit: 5, vol: 6 }, concurrency: 5, fallback: 'espeak', appId: '14907505', hasCredentials: true, description: '…' },
};

describe('speech engines form', () => {
  it('fills from what the server describes, keys blank', () => {
    const f = formFrom(described);
    expect(f.asr).toMatchObject({ provider: 'baidu-rest', apiKey: '', secretKey: '', devPid: '1537', concurrency: '200', hasApiKey: true });
    expect(f.asrFallback).toMatchObject({ provider: 'funasr', url: 'ws://asr:10095' });
    expect(f.tts).toMatchObject({ provider: 'baidu', appId: '14907505', apiKey: '', per: '4', vol: '6', fallback: 'espeak', hasCredentials: true });
    expect(formFrom({ asr: null, tts: null }).asr.provider).toBe('');
  });

  it('sends only the fields the provider takes, leaving blank keys out so the server keeps them', () => {
    const f = formFrom(described);
    f.asr.url = 'https://leftover.example'; // Baidu REST takes a private endpoint
    f.asrFallback.apiKey = 'ignored'; // FunASR takes no key: not sent
    expect(speechBody(f)).toEqual({
      asr: { provider: 'baidu-rest', devPid: 1537, url: 'https://leftover.example', concurrency: 200, fallback: { provider: 'funasr', url: 'ws://asr:10095', concurrency: 10 } },
      tts: { provider: 'baidu', fallback: 'espeak', credentials: { appId: '14907505' }, voice: { per: 4, spd: 5, pit: 5, vol: 6 }, concurrency: 5 },
    });
  });

  it('switches engines off with null and sends new keys when typed', () => {
    const f = formFrom(described);
    f.asrFallback.provider = '';
    f.asr.apiKey = 'NEW-KEY';
    f.tts.provider = 'espeak';
    f.tts.fallback = 'none';
    expect(speechBody(f)).toEqual({
      asr: { provider: 'baidu-rest', apiKey: 'NEW-KEY', devPid: 1537, concurrency: 200, fallback: null },
      tts: { provider: 'espeak', fallback: 'none', voice: { per: 4, spd: 5, pit: 5, vol: 6 }, concurrency: 5 },
    });
    f.asr.provider = '';
    f.tts.provider = '';
    expect(speechBody(f)).toEqual({ asr: null, tts: null });
  });

  it('pins the server\'s problems to the inputs they are about', () => {
    expect(speechFieldErrors([
      { path: '/asr/apiKey', message: 'baidu-rest needs apiKey' },
      { path: '/asr/fallback/url', message: 'funasr needs url' },
      { path: '/tts/credentials/secretKey', message: 'must be a non-empty string' },
      { path: '/tts/voice/spd', message: 'must be between 0 and 15' },
    ])).toEqual({ 'asr.apiKey': 'baidu-rest needs apiKey', 'asrFallback.url': 'funasr needs url', 'tts.secretKey': 'must be a non-empty string', 'tts.spd': 'must be between 0 and 15' });
  });
});
