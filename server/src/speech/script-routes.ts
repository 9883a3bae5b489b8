/**
 * A script's own voice (话术音色): which of the enterprise's synthesis engines its calls use and
 * with which voice (发音人, speed, pitch, volume), on top of the enterprise's settings. Kept in
 * the enterprise's settings under `speech.script.<id>`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseScriptTtsOverride, resolveTtsConfig } from '@waihu/asr';
import type { Services } from '../app.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { ApiError } from '../errors.js';
import { saveSetting } from '../crm/settings.js';
import { describeSpeech, loadSpeech } from './settings.js';
import { mustExist } from '../http/exists.js';

const keyOf = (templateId: number): string => `speech.script.${templateId}`;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;
const override = {
  type: 'object', additionalProperties: false,
  properties: {
    provider: { type: 'string', enum: ['baidu', 'espeak'] },
    voice: { type: 'object', additionalProperties: false, properties: { per: { type: 'integer' }, spd: { type: 'integer' }, pit: { type: 'integer' }, vol: { type: 'integer' } } },
  },
} as const;
const reply = { type: 'object', properties: { override, effective: { type: ['object', 'null'], additionalProperties: true } } } as const;

const scriptMustExist = mustExist('script', (db, id) => db.template.findUnique({ where: { id }, select: { id: true } }));

export async function scriptSpeechRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const effective = async (request: FastifyRequest, value: unknown): Promise<Record<string, unknown> | null> => {
    const tts = (await loadSpeech(dbOf(request), services.secrets)).tts;
    if (!tts) return null;
    const parsed = parseScriptTtsOverride(value);
    const r = parsed.ok ? resolveTtsConfig(tts, parsed.value) : null;
    return r?.ok ? describeSpeech({ asr: null, tts: r.value }).tts : null;
  };

  app.get<{ Params: { id: number } }>('/scripts/:id/speech', {
    config: { roles: MANAGERS },
    preValidation: scriptMustExist,
    schema: { tags: ['speech'], summary: '话术音色 A script\'s voice over the enterprise\'s engine, and the result', params: idParams, response: { 200: reply } },
  }, async (request) => {
    const row = await dbOf(request).setting.findFirst({ where: { key: keyOf(request.params.id) } });
    const value = row ? (JSON.parse(row.value) as unknown) : {};
    return { override: value, effective: await effective(request, value) };
  });

  app.put<{ Params: { id: number }; Body: Record<string, unknown> }>('/scripts/:id/speech', {
    config: { roles: MANAGERS },
    preValidation: scriptMustExist,
    schema: { tags: ['speech'], summary: '设置话术音色 Set a script\'s engine and voice ({} returns to the enterprise\'s)', params: idParams, body: override, response: { 200: reply } },
  }, async (request) => {
    const parsed = parseScriptTtsOverride(request.body, '');
    if (!parsed.ok) throw new ApiError(400, 'SPEECH_INVALID', parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; '), parsed.issues.map((i) => ({ ...i, path: i.path.replace(/\./g, '/') })));
    const tts = (await loadSpeech(dbOf(request), services.secrets)).tts;
    if (tts) {
      const resolved = resolveTtsConfig(tts, parsed.value, '');
      if (!resolved.ok) throw new ApiError(409, 'SPEECH_CONFLICT', resolved.issues.map((i) => i.message).join('; '), resolved.issues.map((i) => ({ ...i, path: i.path.replace(/\./g, '/') })));
    }
    const db = dbOf(request);
    const value = JSON.stringify(parsed.value);
    const now = new Date(services.clock());
    const userId = principalOf(request).userId;
    await saveSetting(db, keyOf(request.params.id), value, userId, now);
    return { override: parsed.value, effective: await effective(request, parsed.value) };
  });
}
