/**
 * Why an audio operation failed. Stable: callers branch on these, never on message text.
 */
export type AudioErrorCode =
  /** The sample rate pair or a chunk's rate is not one this code handles. */
  | 'AUDIO_RATE_UNSUPPORTED'
  /** A WAV file's structure is broken (missing chunk, truncated header, bad sizes). */
  | 'WAV_MALFORMED'
  /** A well-formed WAV whose encoding we do not read (ADPCM, 12-bit, 6 channels …). */
  | 'WAV_UNSUPPORTED'
  /** An uploaded file is none of the formats we convert (named in the message). */
  | 'AUDIO_FORMAT_UNSUPPORTED'
  /** The file claims a supported format but could not be decoded. */
  | 'AUDIO_FILE_CORRUPT'
  /** The file decoded to no audio at all. */
  | 'AUDIO_FILE_EMPTY'
  /** The file is bigger than the byte limit. */
  | 'AUDIO_FILE_TOO_LARGE'
  /** The audio is longer than the duration limit. */
  | 'AUDIO_TOO_LONG'
  /** The conversion worker died or was closed before answering. */
  | 'AUDIO_WORKER_FAILED'
  /** The converter was closed. */
  | 'AUDIO_CONVERTER_CLOSED';

/** Codes where trying the same thing again can succeed (a worker crash is transient). */
const RETRYABLE: ReadonlySet<AudioErrorCode> = new Set<AudioErrorCode>(['AUDIO_WORKER_FAILED']);

/**
 * A failure reading, converting or resampling audio. `retryable` says whether the same input
 * can succeed later (ARCHITECTURE rule 5); `details` holds what was found, for the API's answer.
 */
export class AudioError extends Error {
  override readonly name = 'AudioError';
  readonly code: AudioErrorCode;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, string | number>> | undefined;

  constructor(code: AudioErrorCode, message: string, details?: Record<string, string | number>, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.details = details;
  }
}

/** True if `e` is an {@link AudioError} (also across worker boundaries, where only data survives). */
export function isAudioError(e: unknown): e is AudioError {
  return e instanceof AudioError;
}
