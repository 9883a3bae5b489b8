/**
 * Digest authentication of a REGISTER against the enterprise's extensions.
 *
 * One realm per enterprise domain: the realm is the AOR's domain (RFC 3261 §22.1's advice).
 * Why not one global realm: extension numbers (8001…) repeat across enterprises, so the
 * domain is what tells them apart, and a realm per domain makes credentials, HA1 hashes and
 * nonces (the nonce MAC covers the realm) useless against another enterprise. The digest
 * server is stateless (self-validating nonces), so one per request costs two closures.
 */
import { createDigestServer, formatDigestChallenge, parseDigestCredentials } from '../sip/index.js';
import type { DigestChallenge, DigestCredentials, RandomBytes, SipRequest } from '../sip/index.js';
import type { AddressOfRecord } from './register-request.js';
import { registrarRefusal, type RegistrarRefusal } from './refusals.js';
import type { ExtensionAccount, ExtensionLookup } from './types.js';

/** Authenticated, or the refusal to send (with a challenge for 401s). */
export type AuthOutcome =
  | { ok: true; account: ExtensionAccount }
  | { ok: false; refusal: RegistrarRefusal; challenge: DigestChallenge | null };

/** What the gate needs from the registrar's options. */
export interface AuthSettings {
  lookup: ExtensionLookup;
  secret: Uint8Array | string;
  random: RandomBytes;
  nonceTtlMs: number;
}

/** Verifies the request's Authorization for the AOR's realm, or says how to answer. */
export function authenticate(request: SipRequest, aor: AddressOfRecord, settings: AuthSettings, nowMs: number): AuthOutcome {
  const realm = aor.domain;
  const server = createDigestServer({ realm, secret: settings.secret, random: settings.random, nonceTtlMs: settings.nonceTtlMs });
  const challenge = (code: 'AUTH_REQUIRED' | 'AUTH_STALE', detail: string): AuthOutcome => ({
    ok: false, refusal: registrarRefusal(code, detail), challenge: server.challenge(nowMs, code === 'AUTH_STALE'),
  });
  const credentials = credentialsFor(request, realm);
  if (credentials === null) return challenge('AUTH_REQUIRED', `no digest credentials for realm ${realm}`);
  // Register only your own AOR: phones with a separate auth id must use the extension number.
  if (credentials.username !== aor.user) {
    return { ok: false, refusal: registrarRefusal('USER_MISMATCH', `${credentials.username} may not register ${aor.aor}`), challenge: null };
  }
  const account = settings.lookup(aor.domain, aor.user);
  // An unknown user is verified against a throw-away password, so the answer and the work
  // done look the same as for a wrong password: the registrar does not reveal which exist.
  const password = account?.password ?? Buffer.from(settings.random(16)).toString('hex');
  const verdict = server.verify(credentials, { method: request.method, password }, nowMs);
  if (verdict.ok) {
    if (account) return { ok: true, account };
    return { ok: false, refusal: registrarRefusal('UNKNOWN_EXTENSION', `no extension ${aor.aor}`), challenge: null };
  }
  switch (verdict.reason) {
    case 'stale':
      return challenge('AUTH_STALE', 'nonce expired');
    case 'response-mismatch':
      return { ok: false, refusal: registrarRefusal(account ? 'AUTH_FAILED' : 'UNKNOWN_EXTENSION', `digest response mismatch for ${aor.aor}`), challenge: null };
    default:
      // A nonce from before a secret rotation, another realm or algorithm: ask afresh.
      return challenge('AUTH_REQUIRED', `credentials refused: ${verdict.reason}`);
  }
}

/** The WWW-Authenticate value for a challenge. */
export function challengeHeader(challenge: DigestChallenge): string {
  return formatDigestChallenge(challenge);
}

/** The first well-formed Digest Authorization for `realm`; others (other realms, Basic) are ignored. */
function credentialsFor(request: SipRequest, realm: string): DigestCredentials | null {
  for (const value of request.headers.getAll('Authorization')) {
    const parsed = parseDigestCredentials(value);
    if (parsed.ok && parsed.value.realm === realm) return parsed.value;
  }
  return null;
}
