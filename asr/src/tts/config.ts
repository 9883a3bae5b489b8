/**
 * Speech engine settings per enterprise and per script (语音引擎): provider, credentials, voice,
 * the account's concurrency cap and the fallback provider. Pure: untrusted JSON in, a typed
 * config or every problem located by JSON path out. Secrets never reach `describe` or JSON.
 */
import { DEFAULT_VOICE, type TtsVoice } from './types.js';

/** Engines a configuration can name. */
export type TtsProviderKind = 'baidu' | 'espeak';
const PROVIDERS: readonly TtsProviderKind[] = ['baidu', 'espeak'];

/** Baidu application credentials (AppId, API Key a.k.a. AppKey, Secret Key). */
export interface BaiduCredentials {
  readonly appId: string;
  readonly apiKey: string;
  readonly secretKey: string;
}

/** An enterprise's speech engine. */
export interface TtsEngineConfig {
  readonly provider: TtsProviderKind;
  /** Required for `baidu`. Serializes as `"[redacted]"`. */
  readonly credentials?: BaiduCredentials;
  readonly voice: TtsVoice;
  /** Simultaneous syntheses allowed on the provider account (Baidu sells concurrency). */
  readonly concurrency: number;
  /** Used when the provider fails; `none` lets the failure reach the call. */
  readonly fallback: TtsProviderKind | 'none';
  /** Private endpoints (a proxy, a test server); the documented ones when absent. */
  readonly endpoints?: { readonly tokenUrl?: string; readonly ttsUrl?: string };
}

/** What a script may change: its own voice, or another engine the enterprise has set up. */
export interface ScriptTtsOverride {
  readonly provider?: TtsProviderKind;
  readonly voice?: Partial<TtsVoice>;
}

/** One problem, located. */
export interface TtsConfigIssue {
  /** JSON path, e.g. `$.credentials.secretKey`. */
  readonly path: string;
  readonly code: 'REQUIRED' | 'TYPE' | 'RANGE' | 'ENUM' | 'UNKNOWN_FIELD' | 'CONFLICT';
  readonly message: string;
}

/** A parse either gives the value or lists every issue. */
export type TtsConfigResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly TtsConfigIssue[] };

/** Defaults for fields an enterprise leaves out. */
export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 1000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Collector {
  readonly issues: TtsConfigIssue[] = [];
  add(path: string, code: TtsConfigIssue['code'], message: string): void {
    this.issues.push({ path, code, message });
  }
  known(o: Obj, path: string, fields: readonly string[]): void {
    for (const k of Object.keys(o)) if (!fields.includes(k)) this.add(`${path}.${k}`, 'UNKNOWN_FIELD', `unknown field "${k}"`);
  }
  int(v: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v)) { this.add(path, 'TYPE', 'must be an integer'); return undefined; }
    if (v < min || v > max) { this.add(path, 'RANGE', `must be between ${min} and ${max}`); return undefined; }
    return v;
  }
  text(v: unknown, path: string, max = 256): string | undefined {
    if (typeof v !== 'string' || v.trim() === '') { this.add(path, v === undefined ? 'REQUIRED' : 'TYPE', 'must be a non-empty string'); return undefined; }
    if (v.length > max) { this.add(path, 'RANGE', `must be at most ${max} characters`); return undefined; }
    return v.trim();
  }
  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.add(path, v === undefined ? 'REQUIRED' : 'ENUM', `must be one of ${allowed.join(', ')}`);
    return undefined;
  }
  url(v: unknown, path: string): string | undefined {
    const s = this.text(v, path, 2048);
    if (s === undefined) return undefined;
    try {
      const u = new URL(s);
      if (u.protocol === 'http:' || u.protocol === 'https:') return s;
    } catch { /* reported below */ }
    this.add(path, 'TYPE', 'must be an http(s) URL');
    return undefined;
  }
}

const VOICE_FIELDS = ['per', 'spd', 'pit', 'vol'] as const;

function parseVoice(c: Collector, v: unknown, path: string, partial: boolean): Partial<TtsVoice> | undefined {
  if (v === undefined) return partial ? {} : { ...DEFAULT_VOICE };
  if (!isObj(v)) { c.add(path, 'TYPE', 'must be an object'); return undefined; }
  c.known(v, path, VOICE_FIELDS);
  const out: Record<string, number> = partial ? {} : { ...DEFAULT_VOICE };
  for (const f of VOICE_FIELDS) {
    if (v[f] === undefined) continue;
    const n = c.int(v[f], `${path}.${f}`, 0, f === 'per' ? 99999 : 15);
    if (n !== undefined) out[f] = n;
  }
  return out as Partial<TtsVoice>;
}

/** Makes credentials safe to log by accident: JSON and util.inspect show `[redacted]`. */
function sealCredentials(c: BaiduCredentials): BaiduCredentials {
  const sealed = { ...c };
  Object.defineProperty(sealed, 'toJSON', { value: () => '[redacted]', enumerable: false });
  Object.defineProperty(sealed, Symbol.for('nodejs.util.inspect.custom'), { value: () => '[redacted]', enumerable: false });
  return sealed;
}

