/**
 * A local server speaking Baidu's documented synthesis protocol: the OAuth client-credentials
 * token (aip.baidubce.com/oauth/2.0/token) and POST text2audio (tsn.baidu.com/text2audio) with
 * a double-URL-encoded `tex`, answering audio/basic PCM for aue=5 or a JSON err_no/err_msg.
 * Faults can be queued to test retries, token refresh, malformed answers and stalls.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Something the next text2audio request gets instead of audio. */
export type Fault =
  | { kind: 'err'; errNo: number; msg?: string }
  | { kind: 'limit'; errorCode: number }
  | { kind: 'http'; status: number; body?: string; type?: string }
  | { kind: 'odd-audio' }
  | { kind: 'bad-json' }
  | { kind: 'stall' }
  | { kind: 'revoke-tokens' };

/** One received text2audio request, decoded as Baidu would. */
export interface SeenSynthesis {
  readonly tex: string;
  readonly rawTex: string;
  readonly fields: Record<string, string>;
}

/** Samples per character of synthesized text: 100 ms at 8 kHz. */
export const SAMPLES_PER_CHAR = 800;

function gbk(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return n;
}

/** Deterministic "speech": a tone per character whose amplitude encodes the character's position. */
export function fakePcm(text: string): Int16Array {
  const chars = Array.from(text);
  const out = new Int16Array(chars.length * SAMPLES_PER_CHAR);
  chars.forEach((ch, i) => {
    const amp = 1000 + (ch.codePointAt(0)! % 20000);
    for (let s = 0; s < SAMPLES_PER_CHAR; s++) out[i * SAMPLES_PER_CHAR + s] = Math.round(amp * Math.sin((2 * Math.PI * 440 * s) / 8000));
  });
  return out;
}

export class FakeBaidu {
  readonly apiKey = 'test-api-key-0123456789';
  readonly secretKey = 'test-secret-key-abcdefghij';
  expiresIn = 2_592_000;
  readonly faults: Fault[] = [];
  /** When set, every text2audio request gets this fault (faults queue first). */
  alwaysFault: Fault | null = null;
  tokenRequests = 0;
  readonly syntheses: SeenSynthesis[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Delay before answering text2audio, to observe concurrency. */
  delayMs = 0;
  private tokens = new Set<string>();
  private seq = 0;
  private readonly server: http.Server;
  private readonly stalled = new Set<http.ServerResponse>();

  private constructor() {
    this.server = http.createServer((req, res) => { void this.handle(req, res); });
  }

  static async start(): Promise<FakeBaidu> {
    const fake = new FakeBaidu();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get tokenUrl(): string { return `${this.base}/oauth/2.0/token`; }
  get ttsUrl(): string { return `${this.base}/text2audio`; }

  /** Invalidates every token issued so far (Baidu answers 502 to them). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.base);
    if (url.pathname === '/oauth/2.0/token') return this.token(url.searchParams, res);
    if (url.pathname === '/text2audio' && req.method === 'POST') return this.synthesize(body, res);
    this.json(res, 404, { error: 'not found' });
  }

  private token(q: URLSearchParams, res: http.ServerResponse): void {
    this.tokenRequests++;
    if (q.get('grant_type') !== 'client_credentials') return this.json(res, 400, { error: 'unsupported_grant_type', error_description: 'The authorization grant type is not supported' });
    if (q.get('client_id') !== this.apiKey) return this.json(res, 401, { error: 'invalid_client', error_description: 'unknown client id' });
    if (q.get('client_secret') !== this.secretKey) return this.json(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    const token = `24.${(++this.seq).toString(16).padStart(32, '0')}.${this.expiresIn}.1700000000.282335-12345678`;
    this.tokens.add(token);
    this.json(res, 200, { refresh_token: `25.${this.seq}`, expires_in: this.expiresIn, scope: 'public audio_tts_post brain_all_scope', session_key: 'sk', access_token: token, session_secret: 'ss' });
  }

  private async synthesize(body: string, res: http.ServerResponse): Promise<void> {
    const form = new URLSearchParams(body); // first decoding (the form)
    const fields = Object.fromEntries(form.entries());
    const rawTex = fields.tex ?? '';
    let tex: string;
    try { tex = decodeURIComponent(rawTex); } catch { tex = rawTex; } // second decoding (tex itself)
    this.syntheses.push({ tex, rawTex, fields });
    const sn = `sn-${this.syntheses.length}`;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      const fault = this.faults.shift() ?? this.alwaysFault;
      if (fault?.kind === 'revoke-tokens') this.revokeTokens();
      else if (fault) return this.fault(fault, res, sn);
      const bad = (): void => this.json(res, 200, { err_no: 501, err_msg: 'param error.', sn, idx: 1 });
      if (!tex || fields.ctp !== '1' || fields.lan !== 'zh' || !fields.cuid || fields.cuid.length > 60) return bad();
      for (const k of ['spd', 'pit', 'vol'] as const) if (fields[k] !== undefined && !/^(\d|1[0-5])$/.test(fields[k]!)) return bad();
      if (fields.aue !== undefined && !['3', '4', '5', '6'].includes(fields.aue)) return bad();
      if (gbk(tex) >= 1024) return bad();
      if (!fields.tok || !this.tokens.has(fields.tok)) return this.json(res, 200, { err_no: 502, err_msg: 'authentication failed.', sn, idx: 1 });
      if (fields.aue !== '5') return this.json(res, 200, { err_no: 501, err_msg: 'this fake only speaks aue=5', sn, idx: 1 });
      const pcm = fakePcm(tex);
      res.writeHead(200, { 'content-type': 'audio/basic;codec=pcm;rate=8000;channel=1' });
      res.end(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    } finally {
      this.inFlight--;
    }
  }

  private fault(fault: Fault, res: http.ServerResponse, sn: string): void {
    switch (fault.kind) {
      case 'err': return this.json(res, 200, { err_no: fault.errNo, err_msg: fault.msg ?? 'error.', sn, idx: 1 });
      case 'limit': return this.json(res, 200, { error_code: fault.errorCode, error_msg: 'Open api qps request limit reached' });
      case 'http': res.writeHead(fault.status, { 'content-type': fault.type ?? 'text/html' }); res.end(fault.body ?? '<html>bad gateway</html>'); return;
      case 'odd-audio': res.writeHead(200, { 'content-type': 'audio/basic;codec=pcm;rate=8000;channel=1' }); res.end(Buffer.alloc(301)); return;
      case 'bad-json': res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"err_no": 5'); return;
      case 'stall': res.writeHead(200, { 'content-type': 'audio/basic;codec=pcm;rate=8000;channel=1' }); res.write(Buffer.alloc(320)); this.stalled.add(res); return;
      case 'revoke-tokens': return;
    }
  }
}
