/**
 * Baidu speech synthesis (短文本在线合成) as documented: the OAuth client-credentials token and
 * POST text2audio. Pure parsing and classification; the provider does the I/O.
 *
 * Sources: ai.baidu.com/ai-doc/SPEECH/mlbxh7xie (parameters, limits, Content-Type rule),
 * ai.baidu.com/ai-doc/SPEECH/Albxhaijw (error codes), ai.baidu.com/ai-doc/REFERENCE/Lkru0zoz4
 * and cloud.baidu.com/doc/NLP/s/Okahxcw9u (token and its errors), Baidu-AIP/speech-demo.
 */
import type { FetchedToken } from '../shared/token-cache.js';
import { TtsError, type TtsErrorCode } from './errors.js';
import type { TtsVoice } from './types.js';

/** Documented endpoints. */
export const BAIDU_TOKEN_URL = 'https://aip.baidubce.com/oauth/2.0/token';
export const BAIDU_TTS_URL = 'https://tsn.baidu.com/text2audio';
/** `aue=5`: 8 kHz 16-bit mono PCM, raw, little-endian. */
export const BAIDU_AUE_PCM_8K = 5;
/**
 * Text per request: the hard limit is under 1024 GBK bytes; 120 bytes (about 60 hanzi) is one
 * billed call and the documented recommendation, so splitting there costs nothing and lets
 * playback start after the first, shorter piece.
 */
export const BAIDU_MAX_GBK_BYTES = 1023;
export const BAIDU_PIECE_GBK_BYTES = 120;
/** `cuid` must be under 60 characters. */
export const BAIDU_MAX_CUID = 60;

const PROVIDER = 'baidu';

/** The token URL with the credentials in the query, as documented. */
export function tokenRequestUrl(base: string, apiKey: string, secretKey: string): string {
  const url = new URL(base);
  url.searchParams.set('grant_type', 'client_credentials');
  url.searchParams.set('client_id', apiKey);
  url.searchParams.set('client_secret', secretKey);
  return url.toString();
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Reads the token answer: `{ access_token, expires_in }` on success; `{ error:
 * 'invalid_client', error_description }` for a wrong API Key or Secret Key (permanent).
 */
export function parseTokenResponse(status: number, body: Buffer, nowMs: number): FetchedToken {
  const json = parseJson(body);
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (typeof o.access_token === 'string' && o.access_token !== '' && typeof o.expires_in === 'number' && o.expires_in > 0) {
      return { value: o.access_token, expiresAtMs: nowMs + o.expires_in * 1000 };
    }
    if (typeof o.error === 'string') {
      const permanent = o.error === 'invalid_client' || o.error === 'unauthorized_client' || o.error === 'invalid_grant' || o.error === 'invalid_scope';
      const description = typeof o.error_description === 'string' ? o.error_description : '';
      return throwError(permanent ? 'TTS_AUTH' : status >= 500 ? 'TTS_SERVER' : 'TTS_BAD_REQUEST',
        `token refused: ${o.error}${description ? ` (${description})` : ''}`, status, o.error);
    }
  }
  if (status >= 500) return throwError('TTS_SERVER', `token endpoint answered HTTP ${status}`, status);
  if (status === 429) return throwError('TTS_RATE_LIMITED', 'token endpoint rate-limited', status);
  return throwError('TTS_BAD_RESPONSE', `token endpoint answered HTTP ${status} without a token`, status);
}

function throwError(code: TtsErrorCode, message: string, status?: number, providerCode?: string | number): never {
  throw new TtsError(code, PROVIDER, message, { status, providerCode });
}

/** The form body of a text2audio POST; `tex` is URL-encoded twice as the documentation asks. */
export function synthesisForm(text: string, token: string, cuid: string, voice: TtsVoice): string {
  // The form encoding is the second pass: the server decodes the form, then `tex` again, so
  // characters like + and & survive (a single pass makes + read as a space).
  const fields: [string, string][] = [
    ['tex', encodeURIComponent(text)],
    ['tok', token],
    ['cuid', cuid],
    ['ctp', '1'],
    ['lan', 'zh'],
    ['spd', String(voice.spd)],
    ['pit', String(voice.pit)],
    ['vol', String(voice.vol)],
    ['per', String(voice.per)],
    ['aue', String(BAIDU_AUE_PCM_8K)],
  ];
  return fields.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** What a text2audio answer means. */
export type SynthesisOutcome =
  | { readonly kind: 'audio'; readonly pcm: Int16Array }
  | { readonly kind: 'token-rejected'; readonly error: TtsError };

/** Baidu's error numbers (err_no, or error_code on the gateway's limit answers) by meaning. */
function classify(code: number): { code: TtsErrorCode; token?: boolean } {
  switch (code) {
    case 500: return { code: 'TTS_SERVER' }; // 不支持输入: documented cause is a request timeout
    case 501: return { code: 'TTS_BAD_REQUEST' }; // 输入参数不正确
    case 502: return { code: 'TTS_AUTH', token: true }; // token验证失败 (expired token or no quota)
    case 503: return { code: 'TTS_SERVER' }; // 合成后端错误
    case 513: return { code: 'TTS_BAD_TEXT' }; // 文本错误 (special symbols)
    case 6: return { code: 'TTS_AUTH' }; // No permission to access data
    case 4: case 13: case 15: case 18: return { code: 'TTS_RATE_LIMITED' }; // qps / concurrency / cluster limits
    case 16: case 17: case 19: return { code: 'TTS_QUOTA' }; // characters / daily / total limits
    case 110: case 111: return { code: 'TTS_AUTH', token: true }; // access token invalid / expired
    default: return { code: code >= 500 && code < 600 ? 'TTS_SERVER' : 'TTS_BAD_RESPONSE' };
  }
}

/**
 * Reads a text2audio answer. Success is decided by Content-Type (audio/…), as the documentation
 * says; `aue=5` audio is raw little-endian PCM whose length must be a whole number of samples.
 * A JSON error is thrown as a TtsError, except token rejections which are returned so the
 * caller can refresh the token once.
 */
export function parseSynthesisResponse(status: number, contentType: string, body: Buffer): SynthesisOutcome {
  const type = contentType.toLowerCase();
  if (type.startsWith('audio/')) {
    if (body.length === 0 || body.length % 2 !== 0) throwError('TTS_BAD_RESPONSE', `audio answer of ${body.length} bytes is not 16-bit PCM`, status);
    // A copy, because the Buffer may sit at an odd offset inside Node's pool (little-endian
    // samples into a little-endian host).
    const pcm = new Int16Array(body.length / 2);
    new Uint8Array(pcm.buffer).set(body);
    return { kind: 'audio', pcm };
  }
  const json = parseJson(body);
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    const raw = o.err_no ?? o.error_code;
    const no = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
    if (Number.isFinite(no)) {
      const c = classify(no);
      const msg = typeof o.err_msg === 'string' ? o.err_msg : typeof o.error_msg === 'string' ? o.error_msg : '';
      const error = new TtsError(c.code, PROVIDER, `text2audio error ${no}${msg ? ` (${msg})` : ''}`, { status, providerCode: no });
      if (c.token) return { kind: 'token-rejected', error };
      throw error;
    }
  }
  if (status === 429) throwError('TTS_RATE_LIMITED', 'text2audio rate-limited (HTTP 429)', status);
  if (status >= 500) throwError('TTS_SERVER', `text2audio answered HTTP ${status}`, status);
  return throwError('TTS_BAD_RESPONSE', `text2audio answered HTTP ${status} with ${type || 'no content type'} and no error number`, status);
}
