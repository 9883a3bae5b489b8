/**
 * Dialog state (RFC 3261 §12): the ids, CSeq numbers, route set and remote target a UAC or
 * UAS keeps between an INVITE and the BYE, and how in-dialog requests are built from them.
 */
import { getCallId, getContacts, getCSeq, getFromTag, getRecordRoutes, getToTag } from './fields.js';
import { formatCSeq } from './headers.js';
import { newSipRequest, type SipRequest, type SipResponse } from './message.js';
import { formatNameAddr, parseNameAddr } from './name-addr.js';
import type { SipPeer, SipTransportName } from './transport.js';
import { formatSipUri, parseSipUri, type SipUri } from './uri.js';

export type DialogState = 'early' | 'confirmed' | 'terminated';

/** A dialog's identity, from our side. */
export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

/** The key a dialog is found by. */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag}`;
}

/** One dialog. Create with `SipDialog.asUac` or `SipDialog.asUas`. */
export class SipDialog implements DialogId {
  state: DialogState;
  /** Our next CSeq number is `localSeq + 1`. */
  localSeq: number;
  /** The highest CSeq the peer used, or null before its first request. */
  remoteSeq: number | null;
  /** Where in-dialog requests go (the peer's Contact), updated by target refreshes. */
  remoteTarget: string;

  private constructor(
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    /** Our From (as UAC) or To (as UAS) header value, with our tag. */
    readonly localParty: string,
    /** The peer's header value, with its tag. */
    readonly remoteParty: string,
    /** Route set as header values, in the order requests carry them. */
    readonly routeSet: readonly string[],
    readonly localContact: string,
    readonly transport: SipTransportName,
    state: DialogState,
    localSeq: number,
    remoteSeq: number | null,
    remoteTarget: string,
  ) {
    this.state = state;
    this.localSeq = localSeq;
    this.remoteSeq = remoteSeq;
    this.remoteTarget = remoteTarget;
  }

  /** The UAC's dialog from our INVITE and a 1xx (early) or 2xx (confirmed) with a To tag (§12.1.2). */
  static asUac(invite: SipRequest, response: SipResponse, transport: SipTransportName): SipDialog {
    const contacts = getContacts(response);
    const target = contacts !== '*' && contacts[0] ? formatSipUri(contacts[0].uri) : invite.uri;
    const routes = getRecordRoutes(response).map(formatNameAddr).reverse();
    return new SipDialog(
      getCallId(invite), getFromTag(invite) ?? '', getToTag(response) ?? '', invite.headers.get('From') ?? '',
      response.headers.get('To') ?? '', routes, invite.headers.get('Contact') ?? '', transport,
      response.status < 200 ? 'early' : 'confirmed', getCSeq(invite).seq, null, target,
    );
  }

  /** The UAS's dialog from a request and our tag (§12.1.1). */
  static asUas(request: SipRequest, localTag: string, localContact: string, transport: SipTransportName): SipDialog {
    const contacts = getContacts(request);
    const target = contacts !== '*' && contacts[0] ? formatSipUri(contacts[0].uri) : '';
    const toValue = request.headers.get('To') ?? '';
    const to = parseNameAddr(toValue, 'To');
    const localParty = to.ok ? formatNameAddr({ ...to.value, params: new Map([...to.value.params, ['tag', localTag]]) }) : toValue;
    return new SipDialog(
      getCallId(request), localTag, getFromTag(request) ?? '', localParty, request.headers.get('From') ?? '',
      getRecordRoutes(request).map(formatNameAddr), localContact, transport, 'early', 0, getCSeq(request).seq, target,
    );
  }

  /** Whether a message belongs here: for requests From tag = remote, To tag = local. */
  matchesRequest(request: SipRequest): boolean {
    return getCallId(request) === this.callId && getToTag(request) === this.localTag && getFromTag(request) === this.remoteTag;
  }

  /**
   * Checks a request's CSeq against the last one (§12.2.2): a lower one is out of order (the
   * core answers 500); otherwise it is remembered.
   */
  acceptRemoteSeq(request: SipRequest): boolean {
    const seq = getCSeq(request).seq;
    if (request.method !== 'ACK' && request.method !== 'CANCEL') {
      if (this.remoteSeq !== null && seq <= this.remoteSeq) return false;
      this.remoteSeq = seq;
    }
    return true;
  }

  /** Takes the peer's Contact as the new remote target (2xx to INVITE, re-INVITE, §12.2). */
  refreshTarget(message: SipRequest | SipResponse): void {
    const contacts = getContacts(message);
    if (contacts !== '*' && contacts[0]) this.remoteTarget = formatSipUri(contacts[0].uri);
  }

  /**
   * A new in-dialog request (§12.2.1.1) with the next CSeq (ACK reuses the INVITE's: pass
   * `seq`). The caller adds its own Via (a fresh branch) before sending.
   */
  createRequest(method: string, options: { seq?: number; body?: Uint8Array | string; contentType?: string; headers?: Iterable<readonly [string, string]> } = {}): SipRequest {
    const seq = options.seq ?? ++this.localSeq;
    const headers: [string, string][] = [];
    for (const route of this.routeSet) headers.push(['Route', route]);
    headers.push(['Max-Forwards', '70'], ['From', this.localParty], ['To', this.remoteParty], ['Call-ID', this.callId], ['CSeq', formatCSeq({ seq, method })]);
    if (method !== 'ACK' && method !== 'CANCEL' && method !== 'BYE') headers.push(['Contact', this.localContact]);
    for (const h of options.headers ?? []) headers.push([h[0], h[1]]);
    const body = options.body ?? '';
    if (body.length > 0) headers.push(['Content-Type', options.contentType ?? 'application/sdp']);
    headers.push(['Content-Length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length)]);
    return newSipRequest(method, this.remoteTarget, headers, body);
  }

  /** Where in-dialog requests are sent: the first route (loose routing) or the remote target. */
  destination(): SipPeer | null {
    const first = this.routeSet[0];
    let uri: SipUri | null = null;
    if (first !== undefined) {
      const route = parseNameAddr(first, 'Route');
      if (route.ok) uri = route.value.uri;
    } else {
      const target = parseSipUri(this.remoteTarget);
      if (target.ok) uri = target.value;
    }
    if (uri === null) return null;
    const param = uri.params.get('transport')?.toLowerCase();
    const transport: SipTransportName = param === 'tcp' ? 'tcp' : param === 'udp' ? 'udp' : this.transport;
    return { transport, address: uri.params.get('maddr') ?? uri.host, port: uri.port ?? 5060 };
  }
}
