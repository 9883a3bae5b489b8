/**
 * Why the SIP user agent (transport, transactions, dialogs) could not do something. Callers
 * branch on `code`, never on text; `retryable` says whether trying again later can help, and a
 * failure that came from a SIP response keeps its status (ARCHITECTURE rule 5).
 */

/** Stable codes for the user agent's failures. */
export type SipUaErrorCode =
  /** The peer could not be reached: ICMP unreachable, TCP refused or reset, DNS failure. */
  | 'TRANSPORT_ERROR'
  /** A request went unanswered until its transaction timer (B or F) fired. */
  | 'TRANSACTION_TIMEOUT'
  /** The socket could not be bound (address in use, not assigned to this host). */
  | 'BIND_FAILED'
  /** The agent (or a transport) was closed while the request was pending. */
  | 'CLOSED'
  /** A request was refused with a final response; `status` holds it. */
  | 'REQUEST_FAILED'
  /** A 401/407 could not be answered (no account, unsupported algorithm) or was answered wrongly. */
  | 'AUTH_FAILED'
  /** Something our own code asked for is not possible now (e.g. hold before answer). */
  | 'INVALID_STATE';

const RETRYABLE: ReadonlySet<SipUaErrorCode> = new Set(['TRANSPORT_ERROR', 'TRANSACTION_TIMEOUT', 'BIND_FAILED']);

/** A coded user-agent failure. */
export class SipUaError extends Error {
  override readonly name = 'SipUaError';
  readonly retryable: boolean;

  constructor(
    readonly code: SipUaErrorCode,
    message: string,
    /** The SIP status that caused it, when a response did. */
    readonly status: number | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    // A 5xx with Retry-After or a 408/480 may pass later; other refusals will not.
    this.retryable = RETRYABLE.has(code) || (status !== null && (status >= 500 || status === 408 || status === 480));
  }
}

/** Node socket error codes that mean "that peer cannot be reached from here". */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EADDRNOTAVAIL']);

/** Classifies a socket error: unreachable peers become TRANSPORT_ERROR, anything else too, but the cause is kept. */
export function transportError(error: unknown, where: string): SipUaError {
  const code = (error as { code?: unknown } | null)?.code;
  const kind = typeof code === 'string' && UNREACHABLE.has(code) ? `unreachable (${code})` : `failed (${String(code ?? error)})`;
  return new SipUaError('TRANSPORT_ERROR', `${where}: ${kind}`, null, { cause: error });
}
