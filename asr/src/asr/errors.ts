/**
 * Recognition failures: a stable code, whether trying again can help, and which provider failed.
 * Callers decide on `code` and `retryable`, never on the message text (ARCHITECTURE rule 5).
 */

/** Every way a recognition stream can fail. */
export type AsrErrorCode =
  /** Credentials refused (bad AppKey/API Key/Secret Key, token rejected after one refresh). Stop and report. */
  | 'ASR_AUTH'
  /** The account's concurrency, QPS or daily quota is exceeded. */
  | 'ASR_RATE_LIMITED'
  /** The provider had an internal error (5xx, a back-end failure code). */
  | 'ASR_SERVER'
  /** The provider refused our request's parameters or the audio itself (a bug or bad audio). */
  | 'ASR_BAD_REQUEST'
  /** The TCP connection was refused (nothing listening). */
  | 'ASR_CONNECT_REFUSED'
  /** The connection or its opening handshake did not complete in time. */
  | 'ASR_CONNECT_TIMEOUT'
  /** The connection dropped (reset, or the server closed it) before the stream finished. */
  | 'ASR_CONNECTION_LOST'
  /** The provider stalled: no final result within the allowed time after `end()`. */
  | 'ASR_STALLED'
  /** The provider answered something its protocol does not allow (not JSON, missing fields). */
  | 'ASR_MALFORMED_RESPONSE'
  /** Every slot of the account's concurrency cap is taken (fail fast, see ConcurrencyLimiter). */
  | 'ASR_BUSY'
  /** The call's time budget ran out before a provider could answer. */
  | 'ASR_DEADLINE'
  /** The configured model directory does not exist or lacks the files a streaming model needs. */
  | 'ASR_MODEL_MISSING'
  /** The model files exist but the engine could not load them (corrupt, wrong kind). */
  | 'ASR_MODEL_INVALID'
  /** The recognition engine process died after it had loaded. */
  | 'ASR_ENGINE_CRASHED'
  /** The provider was closed; it opens no more streams. */
  | 'ASR_PROVIDER_CLOSED';

/** Codes where the same request can succeed later (or on a fresh connection). */
const RETRYABLE: ReadonlySet<AsrErrorCode> = new Set<AsrErrorCode>([
  'ASR_RATE_LIMITED', 'ASR_SERVER', 'ASR_CONNECT_REFUSED', 'ASR_CONNECT_TIMEOUT', 'ASR_CONNECTION_LOST',
  'ASR_STALLED', 'ASR_BUSY', 'ASR_ENGINE_CRASHED',
]);

/** True if a failure with `code` can succeed when tried again. */
export function isRetryableAsrCode(code: AsrErrorCode): boolean {
  return RETRYABLE.has(code);
}

/** Extra facts about a failure: the provider's status (HTTP status or its `err_no`). */
export interface AsrErrorDetails {
  /** HTTP status, WebSocket close code or the provider's own error number. */
  readonly status?: number;
}

/**
 * A recognition failure. `retryable` says whether trying again (with backoff, or on a fresh
 * connection) can succeed; `provider` names the provider that failed, so a report can say which
 * account needs attention. Messages never contain credentials or transcripts.
 */
export class AsrError extends Error {
  override readonly name = 'AsrError';
  readonly code: AsrErrorCode;
  readonly retryable: boolean;
  readonly provider: string;
  readonly status: number | undefined;

  constructor(code: AsrErrorCode, provider: string, message: string, details?: AsrErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.provider = provider;
    this.status = details?.status;
  }
}

/** True if `e` is an {@link AsrError}. */
export function isAsrError(e: unknown): e is AsrError {
  return e instanceof AsrError;
}

/** Classifies an HTTP status (a REST answer or a refused WebSocket upgrade). */
export function asrCodeForHttpStatus(status: number): AsrErrorCode {
  if (status === 401 || status === 403) return 'ASR_AUTH';
  if (status === 429) return 'ASR_RATE_LIMITED';
  if (status >= 500) return 'ASR_SERVER';
  return 'ASR_BAD_REQUEST';
}

/**
 * Classifies a socket-level failure from Node (`error.code`): refused and unreachable hosts,
 * resets, timeouts. Anything unknown counts as a lost connection, which a retry can cure.
 */
export function asrCodeForSocketError(error: unknown): AsrErrorCode {
  const e = typeof error === 'object' && error !== null ? (error as { code?: unknown; errors?: unknown[] }) : undefined;
  // Happy-eyeballs connects report an AggregateError whose parts carry the codes.
  const code = e?.code ?? (Array.isArray(e?.errors) ? (e.errors[0] as { code?: unknown } | undefined)?.code : undefined);
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'ASR_CONNECT_REFUSED';
    case 'ETIMEDOUT':
      return 'ASR_CONNECT_TIMEOUT';
    default:
      return 'ASR_CONNECTION_LOST';
  }
}
