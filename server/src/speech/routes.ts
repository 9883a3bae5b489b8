/** 语音引擎 over HTTP: the enterprise's recognition and synthesis engines, and a live check. */
import type { FastifyInstance } from 'fastify';
import { createAsrProvider, createTtsProvider, probeAsr } from '@waihu/asr';
import type { Services } from '../app.js';
import { ADMINS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { describeSpeech, loadSpeech, saveSpeech } from './settings.js';
import type { SpeechInput } from './settings.js';
import { scriptSpeechRoutes } from './script-routes.js';

const TAGS = ['speech'];
const engine = { type: ['object', 'null'], additionalProperties: true } as const;
const described = { type: 'object', properties: { asr: engine, tts: engine } } as const;
const check = {
  type: ['object', 'null'],
  properties: { ok: { type: 'boolean' }, provider: { type: 'string' }, latencyMs: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } },
} as const;

/** How long the check may take per engine: the console waits for it. */
const CHECK_TIMEOUT_MS = 8_000;

export async function speechRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await scriptSpeechRoutes(app, services);

  app.get('/speech', {
    config: { roles: ADMINS },
    schema: { tags: TAGS, summary: '语音引擎 The recognition (asr) and synthesis (tts) engines, keys never shown', response: { 200: described } },
  }, async (request) => describeSpeech(await loadSpeech(dbOf(request), services.secrets)));

  app.put<{ Body: SpeechInput }>('/speech', {
    config: { roles: ADMINS },
    schema: {
      tags: TAGS,
      summary: '设置语音引擎 Set the engines',
      description: 'asr: { provider: baidu-realtime | baidu-rest | funasr | sherpa, appId, apiKey, secretKey, devPid, lmId, url, modelDir, concurrency, fallback: {…} | null }. tts: { provider: baidu | espeak, credentials: { appId, apiKey, secretKey }, voice: { per, spd, pit, vol }, concurrency, fallback: baidu | espeak | none }. A key left out keeps its stored value; a part left out stays; null removes it. Keys are stored sealed and never returned. 400 SPEECH_INVALID lists every problem by path.',
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { asr: engine, tts: engine } },
      response: { 200: described },
    },
  }, async (request) => describeSpeech(await saveSpeech(dbOf(request), services.secrets, request.body, principalOf(request).userId, services.clock())));

  app.post('/speech/check', {
    config: { roles: ADMINS },
    schema: {
      tags: TAGS, summary: '检测 Whether each configured engine works now (a short recognition of silence; a synthesis health check)',
      response: { 200: { type: 'object', properties: { asr: check, tts: check } } },
    },
  }, async (request) => {
    const settings = await loadSpeech(dbOf(request), services.secrets);
    const asr = settings.asr ? createAsrProvider(settings.asr) : null;
    const tts = settings.tts ? createTtsProvider(settings.tts) : null;
    try {
      const [asrResult, ttsResult] = await Promise.all([
        asr ? probeAsr(asr, CHECK_TIMEOUT_MS) : null,
        tts ? tts.health().then((h) => ({ ok: h.ok, provider: h.provider, latencyMs: Math.round(h.latencyMs), ...(h.code ? { code: h.code } : {}), message: h.message })) : null,
      ]);
      return { asr: asrResult, tts: ttsResult };
    } finally {
      await Promise.all([asr?.close(), tts?.close()]);
    }
  });
}
