/**
 * Why a media operation failed. Stable: callers branch on these, never on message text.
 */
export type MediaErrorCode =
  | 'RTP_TOO_SHORT'
  | 'RTP_BAD_VERSION'
  | 'RTP_CSRC_TRUNCATED'
  | 'RTP_EXTENSION_TRUNCATED'
  | 'RTP_BAD_PADDING'
  | 'RTP_BUFFER_TOO_SMALL'
  | 'PORT_RANGE_INVALID'
  | 'PORT_RANGE_EXHAUSTED'
  | 'SOCKET_BIND_FAILED'
  | 'SESSION_CLOSED'
  | 'DTMF_BAD_DIGIT'
  | 'WAV_MALFORMED'
  | 'WAV_UNSUPPORTED'
  | 'RECORDING_FAILED';

/** Codes where trying again (later, or with another port) can succeed. */
const RETRYABLE: ReadonlySet<MediaErrorCode> = new Set<MediaErrorCode>(['PORT_RANGE_EXHAUSTED', 'SOCKET_BIND_FAILED', 'RECORDING_FAILED']);

/**
 * A failure in the media layer: a malformed packet or file, an exhausted port range, a closed
 * session. `retryable` says whether the same call can succeed later (ARCHITECTURE rule 5).
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  readonly code: MediaErrorCode;
  readonly retryable: boolean;

  constructor(code: MediaErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.retryable = RETRYABLE.has(code);
  }
}
