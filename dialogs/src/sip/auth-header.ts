/**
 * Digest challenge and credential headers (RFC 3261 §20.27/.28/.33/.44, RFC 2617, RFC 7616):
 * WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization. One challenge or one
 * set of credentials per field, as SIP sends them.
 */
import { fail, type SipResult } from './errors.js';
import { quoteSipString, scanHeader } from './scan.js';

/** A Digest challenge from a 401/407. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | null;
  /** `MD5` when absent; also `MD5-sess`, `SHA-256`, `SHA-256-sess`. */
  algorithm: string;
  /** qop options offered (`auth`, `auth-int`); empty for an RFC 2069 challenge. */
  qop: string[];
  stale: boolean;
  domain: string | null;
}

/** Digest credentials, as sent in Authorization / Proxy-Authorization. */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: string | null;
  cnonce: string | null;
  opaque: string | null;
  qop: string | null;
  /** Nonce count as 8 hex digits, e.g. `00000001`. */
  nc: string | null;
}

/** `Digest a=b, c="d"` → lower-cased names to unquoted values. */
function parseAuthParams(header: string, value: string): SipResult<Map<string, string>> {
  return scanHeader(header, value, (sc) => {
    sc.skipWs();
    const scheme = sc.token('auth scheme');
    if (scheme.toLowerCase() !== 'digest') sc.fail(`auth scheme "${scheme}" is not supported`, 'AUTH_SCHEME_UNSUPPORTED');
    const params = new Map<string, string>();
    sc.skipWs();
    do {
      const name = sc.token('auth parameter').toLowerCase();
      sc.expect('=', `after ${name}`);
      const v = sc.peek() === '"' ? sc.quoted() : sc.token(`value of ${name}`, true);
      if (params.has(name)) sc.fail(`duplicate parameter ${name}`);
      params.set(name, v);
    } while (sc.eat(','));
    sc.end('the auth parameters');
    return params;
  });
}

function required(header: string, params: Map<string, string>, names: string[]): SipResult<null> | null {
  for (const n of names) if (!params.has(n)) return fail('HEADER_INVALID', header, `missing ${n}`);
  return null;
}

/** Parses a WWW-Authenticate or Proxy-Authenticate value. */
export function parseDigestChallenge(value: string, header = 'WWW-Authenticate'): SipResult<DigestChallenge> {
  const parsed = parseAuthParams(header, value);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const missing = required(header, p, ['realm', 'nonce']);
  if (missing && !missing.ok) return missing;
  return {
    ok: true,
    value: {
      realm: p.get('realm') ?? '',
      nonce: p.get('nonce') ?? '',
      opaque: p.get('opaque') ?? null,
      algorithm: p.get('algorithm') ?? 'MD5',
      qop: (p.get('qop') ?? '').split(',').map((q) => q.trim()).filter((q) => q !== ''),
      stale: (p.get('stale') ?? '').toLowerCase() === 'true',
      domain: p.get('domain') ?? null,
    },
  };
}

/** Parses an Authorization or Proxy-Authorization value. */
export function parseDigestCredentials(value: string, header = 'Authorization'): SipResult<DigestCredentials> {
  const parsed = parseAuthParams(header, value);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const missing = required(header, p, ['username', 'realm', 'nonce', 'uri', 'response']);
  if (missing && !missing.ok) return missing;
  const nc = p.get('nc') ?? null;
  if (nc !== null && !/^[0-9a-fA-F]{8}$/.test(nc)) return fail('HEADER_INVALID', header, 'nc must be 8 hex digits');
  if (p.has('qop') !== (nc !== null) || p.has('qop') !== p.has('cnonce')) return fail('HEADER_INVALID', header, 'qop, nc and cnonce go together');
  return {
    ok: true,
    value: {
      username: p.get('username') ?? '',
      realm: p.get('realm') ?? '',
      nonce: p.get('nonce') ?? '',
      uri: p.get('uri') ?? '',
      response: p.get('response') ?? '',
      algorithm: p.get('algorithm') ?? null,
      cnonce: p.get('cnonce') ?? null,
      opaque: p.get('opaque') ?? null,
      qop: p.get('qop') ?? null,
      nc,
    },
  };
}

/** Formats a challenge; algorithm and stale are tokens, the rest quoted. */
export function formatDigestChallenge(c: DigestChallenge): string {
  const parts = [`realm=${quoteSipString(c.realm)}`];
  if (c.domain !== null) parts.push(`domain=${quoteSipString(c.domain)}`);
  parts.push(`nonce=${quoteSipString(c.nonce)}`);
  if (c.opaque !== null) parts.push(`opaque=${quoteSipString(c.opaque)}`);
  if (c.stale) parts.push('stale=TRUE');
  parts.push(`algorithm=${c.algorithm}`);
  if (c.qop.length > 0) parts.push(`qop=${quoteSipString(c.qop.join(','))}`);
  return `Digest ${parts.join(', ')}`;
}

/** Formats credentials; algorithm, qop and nc are tokens (RFC 2617), the rest quoted. */
export function formatDigestCredentials(c: DigestCredentials): string {
  const parts = [
    `username=${quoteSipString(c.username)}`,
    `realm=${quoteSipString(c.realm)}`,
    `nonce=${quoteSipString(c.nonce)}`,
    `uri=${quoteSipString(c.uri)}`,
    `response=${quoteSipString(c.response)}`,
  ];
  if (c.algorithm !== null) parts.push(`algorithm=${c.algorithm}`);
  if (c.cnonce !== null) parts.push(`cnonce=${quoteSipString(c.cnonce)}`);
  if (c.opaque !== null) parts.push(`opaque=${quoteSipString(c.opaque)}`);
  if (c.qop !== null) parts.push(`qop=${c.qop}`);
  if (c.nc !== null) parts.push(`nc=${c.nc}`);
  return `Digest ${parts.join(', ')}`;
}
