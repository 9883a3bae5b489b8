/**
 * The speech engines form's model, apart from its page so it is tested without a browser: which
 * fields each provider needs (as the speech package's parseAsrConfig/parseTtsConfig check them),
 * the form filled from what GET /api/speech describes (keys are never sent back, only whether
 * one is set), and the PUT body built from the form — a key left blank is left out, so the
 * server keeps the stored one.
 */

export const ASR_PROVIDERS = ['baidu-realtime', 'baidu-rest', 'funasr', 'sherpa'] as const;
export type AsrKind = (typeof ASR_PROVIDERS)[number];
export const TTS_PROVIDERS = ['baidu', 'espeak'] as const;
export type TtsKind = (typeof TTS_PROVIDERS)[number];

export type AsrField = 'appId' | 'apiKey' | 'secretKey' | 'devPid' | 'lmId' | 'url' | 'modelDir';
/** Fields a recognition engine shows, in order, and whether the provider requires each. */
export const ASR_FIELDS: Readonly<Record<AsrKind, readonly { field: AsrField; required: boolean }[]>> = {
  'baidu-realtime': [{ field: 'appId', required: true }, { field: 'apiKey', required: true }, { field: 'devPid', required: false }, { field: 'lmId', required: false }, { field: 'url', required: false }],
  'baidu-rest': [{ field: 'apiKey', required: true }, { field: 'secretKey', required: true }, { field: 'devPid', required: false }, { field: 'url', required: false }],
  funasr: [{ field: 'url', required: true }],
  sherpa: [{ field: 'modelDir', required: true }],
};
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['apiKey', 'secretKey']);
const NUMBER_FIELDS: ReadonlySet<AsrField> = new Set(['appId', 'devPid', 'lmId']);

/** One recognition engine as the form holds it: text the inputs show; '' is blank. */
export interface AsrEngineForm {
  provider: AsrKind | '';
  appId: string; apiKey: string; secretKey: string; devPid: string; lmId: string; url: string; modelDir: string;
  concurrency: string;
  /** Whether the server holds a key (then a blank input keeps it). */
  hasApiKey: boolean;
  hasSecretKey: boolean;
}
export interface TtsForm {
  provider: TtsKind | '';
  appId: string; apiKey: string; secretKey: string;
  per: string; spd: string; pit: string; vol: string;
  concurrency: string;
  fallback: TtsKind | 'none';
  hasCredentials: boolean;
}
export interface SpeechForm { asr: AsrEngineForm; asrFallback: AsrEngineForm; tts: TtsForm }

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function blankAsr(): AsrEngineForm {
  return { provider: '', appId: '', apiKey: '', secretKey: '', devPid: '', lmId: '', url: '', modelDir: '', concurrency: '', hasApiKey: false, hasSecretKey: false };
}

function asrFrom(d: unknown): AsrEngineForm {
  if (!isObj(d)) return blankAsr();
  const provider = (ASR_PROVIDERS as readonly string[]).includes(str(d['provider'])) ? (d['provider'] as AsrKind) : '';
  return {
    provider, appId: str(d['appId']), apiKey: '', secretKey: '', devPid: str(d['devPid']), lmId: str(d['lmId']), url: str(d['url']), modelDir: str(d['modelDir']),
    concurrency: str(d['concurrency']), hasApiKey: d['hasApiKey'] === true, hasSecretKey: d['hasSecretKey'] === true,
  };
}

/** The form for what GET /api/speech answered (`{ asr, tts }`, each null when not set). */
export function formFrom(described: { asr?: unknown; tts?: unknown } | null | undefined): SpeechForm {
  const asr = described?.asr;
  const tts = described?.tts;
  const voice = isObj(tts) && isObj(tts['voice']) ? tts['voice'] : {};
  const ttsKind = isObj(tts) && (TTS_PROVIDERS as readonly string[]).includes(str(tts['provider'])) ? (tts['provider'] as TtsKind) : '';
  const fallback = isObj(tts) && (['baidu', 'espeak', 'none'] as const).includes(tts['fallback'] as TtsKind) ? (tts['fallback'] as TtsKind | 'none') : 'none';
  return {
    asr: asrFrom(asr),
    asrFallback: asrFrom(isObj(asr) ? asr['fallback'] : null),
    tts: {
      provider: ttsKind, appId: isObj(tts) ? str(tts['appId']) : '', apiKey: '', secretKey: '',
      per: str(voice['per']), spd: str(voice['spd']), pit: str(voice['pit']), vol: str(voice['vol']),
      concurrency: isObj(tts) ? str(tts['concurrency']) : '', fallback, hasCredentials: isObj(tts) && tts['hasCredentials'] === true,
    },
  };
}

/** A number input's text as the API wants it: a number when it reads as one, else the text (the server then says where). */
function num(text: string): number | string {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : text.trim();
}

function asrBody(f: AsrEngineForm): Json | null {
  if (f.provider === '') return null;
  const out: Json = { provider: f.provider };
  for (const { field } of ASR_FIELDS[f.provider]) {
    const v = f[field].trim();
    if (v === '') continue; // a blank key is kept by the server; a blank optional is the default
    out[field] = NUMBER_FIELDS.has(field) ? num(v) : v;
  }
  if (f.concurrency.trim() !== '') out['concurrency'] = num(f.concurrency);
  return out;
}

/** Whether the TTS form needs Baidu credentials: Baidu speaks, or stands behind espeak. */
export function ttsNeedsCredentials(f: TtsForm): boolean {
  return f.provider === 'baidu' || (f.provider !== '' && f.fallback === 'baidu');
}

function ttsBody(f: TtsForm): Json | null {
  if (f.provider === '') return null;
  const out: Json = { provider: f.provider, fallback: f.fallback === f.provider ? 'none' : f.fallback };
  if (ttsNeedsCredentials(f)) {
    // The object itself must be sent for the server to keep the keys left blank inside it.
    const credentials: Json = {};
    if (f.appId.trim() !== '') credentials['appId'] = f.appId.trim();
    if (f.apiKey.trim() !== '') credentials['apiKey'] = f.apiKey.trim();
    if (f.secretKey.trim() !== '') credentials['secretKey'] = f.secretKey.trim();
    out['credentials'] = credentials;
  }
  const voice: Json = {};
  for (const k of ['per', 'spd', 'pit', 'vol'] as const) if (f[k].trim() !== '') voice[k] = num(f[k]);
  if (Object.keys(voice).length > 0) out['voice'] = voice;
  if (f.concurrency.trim() !== '') out['concurrency'] = num(f.concurrency);
  return out;
}

/** The PUT /api/speech body: both parts, null for an engine switched off. */
export function speechBody(f: SpeechForm): { asr: Json | null; tts: Json | null } {
  const asr = asrBody(f.asr);
  if (asr) asr['fallback'] = asrBody(f.asrFallback);
  return { asr, tts: ttsBody(f.tts) };
}

/** The server's problems (`details: [{ path: '/asr/fallback/apiKey', message }]`) keyed as the form names its inputs. */
export function speechFieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details) {
    if (!isObj(d) || typeof d['path'] !== 'string' || typeof d['message'] !== 'string') continue;
    const parts = d['path'].replace(/^\//, '').split('/');
    // asr/fallback/x -> asrFallback.x; tts/credentials/x and tts/voice/x -> tts.x
    const key = parts[0] === 'asr' && parts[1] === 'fallback' ? `asrFallback.${parts[2] ?? 'provider'}` : `${parts[0]}.${parts[parts.length - 1]}`;
    out[key] ??= d['message'];
  }
  return out;
}
