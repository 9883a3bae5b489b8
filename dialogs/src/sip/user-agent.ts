/**
 * The SIP user agent core (RFC 3261 §8, §12–§17 glue): one per process and local address. It
 * owns the transports and the transaction layer, gives out Vias and Contacts, routes in-dialog
 * requests to their dialog's handler, answers what no dialog wants (481, 405 with Allow, 501,
 * OPTIONS keep-alives, 480 for INVITEs nobody takes), handles CANCEL, and retransmits the 2xx
 * it sends to INVITEs until their ACK arrives. Calls, registrations and keep-alives sit on top.
 */
import { systemMediaClock } from '../media/clock.js';
import type { ClientTransaction, ClientTransactionUser } from './client-transaction.js';
import { dialogKey, type DialogId, type SipDialog } from './dialog.js';
import { getCallId, getCSeq, getFromTag, getToTag } from './fields.js';
import { createSipIds, type SipIds } from './ids.js';
import type { SipRequest, SipResponse } from './message.js';
import { createSipResponse } from './requests.js';
import type { ServerTransaction } from './server-transaction.js';
import { TimerSet, type SipClock, type SipTimerValues } from './timers.js';
import { TransactionLayer, type SipWire } from './transactions.js';
import type { SipPeer, SipTransportName } from './transport.js';
import { SipTransports, type SipTransportOptions } from './transports.js';
import { trackSip } from './ua-resources.js';
import { formatVia, newSipVia } from './via.js';

