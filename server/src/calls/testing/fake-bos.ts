/**
 * A local Baidu Object Storage for tests (BOS itself is unreachable here): PutObject,
 * GetObject and DeleteObject on path-style URLs (`/<bucket>/<key>`, what the SDK sends to an
 * IP endpoint), answering as BOS's API reference says — ETag of the content's MD5, JSON error
 * bodies `{ code, message, requestId }` (NoSuchBucket, NoSuchKey, BadDigest, AccessDenied,
 * SignatureDoesNotMatch, RequestExpired) — and checking every request's bce-auth-v1 signature
 * with the algorithm of Baidu's "生成认证字符串" page, written independently of the SDK.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** RFC 3986 percent-encoding of everything but the unreserved characters (BOS's UriEncode). */
export function uriEncode(s: string, keepSlash = false): string {
  const out = encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? out.replace(/%2F/g, '/') : out;
}

const hmacHex = (key: string, data: string): string => createHmac('sha256', key).update(data).digest('hex');

export interface SignInput {
  readonly method: string;
  /** The decoded path, e.g. `/v1/bucket/recordings/a.wav` or `/bucket/key`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lowercase names → values. */
  readonly headers: Readonly<Record<string, string>>;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** `2015-04-27T08:23:49Z` */
  readonly timestamp: string;
  readonly expirationSeconds: number;
  /** Lowercase header names; empty: BOS's default set (host, content-length, content-type, content-md5, x-bce-*). */
  readonly signedHeaders: readonly string[];
}

/** The signature of a request, per the documented bce-auth-v1 algorithm. */
export function bceSignature(i: SignInput): { signature: string; signedHeaders: string[] } {
  const prefix = `bce-auth-v1/${i.accessKeyId}/${i.timestamp}/${i.expirationSeconds}`;
  const signingKey = hmacHex(i.secretAccessKey, prefix);
  const canonicalUri = uriEncode(i.path.startsWith('/') ? i.path : `/${i.path}`, true);
  const canonicalQuery = Object.entries(i.query)
    .filter(([k]) => k.toLowerCase() !== 'authorization')
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .sort()
    .join('&');
  const defaults = ['host', 'content-length', 'content-type', 'content-md5'];
  const names = i.signedHeaders.length > 0
    ? i.signedHeaders
    : Object.keys(i.headers).filter((h) => defaults.includes(h) || h.startsWith('x-bce-'));
  const canonicalHeaders = names
    .map((h) => [h, (i.headers[h] ?? '').trim()] as const)
    .filter(([, v]) => v !== '')
    .map(([h, v]) => `${uriEncode(h)}:${uriEncode(v)}`)
    .sort()
    .join('\n');
  const canonicalRequest = `${i.method.toUpperCase()}\n${canonicalUri}\n${canonicalQuery}\n${canonicalHeaders}`;
  return { signature: hmacHex(signingKey, canonicalRequest), signedHeaders: [...names] };
}

export interface FakeBosRequest {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly status: number;
  readonly code: string | null;
  readonly authorization: string | null;
}

export interface FakeBos {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** bucket → key → bytes */
  readonly buckets: Map<string, Map<string, Buffer>>;
  readonly requests: FakeBosRequest[];
  /** Makes every request answer 503 (a BOS outage) while true. */
  failAll: boolean;
  close(): Promise<void>;
}

export interface FakeBosOptions {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly buckets: readonly string[];
  /** The server's clock (epoch ms), for signature expiry. */
  readonly now?: () => number;
}

export async function startFakeBos(opts: FakeBosOptions): Promise<FakeBos> {
  const buckets = new Map(opts.buckets.map((b) => [b, new Map<string, Buffer>()]));
  const requests: FakeBosRequest[] = [];
  const now = opts.now ?? Date.now;
  const state = { failAll: false };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://bos.local');
    const path = decodeURIComponent(url.pathname);
    // Path style: /<bucket>/<key>, optionally behind the API version prefix /v1.
    const parts = path.replace(/^\/v1\//, '/').split('/').slice(1);
    const bucket = parts[0] ?? '';
    const key = parts.slice(1).join('/');
    const requestId = randomUUID();
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : null;
    const answer = (status: number, code: string | null, message = '', headers: Record<string, string | number> = {}, payload?: Buffer): void => {
      requests.push({ method: req.method ?? '', bucket, key, status, code, authorization });
      const out = code ? Buffer.from(JSON.stringify({ code, message, requestId })) : (payload ?? Buffer.alloc(0));
      res.writeHead(status, {
        server: 'BceBos', 'x-bce-request-id': requestId, date: new Date(now()).toUTCString(),
        ...(code ? { 'content-type': 'application/json; charset=utf-8' } : {}), 'content-length': out.length, ...headers,
      });
      res.end(out);
    };

    if (state.failAll) return answer(503, 'ServiceUnavailable', 'Please reduce your request rate.');
    // Authentication: bce-auth-v1/{ak}/{timestamp}/{expiration}/{signedHeaders}/{signature}
    const m = /^bce-auth-v1\/([^/]+)\/([^/]+)\/(\d+)\/([^/]*)\/([0-9a-f]{64})$/.exec(authorization ?? '');
    if (!m) return answer(403, 'AccessDenied', 'Access denied: no or malformed authorization');
    const [, ak, timestamp, expiration, signed, signature] = m as unknown as [string, string, string, string, string, string];
    if (ak !== opts.accessKeyId) return answer(403, 'InvalidAccessKeyId', 'The access key id you provided does not exist in our records.');
    const signedAt = Date.parse(timestamp);
    if (!Number.isFinite(signedAt) || now() > signedAt + Number(expiration) * 1000 || signedAt > now() + 15 * 60_000) {
      return answer(400, 'RequestExpired', 'Request has expired.');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => { query[k] = v; });
    const expected = bceSignature({
      method: req.method ?? 'GET', path, query, headers, accessKeyId: ak, secretAccessKey: opts.secretAccessKey,
      timestamp, expirationSeconds: Number(expiration), signedHeaders: signed === '' ? [] : signed.split(';'),
    });
    if (expected.signature !== signature) return answer(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    // Host must be signed: otherwise a signature could be replayed against another bucket or endpoint.
    if (!expected.signedHeaders.includes('host')) return answer(403, 'AccessDenied', 'host must be signed');

    const objects = buckets.get(bucket);
    if (!objects) return answer(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (!key) return answer(400, 'InvalidObjectName', 'Your object key is invalid.');
    switch (req.method) {
      case 'PUT': {
        const md5 = createHash('md5').update(body);
        if (headers['content-md5'] && headers['content-md5'] !== md5.copy().digest('base64')) return answer(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
        if (headers['content-length'] !== undefined && Number(headers['content-length']) !== body.length) return answer(400, 'IncompleteBody', 'The request body terminated unexpectedly.');
        objects.set(key, body);
        return answer(200, null, '', { etag: `"${md5.digest('hex')}"` });
      }
      case 'GET': {
        const data = objects.get(key);
        if (!data) return answer(404, 'NoSuchKey', 'The specified key does not exist.');
        return answer(200, null, '', { etag: `"${createHash('md5').update(data).digest('hex')}"`, 'content-type': 'application/octet-stream', 'content-length': data.length }, data);
      }
      case 'DELETE':
        if (!objects.delete(key)) return answer(404, 'NoSuchKey', 'The specified key does not exist.');
        return answer(204, null);
      default:
        return answer(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
  };

  const server: Server = createServer((req, res) => { handle(req, res).catch(() => res.destroy()); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`, buckets, requests,
    get failAll() { return state.failAll; },
    set failAll(v: boolean) { state.failAll = v; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
