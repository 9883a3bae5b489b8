/**
 * Synthesis failures: a stable code, whether trying again can help, and which provider failed.
 * Callers decide on `code` and `retryable`, never on the message text (ARCHITECTURE rule 5).
 */

/** Every way synthesis or prompt lookup can fail. */
export type TtsErrorCode =
  /** Credentials refused (bad API/Secret Key, token verification failed twice, no permission). */
  | 'TTS_AUTH'
  /** The account's character or call quota is used up. */
  | 'TTS_QUOTA'
  /** The provider refused the request's parameters (a bug or a bad voice setting). */
  | 'TTS_BAD_REQUEST'
  /** The provider refused the text itself (characters it cannot synthesize). */
  | 'TTS_BAD_TEXT'
  /** Too many requests or too much concurrency on the account. */
  | 'TTS_RATE_LIMITED'
  /** The provider had an internal error. */
  | 'TTS_SERVER'
  /** The connection failed (refused, reset, DNS). */
  | 'TTS_NETWORK'
  /** No answer, or the answer stalled, within the time allowed. */
  | 'TTS_TIMEOUT'
  /** The provider answered something that is not what its protocol promises. */
  | 'TTS_BAD_RESPONSE'
  /** Every slot of the account's concurrency cap stayed taken for the whole wait. */
  | 'TTS_BUSY'
  /** The caller gave up (barge-in, hang-up) before synthesis finished. */
  | 'TTS_ABORTED'
  /** A recording the script names is not in the enterprise's store. */
  | 'TTS_NOT_FOUND'
  /** A recording is not an 8 kHz 16-bit mono WAV (it should have been converted on upload). */
  | 'TTS_BAD_AUDIO'
  /** The engine cannot run here (espeak-ng missing, Mandarin voice broken). */
  | 'TTS_UNAVAILABLE'
  /** The recording store failed. */
  | 'TTS_STORE';

const RETRYABLE: ReadonlySet<TtsErrorCode> = new Set<TtsErrorCode>([
  'TTS_RATE_LIMITED', 'TTS_SERVER', 'TTS_NETWORK', 'TTS_TIMEOUT', 'TTS_BAD_RESPONSE', 'TTS_BUSY', 'TTS_STORE',
]);

/** Whether a later attempt of the same request can succeed, by code. */
export function isRetryableCode(code: TtsErrorCode): boolean {
  return RETRYABLE.has(code);
}

/** Optional facts about a failure, for logs and the console. */
export interface TtsErrorDetails {
  /** HTTP status of the provider's answer, when there was one. */
  readonly status?: number;
  /** The provider's own error code (Baidu `err_no`, OAuth `error`). */
  readonly providerCode?: string | number;
  /** Overrides the default retryability of `code`. */
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

/** A synthesis failure. The message never contains credentials or the prompt text. */
export class TtsError extends Error {
  override readonly name = 'TtsError';
  readonly code: TtsErrorCode;
  readonly retryable: boolean;
  /** Provider id (`baidu`, `espeak`, `recorded`, …). */
  readonly provider: string;
  readonly status: number | undefined;
  readonly providerCode: string | number | undefined;

  constructor(code: TtsErrorCode, provider: string, message: string, details: TtsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.provider = provider;
    this.retryable = details.retryable ?? isRetryableCode(code);
    this.status = details.status;
    this.providerCode = details.providerCode;
  }
}

/** Wraps anything thrown into a TtsError (unknown failures are treated as retryable server errors). */
export function toTtsError(error: unknown, provider: string): TtsError {
  if (error instanceof TtsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TtsError('TTS_SERVER', provider, message, { cause: error });
}
