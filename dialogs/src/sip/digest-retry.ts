/**
 * Answering 401/407 challenges for one request cycle (RFC 3261 §22.2): one retry per
 * challenge; a second challenge is a refusal unless it says `stale=true` (the server only
 * wants a fresh nonce: our password was right), which gets one more.
 */
import { parseDigestChallenge } from './auth-header.js';
import { answerDigestChallenge, digestChallengeHeader, digestCredentialsHeader } from './digest.js';
import { formatDigestCredentials } from './auth-header.js';
import type { SipIds } from './ids.js';
import type { SipRequest, SipResponse } from './message.js';
import { SipUaError } from './ua-errors.js';

/** A digest account (a trunk's 账号/密码). */
export interface SipAccount {
  readonly username: string;
  readonly password: string;
}

const MAX_STALE_RETRIES = 2;

/** The retry state of one request cycle (one call's INVITE, one REGISTER refresh). */
export class DigestRetry {
  private answered = 0;
  private staleRetries = 0;

  constructor(private readonly account: SipAccount | null, private readonly ids: SipIds) {}

  /**
   * The header to add to the retried request, or the error that ends the cycle with this
   * challenge's status (AUTH_FAILED keeps 401/407).
   */
  answer(request: SipRequest, response: SipResponse): { name: string; value: string } | SipUaError {
    const status = response.status;
    if (this.account === null) return new SipUaError('AUTH_FAILED', `${status} challenge but no account to answer it`, status);
    const challenges = response.headers.getAll(digestChallengeHeader(status)).map((v) => parseDigestChallenge(v, digestChallengeHeader(status)));
    const challenge = challenges.find((c) => c.ok)?.value;
    if (challenge === undefined) return new SipUaError('AUTH_FAILED', `${status} without a digest challenge we can read`, status);
    if (this.answered > 0) {
      if (!challenge.stale || this.staleRetries >= MAX_STALE_RETRIES) return new SipUaError('AUTH_FAILED', `${status} again after our credentials: refused`, status);
      this.staleRetries += 1;
    }
    const creds = answerDigestChallenge(challenge, {
      method: request.method, uri: request.uri, username: this.account.username, password: this.account.password, body: request.body,
    }, 1, this.ids.cnonce());
    if (!creds.ok) return new SipUaError('AUTH_FAILED', creds.error.detail, status);
    this.answered += 1;
    return { name: digestCredentialsHeader(status), value: formatDigestCredentials(creds.value) };
  }
}
