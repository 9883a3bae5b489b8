/**
 * Server transactions (RFC 3261 §17.2) with the RFC 6026 fix: INVITE (100 Trying after
 * `tryingDelayMs` unless the TU answered first; G, H, I; L in the Accepted state, which absorbs
 * INVITE retransmissions while the UA core retransmits its 2xx) and non-INVITE (J).
 * Retransmitted requests are absorbed here and answered with the last response.
 */
import type { SipRequest, SipResponse } from './message.js';
import { createSipResponse } from './requests.js';
import type { TransactionContext } from './transaction-base.js';
import { TimerSet } from './timers.js';
import { trackSip } from './ua-resources.js';

export type ServerTransactionState = 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

/** Why an INVITE server transaction ended without its ACK: timer H. */
export type ServerTransactionEnd = 'done' | 'no-ack' | 'transport-error' | 'closed';

/** One server transaction; the UA core answers through `respond`. */
export class ServerTransaction {
  readonly isInvite: boolean;
  private stateNow: ServerTransactionState;
  private readonly timers: TimerSet;
  private last: SipResponse | null = null;
  private readonly endListeners: ((why: ServerTransactionEnd) => void)[] = [];
  /** Retransmitted requests absorbed (for tests and statistics). */
  absorbed = 0;

  constructor(
    readonly request: SipRequest,
    private readonly context: TransactionContext,
  ) {
    this.isInvite = request.method === 'INVITE';
    this.stateNow = this.isInvite ? 'proceeding' : 'trying';
    this.timers = new TimerSet(context.clock);
    trackSip('transactions', 1);
    if (this.isInvite) {
      // §17.2.1: 100 Trying unless the TU sends a provisional within 200 ms.
      const delay = context.timers.tryingDelayMs;
      if (delay <= 0) this.respond(createSipResponse(request, 100));
      else this.timers.start('trying', delay, () => { if (this.last === null) this.respond(createSipResponse(request, 100)); });
    }
  }

  get state(): ServerTransactionState {
    return this.stateNow;
  }

  /** The last response sent, if any. */
  get lastResponse(): SipResponse | null {
    return this.last;
  }

  /** True on TCP: the core does not retransmit its 2xx there. */
  get reliable(): boolean {
    return this.context.reliable;
  }

  /** Sends a 2xx again: the UA core retransmits it until the ACK (RFC 6026: we are in Accepted). */
  resendFinal(response: SipResponse): void {
    this.transmit(response);
  }

  /** Whether a final response was sent. */
  get answered(): boolean {
    return this.last !== null && this.last.status >= 200;
  }

  /** Called once when the transaction ends, with why. */
  onEnd(listener: (why: ServerTransactionEnd) => void): void {
    this.endListeners.push(listener);
  }

  /** Sends a response from the TU; ignored once a final response was sent. */
  respond(response: SipResponse): void {
    const s = this.stateNow;
    if (s !== 'trying' && s !== 'proceeding') return;
    this.timers.clear('trying');
    this.last = response;
    this.transmit(response);
    const { t1Ms, t2Ms } = this.context.timers;
    const reliable = this.context.reliable;
    if (response.status < 200) { this.stateNow = 'proceeding'; return; }
    if (!this.isInvite) {
      this.stateNow = 'completed';
      this.timers.start('J', reliable ? 0 : 64 * t1Ms, () => this.end('done'));
      return;
    }
    if (response.status < 300) {
      // RFC 6026: Accepted, timer L; the UA core retransmits the 2xx until the ACK arrives.
      this.stateNow = 'accepted';
      this.timers.start('L', 64 * t1Ms, () => this.end('done'));
      return;
    }
    this.stateNow = 'completed';
    if (!reliable) this.retransmitEvery(t1Ms, t2Ms);
    this.timers.start('H', 64 * t1Ms, () => this.end('no-ack'));
  }

  /** A retransmission of the request (or, for INVITE, the ACK of a non-2xx). */
  receive(request: SipRequest): void {
    const s = this.stateNow;
    if (request.method === 'ACK') {
      if (s === 'completed') {
        this.stateNow = 'confirmed';
        this.timers.clear('G');
        this.timers.clear('H');
        // Timer I: absorb ACK retransmissions for T4 on UDP.
        this.timers.start('I', this.context.reliable ? 0 : this.context.timers.t4Ms, () => this.end('done'));
      }
      return;
    }
    this.absorbed += 1;
    // Re-send the last response in proceeding/completed; absorb silently in trying/accepted/confirmed.
    if ((s === 'proceeding' || s === 'completed') && this.last !== null) this.transmit(this.last);
  }

  /** Ends the transaction at once (agent shutdown). */
  terminate(): void {
    this.end('closed');
  }

  private retransmitEvery(intervalMs: number, t2Ms: number): void {
    this.timers.start('G', intervalMs, () => {
      if (this.stateNow !== 'completed' || this.last === null) return;
      this.transmit(this.last);
      this.retransmitEvery(Math.min(intervalMs * 2, t2Ms), t2Ms);
    });
  }

  private transmit(response: SipResponse): void {
    this.context.send(response, () => this.end('transport-error'));
  }

  private end(why: ServerTransactionEnd): void {
    if (this.stateNow === 'terminated') return;
    this.stateNow = 'terminated';
    this.timers.clearAll();
    trackSip('transactions', -1);
    this.context.terminated();
    for (const listener of this.endListeners.splice(0)) listener(why);
  }
}
