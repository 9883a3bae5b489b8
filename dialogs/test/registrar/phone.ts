/**
 * A scripted phone for registrar tests: builds REGISTERs as real phones write them (a baresip
 * softphone, a Yealink-style desk phone), parses them with the real parser, and answers the
 * registrar's digest challenges.
 */
import {
  answerDigestChallenge, formatDigestCredentials, parseDigestChallenge, parseSipMessage, serializeSipMessage, unwrap,
} from '../../src/sip/index.js';
import type { DigestChallenge, SipRequest, SipResponse } from '../../src/sip/index.js';

/** How the phone writes its REGISTERs. */
export type PhoneStyle = 'baresip' | 'desk';

/** One REGISTER's variable parts. */
export interface RegisterSpec {
  cseq: number;
  /** Contact header value(s) as written; default: the phone's own contact. `null`: no Contact (a query). */
  contact?: string | string[] | null;
  /** Expires header; omitted when undefined. */
  expires?: number | string;
  /** Answer this challenge with this password. */
  auth?: { challenge: DigestChallenge; password: string; username?: string };
  callId?: string;
  require?: string;
  to?: string;
}

/** A phone of extension `user` in `domain` at `host:port` (its own, possibly private, address). */
export class ScriptedPhone {
  callId: string;
  private nc = 0;

  constructor(
    readonly style: PhoneStyle,
    readonly user: string,
    readonly domain: string,
    readonly host: string,
    readonly port: number,
  ) {
    this.callId = style === 'baresip' ? `f1b2c3d4e5f6a7b8${user}` : `0_2839571${user}@${host}`;
  }

  get contact(): string {
    return this.style === 'baresip'
      ? `<sip:${this.user}-0x55d1c0@${this.host}:${this.port};transport=udp>;+sip.instance="<urn:uuid:6f1c1d0e-${this.user}>"`
      : `<sip:${this.user}@${this.host}:${this.port}>`;
  }

  /** Builds, serializes and re-parses a REGISTER, so the registrar sees what the parser gives it. */
  register(spec: RegisterSpec): SipRequest {
    const requestUri = this.style === 'baresip' ? `sip:${this.domain}` : `sip:${this.domain}:5060`;
    const aor = this.style === 'baresip' ? `sip:${this.user}@${this.domain}` : `sip:${this.user}@${this.domain}:5060`;
    const lines = [`REGISTER ${requestUri} SIP/2.0`, `Via: SIP/2.0/UDP ${this.host}:${this.port};branch=z9hG4bK${spec.cseq}x${this.user};rport`];
    if (this.style === 'baresip') {
      lines.push(
        'Max-Forwards: 70', `To: ${spec.to ?? `<${aor}>`}`, `From: <${aor}>;tag=a7f3c21e${this.user}`, `Call-ID: ${spec.callId ?? this.callId}`,
        `CSeq: ${spec.cseq} REGISTER`, 'User-Agent: baresip v1.0.0 (x86_64/linux)',
        'Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,UPDATE,REFER', 'Supported: replaces,norefersub,gruu',
      );
    } else {
      lines.push(
        `From: "Wang ${this.user}" <${aor}>;tag=1949283${this.user}`, `To: ${spec.to ?? `"Wang ${this.user}" <${aor}>`}`,
        `Call-ID: ${spec.callId ?? this.callId}`, `CSeq: ${spec.cseq} REGISTER`, 'Max-Forwards: 70',
        'User-Agent: Yealink SIP-T46S 66.85.0.5', 'Allow-Events: talk,hold,conference,refer,check-sync',
      );
    }
    const contact = spec.contact === undefined ? this.contact : spec.contact;
    if (contact !== null) for (const c of Array.isArray(contact) ? contact : [contact]) lines.push(`Contact: ${c}`);
    if (spec.expires !== undefined) lines.push(`Expires: ${spec.expires}`);
    if (spec.require !== undefined) lines.push(`Require: ${spec.require}`);
    if (spec.auth) {
      this.nc += 1;
      const creds = unwrap(answerDigestChallenge(spec.auth.challenge, {
        method: 'REGISTER', uri: requestUri, username: spec.auth.username ?? this.user, password: spec.auth.password,
      }, this.nc, `c${this.nc}n0nce${this.user}`));
      lines.push(`Authorization: ${formatDigestCredentials(creds)}`);
    }
    lines.push('Content-Length: 0', '', '');
    const parsed = parseSipMessage(Buffer.from(lines.join('\r\n')));
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error(`test REGISTER did not parse: ${JSON.stringify(parsed)}`);
    // Round trip through the serializer too: what the registrar gets is what a socket would carry.
    const again = parseSipMessage(serializeSipMessage(parsed.message));
    if (!again.ok || again.message.kind !== 'request') throw new Error('test REGISTER did not round-trip');
    return again.message;
  }
}

/** The digest challenge of a 401. */
export function challengeOf(response: SipResponse): DigestChallenge {
  const value = response.headers.get('WWW-Authenticate');
  if (value === undefined) throw new Error(`no challenge in ${response.status}`);
  return unwrap(parseDigestChallenge(value));
}

/** The Contact values of a response, with their expires parameter. */
export function contactsOf(response: SipResponse): { uri: string; expires: number }[] {
  return response.headers.getAll('Contact').map((value) => {
    const uri = /<([^>]+)>/.exec(value)?.[1] ?? '';
    const expires = Number(/;expires=(\d+)/.exec(value)?.[1] ?? NaN);
    return { uri, expires };
  });
}
