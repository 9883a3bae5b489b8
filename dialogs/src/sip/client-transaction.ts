/**
 * Client transactions (RFC 3261 §17.1) with the RFC 6026 fix: INVITE (timers A, B, D, and M in
 * the Accepted state, where 2xx retransmissions still reach the TU so the UA core re-ACKs) and
 * non-INVITE (E, F, K). The transaction never throws at its user: it hands over responses and,
 * when no final response came, exactly one failure.
 */
import { getCSeq } from './fields.js';
import type { SipRequest, SipResponse } from './message.js';
import { createNon2xxAck } from './requests.js';
import type { TransactionContext } from './transaction-base.js';
import { TimerSet } from './timers.js';
import { SipUaError } from './ua-errors.js';
import { trackSip } from './ua-resources.js';

/** The transaction user (a dialog, the UA core). */
export interface ClientTransactionUser {
  /** Provisional and final responses; for INVITE also 2xx retransmissions (the core re-ACKs). */
  onResponse(response: SipResponse): void;
  /** Called at most once, instead of a final response: timer B/F, a transport error, or close. */
  onFailure(error: SipUaError): void;
}

export type ClientTransactionState = 'calling' | 'trying' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

/** One client transaction; `start()` sends the request. */
export class ClientTransaction {
  readonly isInvite: boolean;
  private stateNow: ClientTransactionState;
  private readonly timers: TimerSet;
  private finalSeen = false;
  private ack: SipRequest | null = null;
  /** Requests sent again by timer A or E (for tests and statistics). */
  retransmissions = 0;

  constructor(
    readonly request: SipRequest,
    private readonly context: TransactionContext,
    private readonly user: ClientTransactionUser,
  ) {
    this.isInvite = request.method === 'INVITE';
    this.stateNow = this.isInvite ? 'calling' : 'trying';
    this.timers = new TimerSet(context.clock);
    trackSip('transactions', 1);
  }

  get state(): ClientTransactionState {
    return this.stateNow;
  }

  /** Sends the request and starts the retransmission and timeout timers. */
  start(): void {
    const { t1Ms } = this.context.timers;
    this.transmit(this.request);
    if (!this.context.reliable) this.scheduleRetransmit(t1Ms);
    // Timer B (INVITE) or F (non-INVITE): 64*T1 without a final response is a timeout.
    this.timers.start(this.isInvite ? 'B' : 'F', 64 * t1Ms, () => {
      this.fail(new SipUaError('TRANSACTION_TIMEOUT', `no final response to ${this.request.method} within ${64 * t1Ms} ms`));
    });
  }

  /** A response whose top Via branch and CSeq method match this transaction. */
  receive(response: SipResponse): void {
    const s = this.stateNow;
    if (s === 'terminated') return;
    const status = response.status;
    if (status < 200) {
      if (s === 'calling' || s === 'trying' || s === 'proceeding') {
        this.stateNow = 'proceeding';
        // §17.1.1.2: a provisional stops INVITE retransmissions and timer B. Non-INVITE keeps
        // retransmitting, at T2 (§17.1.2.2).
        if (this.isInvite) { this.timers.clear('A'); this.timers.clear('B'); }
        this.user.onResponse(response);
      }
      return;
    }
    if (this.isInvite) this.receiveInviteFinal(response);
    else this.receiveNonInviteFinal(response);
  }

  /** Ends the transaction at once (agent shutdown); a user still waiting gets CLOSED. */
  terminate(): void {
    if (this.stateNow === 'terminated') return;
    if (!this.finalSeen) this.fail(new SipUaError('CLOSED', `${this.request.method} abandoned: the agent closed`));
    else this.end();
  }

  private receiveInviteFinal(response: SipResponse): void {
    const s = this.stateNow;
    const { t1Ms } = this.context.timers;
    if (response.status < 300) {
      if (s === 'calling' || s === 'proceeding') {
        // RFC 6026 Accepted: stay alive for 64*T1 so retransmitted 2xx (and forked ones) reach the core.
        this.stateNow = 'accepted';
        this.finalSeen = true;
        this.timers.clearAll();
        this.timers.start('M', 64 * t1Ms, () => this.end());
        this.user.onResponse(response);
      } else if (s === 'accepted') {
        this.user.onResponse(response);
      }
      return;
    }
    if (s === 'calling' || s === 'proceeding') {
      this.stateNow = 'completed';
      this.finalSeen = true;
      this.timers.clearAll();
      this.ack = createNon2xxAck(this.request, response);
      this.transmit(this.ack);
      // Timer D: absorb retransmitted finals (each re-ACKed) for 32 s on UDP.
      this.timers.start('D', this.context.reliable ? 0 : this.context.timers.timerDMs, () => this.end());
      this.user.onResponse(response);
    } else if (s === 'completed' && this.ack !== null) {
      this.transmit(this.ack);
    }
  }

  private receiveNonInviteFinal(response: SipResponse): void {
    const s = this.stateNow;
    if (s !== 'trying' && s !== 'proceeding') return;
    this.stateNow = 'completed';
    this.finalSeen = true;
    this.timers.clearAll();
    // Timer K: absorb retransmitted finals for T4 on UDP.
    this.timers.start('K', this.context.reliable ? 0 : this.context.timers.t4Ms, () => this.end());
    this.user.onResponse(response);
  }

  private scheduleRetransmit(intervalMs: number): void {
    const { t2Ms } = this.context.timers;
    this.timers.start(this.isInvite ? 'A' : 'E', intervalMs, () => {
      if (this.stateNow === 'terminated' || this.finalSeen) return;
      this.retransmissions += 1;
      this.transmit(this.request);
      // Timer A doubles without bound; E doubles up to T2, and stays at T2 once proceeding.
      const next = this.isInvite ? intervalMs * 2 : this.stateNow === 'proceeding' ? t2Ms : Math.min(intervalMs * 2, t2Ms);
      this.scheduleRetransmit(next);
    });
  }

  private transmit(message: SipRequest): void {
    this.context.send(message, (error) => {
      // §17.1.1.2/§17.1.2.2: a transport error before a final response ends the transaction.
      if (!this.finalSeen) this.fail(error);
    });
  }

  private fail(error: SipUaError): void {
    if (this.stateNow === 'terminated' || this.finalSeen) return;
    this.finalSeen = true;
    this.end();
    this.user.onFailure(error);
  }

  private end(): void {
    if (this.stateNow === 'terminated') return;
    this.stateNow = 'terminated';
    this.timers.clearAll();
    trackSip('transactions', -1);
    this.context.terminated();
  }
}

/** The CSeq method of a response: what a client transaction is matched on besides the branch. */
export function responseMethod(response: SipResponse): string {
  return getCSeq(response).method;
}
