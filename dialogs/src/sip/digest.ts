/**
 * HTTP Digest for SIP, client side (RFC 2617, RFC 7616, RFC 3261 §22): answering a 401/407
 * challenge. MD5, MD5-sess, SHA-256 and SHA-256-sess; qop=auth, auth-int, or none (RFC 2069).
 */
import { createHash } from 'node:crypto';
import { fail, ok, type SipResult } from './errors.js';
import type { DigestChallenge, DigestCredentials } from './auth-header.js';

const HASHES = new Map<string, 'md5' | 'sha256'>([
  ['md5', 'md5'], ['md5-sess', 'md5'], ['sha-256', 'sha256'], ['sha-256-sess', 'sha256'],
]);

/** True when we can compute this algorithm. */
export function isDigestAlgorithmSupported(algorithm: string): boolean {
  return HASHES.has(algorithm.toLowerCase());
}

function hashOf(algorithm: string): (s: string | Uint8Array) => string {
  const name = HASHES.get(algorithm.toLowerCase()) ?? 'md5';
  return (s) => createHash(name).update(s).digest('hex');
}

/** Everything a digest response depends on. */
export interface DigestResponseInput {
  readonly algorithm: string;
  readonly username: string;
  readonly realm: string;
  /** The password, or a stored H(username:realm:password) in `ha1`. */
  readonly password?: string;
  readonly ha1?: string;
  readonly nonce: string;
  readonly method: string;
  readonly uri: string;
  readonly qop: string | null;
  readonly nc: string | null;
  readonly cnonce: string | null;
  /** The message body, for qop=auth-int. */
  readonly body?: Uint8Array;
}

/** H(username:realm:password), what a server may store instead of the password. */
export function digestHa1(algorithm: string, username: string, realm: string, password: string): string {
  return hashOf(algorithm)(`${username}:${realm}:${password}`);
}

/** The `response` value (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1). */
export function computeDigestResponse(p: DigestResponseInput): string {
  const h = hashOf(p.algorithm);
  let ha1 = p.ha1 ?? digestHa1(p.algorithm, p.username, p.realm, p.password ?? '');
  if (p.algorithm.toLowerCase().endsWith('-sess')) ha1 = h(`${ha1}:${p.nonce}:${p.cnonce ?? ''}`);
  const ha2 = p.qop === 'auth-int' ? h(`${p.method}:${p.uri}:${h(p.body ?? new Uint8Array(0))}`) : h(`${p.method}:${p.uri}`);
  return p.qop === null ? h(`${ha1}:${p.nonce}:${ha2}`) : h(`${ha1}:${p.nonce}:${p.nc ?? ''}:${p.cnonce ?? ''}:${p.qop}:${ha2}`);
}

/** The request being authorised and who we are. */
export interface DigestRequest {
  readonly method: string;
  /** The Request-URI, exactly as sent. */
  readonly uri: string;
  readonly username: string;
  readonly password: string;
  readonly body?: Uint8Array;
}

/**
 * Credentials answering `challenge`. `nc` counts requests made with this nonce (start at 1; see
 * DigestNonceCounter); `cnonce` comes from SipIds.cnonce(). Fails for an algorithm or qop we
 * cannot do, so the UA can give up with the 401/407 it got.
 */
export function answerDigestChallenge(challenge: DigestChallenge, request: DigestRequest, nc: number, cnonce: string): SipResult<DigestCredentials> {
  if (!isDigestAlgorithmSupported(challenge.algorithm)) {
    return fail('AUTH_SCHEME_UNSUPPORTED', 'WWW-Authenticate', `algorithm ${challenge.algorithm} is not supported`);
  }
  let qop: string | null = null;
  if (challenge.qop.includes('auth')) qop = 'auth';
  else if (challenge.qop.includes('auth-int')) qop = 'auth-int';
  else if (challenge.qop.length > 0) return fail('AUTH_SCHEME_UNSUPPORTED', 'WWW-Authenticate', `qop ${challenge.qop.join(',')} is not supported`);
  const sess = challenge.algorithm.toLowerCase().endsWith('-sess');
  const ncHex = qop === null ? null : nc.toString(16).padStart(8, '0').slice(-8);
  const usedCnonce = qop === null && !sess ? null : cnonce;
  const response = computeDigestResponse({
    algorithm: challenge.algorithm, username: request.username, realm: challenge.realm, password: request.password,
    nonce: challenge.nonce, method: request.method, uri: request.uri, qop, nc: ncHex, cnonce: usedCnonce,
    ...(request.body ? { body: request.body } : {}),
  });
  return ok({
    username: request.username, realm: challenge.realm, nonce: challenge.nonce, uri: request.uri, response,
    algorithm: challenge.algorithm, cnonce: usedCnonce, opaque: challenge.opaque, qop, nc: ncHex,
  });
}

/** Nonce counts per nonce: 1 for a fresh nonce, then 2, 3… while the server keeps it. */
export class DigestNonceCounter {
  #nonce: string | null = null;
  #count = 0;

  next(nonce: string): number {
    if (nonce !== this.#nonce) {
      this.#nonce = nonce;
      this.#count = 0;
    }
    return ++this.#count;
  }
}

/** The header carrying credentials for a challenge status: 401 → Authorization, 407 → Proxy-Authorization. */
export function digestCredentialsHeader(status: number): 'Authorization' | 'Proxy-Authorization' {
  return status === 407 ? 'Proxy-Authorization' : 'Authorization';
}

/** The header carrying challenges in a response with this status. */
export function digestChallengeHeader(status: number): 'WWW-Authenticate' | 'Proxy-Authenticate' {
  return status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
}
