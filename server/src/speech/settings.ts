/**
 * 语音引擎: an enterprise's recognition (ASR) and synthesis (TTS) engines, kept in its settings
 * as the JSON the admin gave, with every credential sealed. The speech package's own parsers
 * check it (one set of rules for the API and the calls); on read the keys are opened and parsed
 * again, so a stored configuration is always one the calls can use.
 */
import type { Db } from '@waihu/db';
import { describeAsrConfig, describeTtsConfig, parseAsrConfig, parseTtsConfig } from '@waihu/asr';
import type { AsrEngineConfig, TtsEngineConfig } from '@waihu/asr';
import { ApiError } from '../errors.js';
import { saveSetting } from '../crm/settings.js';
import type { SecretBox } from '../secrets/box.js';

export const SPEECH_KEY = 'speech';

/** Where the secrets are in each part's JSON. */
const SECRETS = {
  asr: [['apiKey'], ['secretKey'], ['fallback', 'apiKey'], ['fallback', 'secretKey']],
  tts: [['credentials', 'apiKey'], ['credentials', 'secretKey']],
} as const;

type Part = keyof typeof SECRETS;
type Json = Record<string, unknown>;

export interface SpeechSettings {
  readonly asr: AsrEngineConfig | null;
  readonly tts: TtsEngineConfig | null;
}

export interface SpeechInput {
  readonly asr?: Json | null;
  readonly tts?: Json | null;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function at(o: Json, path: readonly string[]): unknown {
  let cur: unknown = o;
  for (const k of path) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
}

/** A copy of `o` with the value at `path` mapped (only where there is a string). */
function mapAt(o: Json, path: readonly string[], f: (v: string) => string): Json {
  const [head, ...rest] = path;
  if (head === undefined || !(head in o)) return o;
  const v = o[head];
  if (rest.length === 0) return typeof v === 'string' ? { ...o, [head]: f(v) } : o;
  return isObj(v) ? { ...o, [head]: mapAt(v, rest, f) } : o;
}

function withSecrets(part: Part, raw: Json, f: (v: string) => string): Json {
  return SECRETS[part].reduce((acc, p) => mapAt(acc, p, f), raw);
}

/** A secret the admin left out keeps its stored value: the console never has to show or resend keys. */
function keepSecrets(part: Part, given: Json, stored: Json | null): Json {
  if (!stored) return given;
  let out = given;
  for (const p of SECRETS[part]) {
    const parent = p.slice(0, -1);
    const holder = parent.length === 0 ? out : at(out, parent);
    if (at(out, p) === undefined && isObj(holder) && typeof at(stored, p) === 'string') {
      const value = at(stored, p) as string;
      out = parent.length === 0 ? { ...out, [p[0]!]: value } : { ...out, [parent[0]!]: { ...(out[parent[0]!] as Json), [p[p.length - 1]!]: value } };
    }
  }
  return out;
}

interface Stored {
  readonly asr: Json | null;
  readonly tts: Json | null;
}

async function readStored(db: Db, secrets: SecretBox): Promise<Stored> {
  const row = await db.setting.findFirst({ where: { key: SPEECH_KEY } });
  if (!row) return { asr: null, tts: null };
  const sealed = JSON.parse(row.value) as Stored;
  return {
    asr: sealed.asr ? withSecrets('asr', sealed.asr, (v) => secrets.open(v)) : null,
    tts: sealed.tts ? withSecrets('tts', sealed.tts, (v) => secrets.open(v)) : null,
  };
}

function parsed(stored: Stored): SpeechSettings {
  const asr = stored.asr ? parseAsrConfig(stored.asr) : null;
  const tts = stored.tts ? parseTtsConfig(stored.tts) : null;
  return { asr: asr?.ok ? asr.value : null, tts: tts?.ok ? tts.value : null };
}

/** The enterprise's engines, keys opened (for building providers; never for answers). */
export async function loadSpeech(db: Db, secrets: SecretBox): Promise<SpeechSettings> {
  return parsed(await readStored(db, secrets));
}

/** The engines for people: which ones, never a key (the Baidu AppId is not a secret, and the console's form shows it). */
export function describeSpeech(s: SpeechSettings): { asr: Record<string, unknown> | null; tts: Record<string, unknown> | null } {
  return {
    asr: s.asr ? describeAsrConfig(s.asr) : null,
    tts: s.tts ? { provider: s.tts.provider, voice: s.tts.voice, concurrency: s.tts.concurrency, fallback: s.tts.fallback, description: describeTtsConfig(s.tts), appId: s.tts.credentials?.appId ?? null, hasCredentials: s.tts.credentials !== undefined } : null,
  };
}

/** Checks and saves what the admin gave (a part left out stays as it was; null removes it). */
export async function saveSpeech(db: Db, secrets: SecretBox, input: SpeechInput, userId: number, nowMs: number): Promise<SpeechSettings> {
  const stored = await readStored(db, secrets);
  const next: { asr: Json | null; tts: Json | null } = { asr: stored.asr, tts: stored.tts };
  const issues: { path: string; code: string; message: string }[] = [];
  if (input.asr !== undefined) {
    next.asr = input.asr === null ? null : keepSecrets('asr', input.asr, stored.asr);
    const r = next.asr ? parseAsrConfig(next.asr, '/asr') : null;
    if (r && !r.ok) issues.push(...r.issues);
  }
  if (input.tts !== undefined) {
    next.tts = input.tts === null ? null : keepSecrets('tts', input.tts, stored.tts);
    const r = next.tts ? parseTtsConfig(next.tts, '/tts') : null;
    if (r && !r.ok) issues.push(...r.issues);
  }
  if (issues.length > 0) {
    throw new ApiError(400, 'SPEECH_INVALID', `invalid speech engine settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues.map((i) => ({ ...i, path: i.path.replace(/^\$/, '').replace(/\./g, '/') })));
  }
  const sealed = {
    asr: next.asr ? withSecrets('asr', next.asr, (v) => secrets.seal(v)) : null,
    tts: next.tts ? withSecrets('tts', next.tts, (v) => secrets.seal(v)) : null,
  };
  const value = JSON.stringify(sealed);
  const now = new Date(nowMs);
  await saveSetting(db, SPEECH_KEY, value, userId, now);
  return parsed(next);
}
