/**
 * A local server for Baidu's token endpoint and short-utterance REST recognition, checking the
 * client as documented: `POST /oauth/2.0/token` with grant_type=client_credentials, client_id
 * and client_secret in the query (unknown credentials: HTTP 401 `{error:"invalid_client"}`);
 * `POST /server_api` with Content-Type application/json and a body of format "pcm", rate 16000
 * or 8000, channel 1, a string cuid, the current token, a numeric dev_pid, speech as base64 and
 * len equal to the decoded byte count. A malformed request is recorded and answered with
 * err_no 3300; a stale token with err_no 3302. The transcript is derived from the audio.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpeechAnalyzer } from './speech-script.js';

/** One recognition request's scripted failure. */
export type BaiduRestFault = 'ok' | 'rate' | 'server' | 'http-500' | 'stall' | 'malformed' | 'drop' | 'token-expired';

/** What a test can see and steer. */
export interface FakeBaiduRest {
  readonly tokenUrl: string;
  readonly apiUrl: string;
  /** Failures for the next recognition requests, one per request. */
  readonly faults: BaiduRestFault[];
  readonly violations: string[];
  readonly stats: { tokens: number; requests: number; open: number };
  /** Segment lengths (ms) recognized, in order. */
  readonly segmentsMs: number[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 (ephemeral port). */
export async function startFakeBaiduRest(creds: { apiKey: string; secretKey: string; expiresInS?: number }): Promise<FakeBaiduRest> {
  const faults: BaiduRestFault[] = [];
  const violations: string[] = [];
  const segmentsMs: number[] = [];
  const stats = { tokens: 0, requests: 0, open: 0 };
  const valid = new Set<string>();
  const stalled = new Set<ServerResponse>();
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const token = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const q = url.searchParams;
    if (req.method !== 'POST' || q.get('grant_type') !== 'client_credentials') {
      violations.push(`token request ${req.method} grant_type=${q.get('grant_type')}`);
      return json(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    if (q.get('client_id') !== creds.apiKey || q.get('client_secret') !== creds.secretKey) {
      return json(res, 401, { error: 'invalid_client', error_description: 'unknown client id' });
    }
    stats.tokens++;
    const value = `24.fake-token-${stats.tokens}`;
    valid.add(value);
    json(res, 200, { access_token: value, expires_in: creds.expiresInS ?? 2592000, scope: 'audio_voice_assistant_get', session_key: 'x' });
  };
  const recognize = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    stats.requests++;
    const fault = faults.shift() ?? 'ok';
    const refuse = (why: string): void => {
      violations.push(why);
      json(res, 200, { err_no: 3300, err_msg: 'speech quality error.', sn: 'x' });
    };
    if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse('not a JSON POST');
    let b: Record<string, unknown>;
    try {
      b = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return refuse('body is not JSON');
    }
    if (b.format !== 'pcm' || (b.rate !== 16000 && b.rate !== 8000) || b.channel !== 1 || typeof b.cuid !== 'string' ||
      typeof b.token !== 'string' || typeof b.dev_pid !== 'number' || typeof b.speech !== 'string' || typeof b.len !== 'number') {
      return refuse(`fields ${JSON.stringify({ ...b, speech: typeof b.speech, token: typeof b.token })}`);
    }
    const audio = Buffer.from(b.speech, 'base64');
    if (audio.length !== b.len || audio.length % 2 !== 0) return refuse(`len ${b.len} vs ${audio.length} decoded bytes`);
    if (fault === 'token-expired') valid.delete(b.token);
    if (!valid.has(b.token)) return json(res, 200, { err_no: 3302, err_msg: 'authentication failed.', sn: 'x' });
    if (fault === 'rate') return json(res, 200, { err_no: 3304, err_msg: 'the user request exceeds the limit.', sn: 'x' });
    if (fault === 'server') return json(res, 200, { err_no: 3303, err_msg: 'speech server error.', sn: 'x' });
    if (fault === 'http-500') return json(res, 500, { error: 'internal' });
    if (fault === 'malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"err_no": 0, "result": [');
    if (fault === 'drop') return void res.socket?.destroy();
    if (fault === 'stall') return void stalled.add(res);
    const analyzer = new SpeechAnalyzer();
    analyzer.push(audio, b.rate);
    segmentsMs.push(analyzer.audioMs);
    json(res, 200, { corpus_no: '6433214037620997779', err_msg: 'success.', err_no: 0, result: [analyzer.transcript], sn: `${stats.requests}` });
  };
  const http = createServer((req, res) => {
    stats.open++;
    res.on('close', () => { stats.open--; stalled.delete(res); });
    const url = new URL(req.url ?? '/', 'http://x');
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      if (url.pathname === '/oauth/2.0/token') token(req, res, url);
      else if (url.pathname === '/server_api') recognize(req, res, Buffer.concat(parts).toString('utf8'));
      else json(res, 404, {});
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    tokenUrl: `${base}/oauth/2.0/token`, apiUrl: `${base}/server_api`, faults, violations, stats, segmentsMs,
    close: () => new Promise<void>((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    }),
  };
}