/** Parses an enterprise's speech engine settings (untrusted JSON) once, at the edge. */
export function parseTtsConfig(input: unknown, path = '$'): TtsConfigResult<TtsEngineConfig> {
  const c = new Collector();
  if (!isObj(input)) return { ok: false, issues: [{ path, code: 'TYPE', message: 'must be an object' }] };
  c.known(input, path, ['provider', 'credentials', 'voice', 'concurrency', 'fallback', 'endpoints']);
  const provider = c.oneOf(input.provider, `${path}.provider`, PROVIDERS);
  let credentials: BaiduCredentials | undefined;
  if (input.credentials !== undefined || provider === 'baidu') {
    const cp = `${path}.credentials`;
    if (!isObj(input.credentials)) {
      c.add(cp, input.credentials === undefined ? 'REQUIRED' : 'TYPE', 'Baidu needs an object with appId, apiKey and secretKey');
    } else {
      const cr = input.credentials;
      c.known(cr, cp, ['appId', 'apiKey', 'appKey', 'secretKey']);
      if (cr.apiKey !== undefined && cr.appKey !== undefined && cr.apiKey !== cr.appKey) c.add(`${cp}.appKey`, 'CONFLICT', 'appKey is another name for apiKey; give one');
      const appId = c.text(cr.appId, `${cp}.appId`, 64);
      const apiKey = c.text(cr.apiKey ?? cr.appKey, `${cp}.apiKey`);
      const secretKey = c.text(cr.secretKey, `${cp}.secretKey`);
      if (appId !== undefined && apiKey !== undefined && secretKey !== undefined) credentials = sealCredentials({ appId, apiKey, secretKey });
    }
  }
  const voice = parseVoice(c, input.voice, `${path}.voice`, false) as TtsVoice | undefined;
  const concurrency = input.concurrency === undefined ? DEFAULT_CONCURRENCY : c.int(input.concurrency, `${path}.concurrency`, 1, MAX_CONCURRENCY);
  const fallback = input.fallback === undefined ? (provider === 'baidu' ? 'espeak' : 'none') : c.oneOf(input.fallback, `${path}.fallback`, [...PROVIDERS, 'none'] as const);
  if (fallback !== undefined && fallback === provider) c.add(`${path}.fallback`, 'CONFLICT', 'the fallback must differ from the provider');
  let endpoints: { tokenUrl?: string; ttsUrl?: string } | undefined;
  if (input.endpoints !== undefined) {
    const ep = `${path}.endpoints`;
    if (!isObj(input.endpoints)) c.add(ep, 'TYPE', 'must be an object');
    else {
      c.known(input.endpoints, ep, ['tokenUrl', 'ttsUrl']);
      endpoints = {};
      if (input.endpoints.tokenUrl !== undefined) endpoints.tokenUrl = c.url(input.endpoints.tokenUrl, `${ep}.tokenUrl`);
      if (input.endpoints.ttsUrl !== undefined) endpoints.ttsUrl = c.url(input.endpoints.ttsUrl, `${ep}.ttsUrl`);
    }
  }
  if (c.issues.length > 0 || !provider || !voice || concurrency === undefined || !fallback) return { ok: false, issues: c.issues };
  const value: TtsEngineConfig = { provider, voice, concurrency, fallback, ...(credentials ? { credentials } : {}), ...(endpoints ? { endpoints } : {}) };
  return { ok: true, value };
}

/** Parses a script's override (its voice, or which of the enterprise's engines to use). */
export function parseScriptTtsOverride(input: unknown, path = '$'): TtsConfigResult<ScriptTtsOverride> {
  const c = new Collector();
  if (input === undefined || input === null) return { ok: true, value: {} };
  if (!isObj(input)) return { ok: false, issues: [{ path, code: 'TYPE', message: 'must be an object' }] };
  c.known(input, path, ['provider', 'voice']);
  const provider = input.provider === undefined ? undefined : c.oneOf(input.provider, `${path}.provider`, PROVIDERS);
  const voice = parseVoice(c, input.voice, `${path}.voice`, true);
  if (c.issues.length > 0) return { ok: false, issues: c.issues };
  return { ok: true, value: { ...(provider ? { provider } : {}), ...(voice && Object.keys(voice).length > 0 ? { voice } : {}) } };
}

/**
 * The engine a script's calls use: the enterprise's, with the script's voice on top. A script
 * may pick Baidu only when the enterprise has Baidu credentials.
 */
export function resolveTtsConfig(enterprise: TtsEngineConfig, script: ScriptTtsOverride = {}, path = '$.script'): TtsConfigResult<TtsEngineConfig> {
  const provider = script.provider ?? enterprise.provider;
  if (provider === 'baidu' && !enterprise.credentials) {
    return { ok: false, issues: [{ path: `${path}.provider`, code: 'CONFLICT', message: 'the enterprise has no Baidu credentials' }] };
  }
  const fallback = enterprise.fallback === provider ? 'none' : enterprise.fallback;
  return { ok: true, value: { ...enterprise, provider, fallback, voice: { ...enterprise.voice, ...script.voice } } };
}

/** For people and logs: engine, AppId, voice, cap, fallback — never the API Key or Secret Key. */
export function describeTtsConfig(config: TtsEngineConfig): string {
  const v = config.voice;
  const engine = config.provider === 'baidu'
    ? `百度语音合成 baidu (AppId ${config.credentials?.appId ?? '-'}, keys ${config.credentials ? 'set' : 'missing'})`
    : 'espeak-ng (测试音质 test quality)';
  return `${engine}; voice per ${v.per} spd ${v.spd} pit ${v.pit} vol ${v.vol}; concurrency ${config.concurrency}; fallback ${config.fallback}`;
}
