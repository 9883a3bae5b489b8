/**
 * Digest, server side: challenges and verification for a registrar or a UAS. Nonces are
 * self-validating (timestamp, salt and an HMAC of both), so no nonce table is kept; an old
 * nonce gets stale=true so the client retries silently. Time comes in as `nowMs`.
 * Limitation that follows from keeping no table: nonce-count replay is not detected.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DigestChallenge, DigestCredentials } from './auth-header.js';
import { computeDigestResponse, isDigestAlgorithmSupported } from './digest.js';
import type { RandomBytes } from './ids.js';

export interface DigestServerOptions {
  readonly realm: string;
  /** Server secret for the nonce HMAC: at least 16 random bytes, the same on every node. */
  readonly secret: Uint8Array | string;
  /** How long a nonce is accepted (default 300 000 ms). */
  readonly nonceTtlMs?: number;
  /** `MD5` (default, what phones support) or `SHA-256`. */
  readonly algorithm?: string;
  readonly random: RandomBytes;
}

/** What verification concluded; a failure comes with the challenge to send back. */
export type DigestVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'stale' | 'nonce-invalid' | 'realm-mismatch' | 'algorithm-mismatch' | 'response-mismatch'; readonly challenge: DigestChallenge };

/** Who is asking and what the server knows about them. */
export interface DigestVerifyInput {
  readonly method: string;
  /** The user's password, or stored H(username:realm:password). */
  readonly password?: string;
  readonly ha1?: string;
  readonly body?: Uint8Array;
}

export interface DigestServer {
  challenge(nowMs: number, stale?: boolean): DigestChallenge;
  verify(credentials: DigestCredentials, input: DigestVerifyInput, nowMs: number): DigestVerdict;
}

const SKEW_MS = 5_000;

export function createDigestServer(options: DigestServerOptions): DigestServer {
  const ttl = options.nonceTtlMs ?? 300_000;
  const algorithm = options.algorithm ?? 'MD5';
  if (!isDigestAlgorithmSupported(algorithm)) throw new RangeError(`digest algorithm ${algorithm} is not supported`);
  const mac = (stamp: Buffer): Buffer => createHmac('sha256', options.secret).update(options.realm).update(stamp).digest().subarray(0, 16);

  const makeNonce = (nowMs: number): string => {
    const stamp = Buffer.alloc(16);
    stamp.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(nowMs))));
    stamp.set(options.random(8).subarray(0, 8), 8);
    return Buffer.concat([stamp, mac(stamp)]).toString('base64url');
  };

  const challenge = (nowMs: number, stale = false): DigestChallenge => ({
    realm: options.realm, nonce: makeNonce(nowMs), opaque: null, algorithm, qop: ['auth'], stale, domain: null,
  });

  /** 'ok', 'stale' or 'invalid'. */
  const checkNonce = (nonce: string, nowMs: number): 'ok' | 'stale' | 'invalid' => {
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== 32 || raw.toString('base64url') !== nonce) return 'invalid';
    const stamp = raw.subarray(0, 16);
    if (!timingSafeEqual(raw.subarray(16), mac(stamp))) return 'invalid';
    const issued = Number(stamp.readBigUInt64BE(0));
    if (issued > nowMs + SKEW_MS) return 'invalid';
    return nowMs - issued > ttl ? 'stale' : 'ok';
  };

  const verify = (c: DigestCredentials, input: DigestVerifyInput, nowMs: number): DigestVerdict => {
    const no = (reason: Exclude<DigestVerdict, { ok: true }>['reason']): DigestVerdict => ({ ok: false, reason, challenge: challenge(nowMs, reason === 'stale') });
    if (c.realm !== options.realm) return no('realm-mismatch');
    if ((c.algorithm ?? 'MD5').toLowerCase() !== algorithm.toLowerCase()) return no('algorithm-mismatch');
    const nonce = checkNonce(c.nonce, nowMs);
    if (nonce === 'invalid') return no('nonce-invalid');
    const expected = computeDigestResponse({
      algorithm, username: c.username, realm: c.realm, nonce: c.nonce, method: input.method, uri: c.uri,
      qop: c.qop, nc: c.nc, cnonce: c.cnonce,
      ...(input.ha1 !== undefined ? { ha1: input.ha1 } : { password: input.password ?? '' }),
      ...(input.body ? { body: input.body } : {}),
    });
    const a = Buffer.from(expected, 'utf8');
    const b = Buffer.from(c.response.toLowerCase(), 'utf8');
    // Constant time: the response must not leak how many leading characters were right.
    if (a.length !== b.length || !timingSafeEqual(a, b)) return no('response-mismatch');
    // A right answer to an expired nonce: ask again with stale=true, no new password prompt.
    return nonce === 'stale' ? no('stale') : { ok: true };
  };

  return { challenge, verify };
}