/** Methods this agent implements; the Allow header of 405s and OPTIONS answers. */
export const SIP_ALLOWED_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO'] as const;
const ALLOW = SIP_ALLOWED_METHODS.join(', ');
/** Methods we know but do not implement: 405, not 501 (§21.4.6 vs §21.5.2). */
const KNOWN = new Set(['REGISTER', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE', 'UPDATE', 'PRACK', 'PUBLISH']);

/** What a dialog's owner (a call) receives. */
export interface DialogHandler {
  /** An in-dialog request (its CSeq already checked) with its server transaction to answer. */
  onRequest(request: SipRequest, transaction: ServerTransaction): void;
  /** A 2xx to one of our INVITEs seen after its transaction ended: re-send the ACK. */
  onStrayResponse?(response: SipResponse): void;
}

/** An INVITE outside any dialog, for whoever takes incoming calls (registrar, agents). */
export interface IncomingInvite {
  readonly request: SipRequest;
  readonly transaction: ServerTransaction;
  readonly from: SipPeer;
  /** Called once if the caller cancels before a final response (the core already sent 487). */
  onCancel(listener: () => void): void;
}

/**
 * Takes a request outside any dialog before the core answers it (the registrar takes REGISTER
 * and OPTIONS addressed to its domains). It sees each request once: the transaction layer has
 * already absorbed retransmissions. Return true when it answered (or will answer) `transaction`.
 */
export type OutOfDialogHandler = (request: SipRequest, transaction: ServerTransaction, from: SipPeer) => boolean;

/** Where and how the agent runs. */
export interface SipUserAgentOptions {
  readonly transport: SipTransportOptions;
  readonly clock?: SipClock;
  readonly timers?: Partial<SipTimerValues>;
  readonly ids?: SipIds;
  /** User-Agent header value. */
  readonly product?: string;
}

/** Agent-level figures. */
export interface SipUserAgentStats {
  notImplemented: number;
  notAllowed: number;
  noDialog: number;
  outOfOrder: number;
  strayResponses: number;
  ackTimeouts: number;
}

interface Pending2xx {
  readonly timers: TimerSet;
  readonly onAck: (() => void) | undefined;
}

/** The user agent core; create with `SipUserAgent.start`. */
export class SipUserAgent {
  readonly clock: SipClock;
  readonly ids: SipIds;
  readonly product: string;
  readonly layer: TransactionLayer;
  readonly stats: SipUserAgentStats = { notImplemented: 0, notAllowed: 0, noDialog: 0, outOfOrder: 0, strayResponses: 0, ackTimeouts: 0 };
  private readonly dialogs = new Map<string, { dialog: SipDialog; handler: DialogHandler }>();
  private readonly pending2xx = new Map<string, Pending2xx>();
  private readonly cancelListeners = new Map<ServerTransaction, () => void>();
  private inviteHandler: ((invite: IncomingInvite) => void) | undefined;
  private readonly outOfDialogHandlers: OutOfDialogHandler[] = [];
  private closing: Promise<void> | undefined;

  private constructor(readonly transports: SipTransports, options: SipUserAgentOptions) {
    this.clock = options.clock ?? systemMediaClock;
    this.ids = options.ids ?? createSipIds();
    this.product = options.product ?? 'waihu';
    const wire: SipWire = transports;
    this.layer = new TransactionLayer(wire, this.clock, {
      onRequest: (request, tx, from) => this.onRequest(request, tx, from),
      onAck: (request) => this.onAck(request),
      onStrayResponse: (response) => this.onStrayResponse(response),
    }, options.timers);
    transports.onMessage((message, from) => this.layer.receive(message, from));
    trackSip('agents', 1);
  }

  /** Binds the transports and starts answering. */
  static async start(options: SipUserAgentOptions): Promise<SipUserAgent> {
    return new SipUserAgent(await SipTransports.open(options.transport), options);
  }

  /** The bound local address. */
  get address(): string {
    return this.transports.address;
  }

  /** The bound port of a transport. */
  port(transport: SipTransportName = 'udp'): number {
    return this.transports.port(transport);
  }

  /** Sets who takes INVITEs outside dialogs; without one they get 480. */
  onInvite(handler: ((invite: IncomingInvite) => void) | undefined): void {
    this.inviteHandler = handler;
  }

  /** Adds a taker of out-of-dialog requests, asked in order before the core; returns its removal. */
  onOutOfDialog(handler: OutOfDialogHandler): () => void {
    this.outOfDialogHandlers.push(handler);
    return () => {
      const i = this.outOfDialogHandlers.indexOf(handler);
      if (i >= 0) this.outOfDialogHandlers.splice(i, 1);
    };
  }

  /** Our Contact for `user` on a transport, as a header value. */
  contact(user: string | null, transport: SipTransportName = 'udp'): string {
    const t = transport === 'tcp' ? ';transport=tcp' : '';
    return `<sip:${user === null ? '' : `${user}@`}${this.hostPort(transport)}${t}>`;
  }

  /** Our host:port as it goes into Via and Contact. */
  hostPort(transport: SipTransportName = 'udp'): string {
    const host = this.address.includes(':') ? `[${this.address}]` : this.address;
    return `${host}:${this.port(transport)}`;
  }

  /** A new top Via with a fresh branch on `request`. */
  addVia(request: SipRequest, transport: SipTransportName): SipRequest {
    request.headers.prepend('Via', formatVia(newSipVia(transport, this.address, this.port(transport), this.ids.branch())));
    return request;
  }

  /** Starts a client transaction (adds a Via with a fresh branch when the request has none). */
  request(request: SipRequest, to: SipPeer, user: ClientTransactionUser): ClientTransaction {
    if (!request.headers.has('Via')) this.addVia(request, to.transport);
    if (!request.headers.has('User-Agent')) request.headers.append('User-Agent', this.product);
    return this.layer.request(request, to, user);
  }

  /** Sends an ACK for a 2xx: not a transaction (§17.1.1.3), so straight to the wire. */
  sendAck(ack: SipRequest, to: SipPeer): void {
    if (!ack.headers.has('Via')) this.addVia(ack, to.transport);
    this.transports.send(ack, to);
  }

  /** Registers a dialog so in-dialog requests reach `handler`. */
  addDialog(dialog: SipDialog, handler: DialogHandler): void {
    const key = dialogKey(dialog);
    if (!this.dialogs.has(key)) trackSip('dialogs', 1);
    this.dialogs.set(key, { dialog, handler });
  }

  /** Forgets a dialog (after BYE); its requests get 481 from now on. */
  removeDialog(dialog: DialogId): void {
    if (this.dialogs.delete(dialogKey(dialog))) trackSip('dialogs', -1);
  }

  /**
   * Sends a 2xx to an INVITE and retransmits it (T1 doubling to T2) until the ACK arrives or
   * 64*T1 passes (§13.3.1.4); `onAck` runs when it arrives, `onTimeout` when it never does.
   */
  send2xx(tx: ServerTransaction, response: SipResponse, onAck?: () => void, onTimeout?: () => void): void {
    const key = `${getCallId(response)}\n${getCSeq(response).seq}`;
    tx.respond(response);
    const timers = new TimerSet(this.clock);
    this.pending2xx.set(key, { timers, onAck });
    const { t1Ms, t2Ms } = this.layer.timers;
    const again = (interval: number): void => timers.start('G', interval, () => {
      tx.resendFinal(response);
      again(Math.min(interval * 2, t2Ms));
    });
    if (!tx.reliable) again(t1Ms);
    timers.start('H', 64 * t1Ms, () => {
      timers.clearAll();
      this.pending2xx.delete(key);
      this.stats.ackTimeouts += 1;
      onTimeout?.();
    });
  }

  /** Shuts down: every transaction and 2xx retransmission ends, the sockets close. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const p of this.pending2xx.values()) p.timers.clearAll();
      this.pending2xx.clear();
      this.layer.terminateAll();
      for (const key of [...this.dialogs.keys()]) { this.dialogs.delete(key); trackSip('dialogs', -1); }
      await this.transports.close();
      trackSip('agents', -1);
    })();
    return this.closing;
  }

  private onRequest(request: SipRequest, tx: ServerTransaction, from: SipPeer): void {
    const method = request.method;
    if (method !== 'CANCEL' && getToTag(request) === null && /^sips?:/i.test(request.uri)) {
      for (const handler of [...this.outOfDialogHandlers]) if (handler(request, tx, from)) return;
    }
    if (!(SIP_ALLOWED_METHODS as readonly string[]).includes(method)) {
      const known = KNOWN.has(method);
      if (known) this.stats.notAllowed += 1;
      else this.stats.notImplemented += 1;
      tx.respond(createSipResponse(request, known ? 405 : 501, { toTag: this.ids.tag(), headers: [['Allow', ALLOW]] }));
      return;
    }
    if (!/^sips?:/i.test(request.uri)) {
      tx.respond(createSipResponse(request, 416, { toTag: this.ids.tag() }));
      return;
    }
    if (method === 'CANCEL') { this.onCancel(request, tx); return; }
    const toTag = getToTag(request);
    if (toTag !== null) {
      const entry = this.dialogs.get(dialogKey({ callId: getCallId(request), localTag: toTag, remoteTag: getFromTag(request) ?? '' }));
      if (entry === undefined) {
        this.stats.noDialog += 1;
        tx.respond(createSipResponse(request, 481));
        return;
      }
      if (!entry.dialog.acceptRemoteSeq(request)) {
        this.stats.outOfOrder += 1;
        tx.respond(createSipResponse(request, 500, { reason: 'Request Out Of Order' }));
        return;
      }
      entry.handler.onRequest(request, tx);
      return;
    }
    if (method === 'OPTIONS') {
      // Keep-alive probes from trunks and proxies: we are here, and this is what we do.
      tx.respond(createSipResponse(request, 200, { toTag: this.ids.tag(), headers: [['Allow', ALLOW], ['Accept', 'application/sdp']] }));
      return;
    }
    if (method === 'INVITE') {
      const handler = this.inviteHandler;
      if (handler === undefined) { tx.respond(createSipResponse(request, 480, { toTag: this.ids.tag() })); return; }
      tx.onEnd(() => this.cancelListeners.delete(tx));
      handler({ request, transaction: tx, from, onCancel: (listener) => this.cancelListeners.set(tx, listener) });
      return;
    }
    // BYE or INFO without a To tag cannot belong to any dialog.
    this.stats.noDialog += 1;
    tx.respond(createSipResponse(request, 481));
  }

  private onCancel(cancel: SipRequest, tx: ServerTransaction): void {
    const invite = this.layer.inviteFor(cancel);
    if (invite === undefined) {
      tx.respond(createSipResponse(cancel, 481));
      return;
    }
    tx.respond(createSipResponse(cancel, 200));
    if (invite.answered) return;
    invite.respond(createSipResponse(invite.request, 487, { toTag: this.ids.tag() }));
    const listener = this.cancelListeners.get(invite);
    this.cancelListeners.delete(invite);
    listener?.();
  }

  private onAck(ack: SipRequest): void {
    const key = `${getCallId(ack)}\n${getCSeq(ack).seq}`;
    const pending = this.pending2xx.get(key);
    if (pending === undefined) return;
    pending.timers.clearAll();
    this.pending2xx.delete(key);
    pending.onAck?.();
  }

  private onStrayResponse(response: SipResponse): void {
    this.stats.strayResponses += 1;
    if (response.status < 200 || response.status >= 300 || getCSeq(response).method !== 'INVITE') return;
    const entry = this.dialogs.get(dialogKey({ callId: getCallId(response), localTag: getFromTag(response) ?? '', remoteTag: getToTag(response) ?? '' }));
    entry?.handler.onStrayResponse?.(response);
  }
}
