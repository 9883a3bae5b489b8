/**
 * What the client and server transactions share: how they send (bound to one peer), the clock
 * and timer values, and how they tell their layer they are gone.
 */
import type { SipMessage } from './message.js';
import type { SipClock, SipTimerValues } from './timers.js';
import type { SipUaError } from './ua-errors.js';

/** What a transaction needs from its layer. */
export interface TransactionContext {
  readonly clock: SipClock;
  readonly timers: SipTimerValues;
  /** True on TCP: no retransmissions, and the "absorb" timers (D, K, I, J) are zero. */
  readonly reliable: boolean;
  /** Sends to the transaction's peer; a transport failure comes back through `onError`. */
  send(message: SipMessage, onError: (error: SipUaError) => void): void;
  /** Called once when the transaction terminates, so the layer forgets it. */
  terminated(): void;
}

/** Transaction key: branch plus method, because a CANCEL shares its INVITE's branch (§17.1.3, §17.2.3). */
export function transactionKey(branch: string, method: string, sentBy = ''): string {
  return `${branch}\n${method === 'ACK' ? 'INVITE' : method}\n${sentBy}`;
}
