/**
 * A browser softphone (JsSIP) registering through the SIP edge (Kamailio over WebSocket), as
 * the REGISTER reaches our registrar: the edge's UDP Via on top of the browser's WSS one, the
 * edge's Path with the browser's flow as `received`, `Supported: path` added by the edge, and
 * JsSIP's Contact (`*.invalid` host, transport=ws, reg-id and +sip.instance).
 */
import { answerDigestChallenge, formatDigestCredentials, parseSipMessage, serializeSipMessage, unwrap } from '../../src/sip/index.js';
import type { DigestChallenge, SipRequest } from '../../src/sip/index.js';

/** The variable parts of one relayed REGISTER. */
export interface EdgeRegisterSpec {
  cseq: number;
  expires?: number;
  /** Path values as the edge writes them; default: the edge's own, with the browser's flow. */
  path?: string[];
  /** The Supported header; default as the edge forwards it (`outbound` from JsSIP, `path` from the edge). */
  supported?: string | null;
  require?: string;
  auth?: { challenge: DigestChallenge; password: string };
}

/** A JsSIP user `user`@`domain` behind the edge at `edgeHost:edgePort` (UDP towards us). */
export class EdgePhone {
  readonly contact = 'sip:k3t9bq2r@7vd1ohq8mfm2.invalid;transport=ws';
  private nc = 0;

  constructor(readonly user: string, readonly domain: string, readonly edgeHost: string, readonly edgePort: number, readonly browserPort = 51724) {}

  /** The Path the edge adds: itself, loose-routing, with the browser's WebSocket flow as `received`. */
  get edgePath(): string {
    return `<sip:${this.edgeHost}:${this.edgePort};lr;received=sip:127.0.0.1:${this.browserPort}%3Btransport%3Dws>`;
  }

  register(spec: EdgeRegisterSpec): SipRequest {
    const aor = `sip:${this.user}@${this.domain}`;
    const lines = [
      `REGISTER sip:${this.domain} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.edgeHost}:${this.edgePort};branch=z9hG4bKedge${spec.cseq}${this.user}`,
      `Via: SIP/2.0/WSS 7vd1ohq8mfm2.invalid;rport=${this.browserPort};received=127.0.0.1;branch=z9hG4bK${spec.cseq}js${this.user}`,
      'Max-Forwards: 69', `To: <${aor}>`, `From: <${aor}>;tag=p1e2s3fr${this.user}`, `Call-ID: jssip-${this.user}-8gq4r2ts`,
      `CSeq: ${spec.cseq} REGISTER`,
      `Contact: <${this.contact}>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:0d4f5d37-${this.user}>";expires=${spec.expires ?? 600}`,
      `Expires: ${spec.expires ?? 600}`,
      'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY',
      'User-Agent: JsSIP 3.13.8',
    ];
    const supported = spec.supported === undefined ? 'outbound\r\nSupported: path' : spec.supported;
    if (supported !== null) lines.push(`Supported: ${supported}`);
    if (spec.require !== undefined) lines.push(`Require: ${spec.require}`);
    for (const hop of spec.path ?? [this.edgePath]) lines.push(`Path: ${hop}`);
    if (spec.auth) {
      this.nc += 1;
      const creds = unwrap(answerDigestChallenge(spec.auth.challenge, {
        method: 'REGISTER', uri: `sip:${this.domain}`, username: this.user, password: spec.auth.password,
      }, this.nc, `js${this.nc}cn0nce`));
      lines.push(`Authorization: ${formatDigestCredentials(creds)}`);
    }
    lines.push('Content-Length: 0', '', '');
    const parsed = parseSipMessage(Buffer.from(lines.join('\r\n')));
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error(`edge REGISTER did not parse: ${JSON.stringify(parsed)}`);
    const again = parseSipMessage(serializeSipMessage(parsed.message));
    if (!again.ok || again.message.kind !== 'request') throw new Error('edge REGISTER did not round-trip');
    return again.message;
  }
}
