/**
 * Recognition engine settings per enterprise (语音引擎: 引擎类型, AppId, AppKey, SecretKey,
 * 并发数) and the provider they make. Pure parsing: untrusted JSON in, a typed config or every
 * problem located by JSON path out; secrets never reach `describeAsrConfig`.
 */
import { ConcurrencyLimiter } from './limiter.js';
import type { AsrProvider } from './types.js';
import type { AsrError } from './errors.js';
import type { AsrClock } from './clock.js';
import type { SegmenterFactory } from './segmenter.js';
import { energySegmenter } from './segmenter.js';
import { createBaiduRealtimeProvider } from './baidu-realtime.js';
import { createBaiduRestProvider } from './baidu-rest.js';
import { createFunAsrProvider } from './funasr.js';
import { createSherpaProvider } from './sherpa/sherpa-provider.js';
import { createResilientAsrProvider } from './resilient.js';

export type AsrProviderKind = 'baidu-realtime' | 'baidu-rest' | 'funasr' | 'sherpa';
const KINDS: readonly AsrProviderKind[] = ['baidu-realtime', 'baidu-rest', 'funasr', 'sherpa'];

/** One engine: what it is and how to reach it. */
export interface AsrEngine {
  readonly provider: AsrProviderKind;
  /** Baidu: AppId (a number), API Key (AppKey) and Secret Key. */
  readonly appId?: number;
  readonly apiKey?: string;
  readonly secretKey?: string;
  /** Baidu recognition model (dev_pid). */
  readonly devPid?: number;
  /** Baidu realtime: a self-trained model (lm_id). */
  readonly lmId?: number;
  /** FunASR: the server, e.g. `ws://asr.internal:10095`; Baidu: a private endpoint. */
  readonly url?: string;
  /** sherpa: the unpacked streaming model directory. */
  readonly modelDir?: string;
  /** Simultaneous streams the account allows (并发数). */
  readonly concurrency: number;
}

export interface AsrEngineConfig extends AsrEngine {
  /** Used when the primary fails (after its retries), or none. */
  readonly fallback: AsrEngine | null;
}

export interface AsrConfigIssue {
  readonly path: string;
  readonly code: 'REQUIRED' | 'TYPE' | 'RANGE' | 'ENUM' | 'UNKNOWN_FIELD';
  readonly message: string;
}

export type AsrConfigResult = { readonly ok: true; readonly value: AsrEngineConfig } | { readonly ok: false; readonly issues: readonly AsrConfigIssue[] };

const FIELDS = ['provider', 'appId', 'apiKey', 'secretKey', 'devPid', 'lmId', 'url', 'modelDir', 'concurrency'];
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseEngine(o: Obj, path: string, issues: AsrConfigIssue[], extra: readonly string[] = []): AsrEngine | null {
  const add = (p: string, code: AsrConfigIssue['code'], message: string): void => { issues.push({ path: `${path}.${p}`, code, message }); };
  for (const k of Object.keys(o)) if (!FIELDS.includes(k) && !extra.includes(k)) add(k, 'UNKNOWN_FIELD', `unknown field "${k}"`);
  const provider = o['provider'];
  if (typeof provider !== 'string' || !(KINDS as readonly string[]).includes(provider)) {
    add('provider', provider === undefined ? 'REQUIRED' : 'ENUM', `must be one of ${KINDS.join(', ')}`);
    return null;
  }
  const kind = provider as AsrProviderKind;
  const text = (k: string, required: boolean): string | undefined => {
    const v = o[k];
    if (v === undefined || v === null || v === '') { if (required) add(k, 'REQUIRED', `${provider} needs ${k}`); return undefined; }
    if (typeof v !== 'string' || v.length > 512) { add(k, 'TYPE', 'must be text of at most 512 characters'); return undefined; }
    return v.trim();
  };
  const int = (k: string, required: boolean, min: number, max: number): number | undefined => {
    const v = o[k];
    if (v === undefined || v === null) { if (required) add(k, 'REQUIRED', `${provider} needs ${k}`); return undefined; }
    if (typeof v !== 'number' || !Number.isInteger(v)) { add(k, 'TYPE', 'must be an integer'); return undefined; }
    if (v < min || v > max) { add(k, 'RANGE', `must be between ${min} and ${max}`); return undefined; }
    return v;
  };
  const baidu = kind === 'baidu-realtime' || kind === 'baidu-rest';
  const url = text('url', kind === 'funasr');
  if (url !== undefined && !/^(wss?|https?):\/\/[^\s]+$/.test(url)) add('url', 'TYPE', 'must be a ws://, wss://, http:// or https:// address');
  return {
    provider: kind,
    appId: int('appId', kind === 'baidu-realtime', 1, Number.MAX_SAFE_INTEGER),
    apiKey: text('apiKey', baidu),
    secretKey: text('secretKey', kind === 'baidu-rest'),
    devPid: int('devPid', false, 1, 99_999),
    lmId: int('lmId', false, 1, Number.MAX_SAFE_INTEGER),
    url,
    modelDir: text('modelDir', kind === 'sherpa'),
    concurrency: int('concurrency', false, 1, 10_000) ?? 10,
  };
}

