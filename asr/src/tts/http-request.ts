/**
 * One HTTP exchange with a deadline, a stall limit and an abort signal, over an agent the
 * provider owns (so closing the provider closes its sockets). Failures become TtsErrors.
 */
import http from 'node:http';
import https from 'node:https';
import { TtsError } from './errors.js';

/** The request. */
export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole exchange, from connect to the last byte. */
  readonly timeoutMs: number;
  /** Longest gap without a byte once connected. */
  readonly stallMs: number;
  readonly signal?: AbortSignal;
  /** Answers bigger than this are refused (a runaway or hostile server). */
  readonly maxBytes?: number;
}

/** The answer, fully read. */
export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** Agents for both schemes, destroyed together. */
export class HttpAgents {
  readonly http = new http.Agent({ keepAlive: true, maxSockets: 64 });
  readonly https = new https.Agent({ keepAlive: true, maxSockets: 64 });

  /** Closes every socket. */
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/**
 * Sends `req` and reads the whole answer. Rejects `TTS_TIMEOUT` (deadline or stall),
 * `TTS_NETWORK` (connection failures), `TTS_ABORTED` (signal) or `TTS_BAD_RESPONSE` (too big).
 * The URL is never put in messages: it may carry a token or a secret.
 */
export function httpRequest(req: HttpRequest, agents: HttpAgents, provider: string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) { reject(new TtsError('TTS_ABORTED', provider, 'request aborted')); return; }
    const url = new URL(req.url);
    const secure = url.protocol === 'https:';
    const lib = secure ? https : http;
    const maxBytes = req.maxBytes ?? 32 * 1024 * 1024;
    let settled = false;
    let stallTimer: NodeJS.Timeout | undefined;
    const chunks: Buffer[] = [];
    let size = 0;

    const finish = (error: TtsError | null, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (stallTimer) clearTimeout(stallTimer);
      req.signal?.removeEventListener('abort', onAbort);
      if (error) {
        request.destroy();
        reject(error);
      } else {
        resolve(response!);
      }
    };
    const armStall = (): void => {
      if (stallTimer) clearTimeout(stallTimer);
      stallTimer = setTimeout(() => finish(new TtsError('TTS_TIMEOUT', provider, `no data for ${req.stallMs} ms`)), req.stallMs);
    };
    const onAbort = (): void => finish(new TtsError('TTS_ABORTED', provider, 'request aborted'));
    const deadline = setTimeout(() => finish(new TtsError('TTS_TIMEOUT', provider, `no complete answer within ${req.timeoutMs} ms`)), req.timeoutMs);

    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const request = lib.request(url, { method: req.method, headers, agent: secure ? agents.https : agents.http }, (res) => {
      armStall();
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) { finish(new TtsError('TTS_BAD_RESPONSE', provider, `answer larger than ${maxBytes} bytes`)); return; }
        chunks.push(chunk);
        armStall();
      });
      res.on('end', () => finish(null, {
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks, size),
      }));
      res.on('aborted', () => finish(new TtsError('TTS_NETWORK', provider, 'connection closed mid-answer')));
      res.on('error', (e) => finish(new TtsError('TTS_NETWORK', provider, 'connection failed mid-answer', { cause: e })));
    });
    request.on('error', (e: NodeJS.ErrnoException) => {
      // ECONNREFUSED, ECONNRESET, ENOTFOUND…: the peer may be back on the next attempt.
      finish(new TtsError('TTS_NETWORK', provider, `connection failed (${e.code ?? 'error'})`, { cause: e }));
    });
    request.on('socket', () => armStall());
    req.signal?.addEventListener('abort', onAbort, { once: true });
    request.end(req.body);
  });
}
