/**
 * The transaction layer (RFC 3261 §17): creates client transactions for requests the core
 * sends, matches responses to them by top-Via branch and CSeq method, and matches requests to
 * server transactions by branch, sent-by and method (§17.2.3), so retransmissions are absorbed
 * before the core sees them. ACKs for 2xx and responses matching nothing go to the core.
 */
import { ClientTransaction, responseMethod, type ClientTransactionUser } from './client-transaction.js';
import { getTopVia } from './fields.js';
import type { SipMessage, SipRequest, SipResponse } from './message.js';
import { ServerTransaction } from './server-transaction.js';
import { transactionKey, type TransactionContext } from './transaction-base.js';
import { DEFAULT_SIP_TIMERS, type SipClock, type SipTimerValues } from './timers.js';
import type { SipPeer } from './transport.js';
import type { SipUaError } from './ua-errors.js';

/** How the layer reaches the network: `SipTransports`, or a fake in unit tests. */
export interface SipWire {
  send(message: SipMessage, to: SipPeer, onError?: (error: SipUaError) => void): void;
  sendResponse(response: SipResponse, from: SipPeer, onError?: (error: SipUaError) => void): void;
}

/** What the layer hands to the UA core. */
export interface TransactionCore {
  /** A new request (not ACK) with its server transaction, which the core must answer. */
  onRequest(request: SipRequest, transaction: ServerTransaction, from: SipPeer): void;
  /** An ACK that matched no INVITE server transaction: the ACK for a 2xx (a new transaction). */
  onAck(request: SipRequest, from: SipPeer): void;
  /** A response that matched no client transaction (a 2xx retransmitted after timer M). */
  onStrayResponse(response: SipResponse, from: SipPeer): void;
}

/** The transaction layer of one agent. */
export class TransactionLayer {
  readonly timers: SipTimerValues;
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();

  constructor(
    private readonly wire: SipWire,
    private readonly clock: SipClock,
    private readonly core: TransactionCore,
    timers: Partial<SipTimerValues> = {},
  ) {
    this.timers = { ...DEFAULT_SIP_TIMERS, ...timers };
  }

  /** Open client and server transactions. */
  get size(): number {
    return this.clients.size + this.servers.size;
  }

  /**
   * Starts a client transaction for `request` (its top Via must carry a fresh branch) towards
   * `to`. The user gets the responses, or one failure.
   */
  request(request: SipRequest, to: SipPeer, user: ClientTransactionUser): ClientTransaction {
    const key = transactionKey(getTopVia(request).branch ?? '', request.method);
    const context = this.context(to.transport === 'tcp', (m, onError) => this.wire.send(m, to, onError), () => {
      if (this.clients.get(key) === tx) this.clients.delete(key);
    });
    const tx: ClientTransaction = new ClientTransaction(request, context, user);
    this.clients.set(key, tx);
    tx.start();
    return tx;
  }

  /** Everything the transports deliver. */
  receive(message: SipMessage, from: SipPeer): void {
    if (message.kind === 'response') {
      const via = getTopVia(message);
      const tx = this.clients.get(transactionKey(via.branch ?? '', responseMethod(message)));
      if (tx) tx.receive(message);
      else this.core.onStrayResponse(message, from);
      return;
    }
    const via = getTopVia(message);
    const key = transactionKey(via.branch ?? '', message.method, `${via.host}:${via.port ?? ''}`);
    const existing = this.servers.get(key);
    if (message.method === 'ACK') {
      // An ACK matching an INVITE server transaction is for a non-2xx; otherwise it is a 2xx's.
      if (existing?.isInvite === true && existing.state !== 'accepted') existing.receive(message);
      else this.core.onAck(message, from);
      return;
    }
    if (existing) { existing.receive(message); return; }
    const context = this.context(from.transport === 'tcp', (m, onError) => this.wire.sendResponse(m as SipResponse, from, onError), () => {
      if (this.servers.get(key) === tx) this.servers.delete(key);
    });
    const tx = new ServerTransaction(message, context);
    this.servers.set(key, tx);
    this.core.onRequest(message, tx, from);
  }

  /** The INVITE server transaction a CANCEL targets (same branch and sent-by), if still there. */
  inviteFor(cancel: SipRequest): ServerTransaction | undefined {
    const via = getTopVia(cancel);
    return this.servers.get(transactionKey(via.branch ?? '', 'INVITE', `${via.host}:${via.port ?? ''}`));
  }

  /** Ends every transaction at once (agent shutdown). */
  terminateAll(): void {
    for (const tx of [...this.clients.values()]) tx.terminate();
    for (const tx of [...this.servers.values()]) tx.terminate();
  }

  private context(reliable: boolean, send: TransactionContext['send'], terminated: () => void): TransactionContext {
    return { clock: this.clock, timers: this.timers, reliable, send, terminated };
  }
}