/** Parses an enterprise's recognition settings. */
export function parseAsrConfig(json: unknown, path = '$'): AsrConfigResult {
  const issues: AsrConfigIssue[] = [];
  if (!isObj(json)) return { ok: false, issues: [{ path, code: 'TYPE', message: 'must be an object' }] };
  const primary = parseEngine(json, path, issues, ['fallback']);
  let fallback: AsrEngine | null = null;
  const fb = json['fallback'];
  if (fb !== undefined && fb !== null) {
    if (!isObj(fb)) issues.push({ path: `${path}.fallback`, code: 'TYPE', message: 'must be an engine object or null' });
    else fallback = parseEngine(fb, `${path}.fallback`, issues);
  }
  if (issues.length > 0 || !primary) return { ok: false, issues };
  return { ok: true, value: { ...primary, fallback } };
}

/** The settings for people and logs: which engine, never a key. */
export function describeAsrConfig(c: AsrEngineConfig): Record<string, unknown> {
  const one = (e: AsrEngine): Record<string, unknown> => ({
    provider: e.provider, appId: e.appId ?? null, devPid: e.devPid ?? null, lmId: e.lmId ?? null, url: e.url ?? null, modelDir: e.modelDir ?? null,
    concurrency: e.concurrency, hasApiKey: e.apiKey !== undefined, hasSecretKey: e.secretKey !== undefined,
  });
  return { ...one(c), fallback: c.fallback ? one(c.fallback) : null };
}

export interface AsrFactoryDeps {
  readonly clock?: AsrClock;
  /** Makes the VAD segments Baidu REST recognizes (default: an energy segmenter). */
  readonly segmenter?: SegmenterFactory;
  /** One limiter per provider account, shared by every provider object of that account. */
  readonly limiters?: Map<string, ConcurrencyLimiter>;
  readonly onProviderError?: (error: AsrError) => void;
}

function accountKey(e: AsrEngine): string {
  return `${e.provider.startsWith('baidu') ? 'baidu' : e.provider}:${e.appId ?? e.apiKey ?? e.url ?? e.modelDir ?? ''}`;
}

function makeOne(e: AsrEngine, deps: AsrFactoryDeps): AsrProvider {
  let limiter = deps.limiters?.get(accountKey(e));
  if (!limiter) {
    limiter = new ConcurrencyLimiter(e.concurrency);
    deps.limiters?.set(accountKey(e), limiter);
  }
  const clock = deps.clock ? { clock: deps.clock } : {};
  switch (e.provider) {
    case 'baidu-realtime':
      return createBaiduRealtimeProvider({ appId: e.appId!, appKey: e.apiKey!, ...(e.devPid ? { devPid: e.devPid } : {}), ...(e.lmId ? { lmId: e.lmId } : {}), ...(e.url ? { url: e.url } : {}), limiter, ...clock });
    case 'baidu-rest':
      return createBaiduRestProvider({ apiKey: e.apiKey!, secretKey: e.secretKey!, segmenter: deps.segmenter ?? energySegmenter(), ...(e.devPid ? { devPid: e.devPid } : {}), ...(e.url ? { url: e.url } : {}), limiter, ...clock });
    case 'funasr':
      return createFunAsrProvider({ url: e.url!, limiter, ...clock });
    case 'sherpa':
      return createSherpaProvider({ modelDir: e.modelDir!, ...clock });
  }
}

/** The provider a configuration describes: the primary, and the fallback behind it when set. */
export function createAsrProvider(config: AsrEngineConfig, deps: AsrFactoryDeps = {}): AsrProvider {
  const providers = [makeOne(config, deps), ...(config.fallback ? [makeOne(config.fallback, deps)] : [])];
  return createResilientAsrProvider({ providers, ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.onProviderError ? { onProviderError: deps.onProviderError } : {}) });
}

export interface AsrProbe {
  readonly ok: boolean;
  readonly provider: string;
  readonly latencyMs: number;
  /** Why not, when not: an AsrError code such as ASR_AUTH or ASR_CONNECT. */
  readonly code?: string;
  readonly message: string;
}

/**
 * Whether a recognizer works now: one short stream of silence through it, for the console's
 * 检测 button. Health counters alone cannot tell — a provider that was never used looks fine.
 */
export async function probeAsr(provider: AsrProvider, timeoutMs = 8_000): Promise<AsrProbe> {
  const started = Date.now();
  const stream = provider.open({ tag: 'probe' });
  const silence = new Int16Array(8_000 / 50);
  for (let i = 0; i < 25; i++) stream.write({ samples: silence, sampleRate: 8000 });
  stream.end();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  try {
    const outcome = await Promise.race([stream.finished, timeout]);
    const latencyMs = Date.now() - started;
    if (outcome === 'timeout') return { ok: false, provider: provider.name, latencyMs, code: 'ASR_TIMEOUT', message: `no answer within ${timeoutMs} ms` };
    if (outcome.reason === 'error') return { ok: false, provider: provider.name, latencyMs, code: outcome.error.code, message: outcome.error.message };
    return { ok: true, provider: provider.name, latencyMs, message: 'recognition works' };
  } finally {
    clearTimeout(timer);
    stream.close();
  }
}
