/**
 * Why voice activity detection failed. Stable: callers branch on these, never on message text.
 */
export type VadErrorCode =
  /** The Silero model file could not be found or loaded by onnxruntime. */
  | 'VAD_MODEL_LOAD_FAILED'
  /** An inference worker failed or exited; its streams are dead (open new ones). */
  | 'VAD_WORKER_FAILED'
  /** Inference falls behind: this stream's backlog passed its limit and audio was dropped. */
  | 'VAD_OVERLOADED'
  /** A chunk the stream cannot take (sample rate). */
  | 'VAD_BAD_CHUNK'
  /** The stream or the model is closed. */
  | 'VAD_CLOSED';

const RETRYABLE: ReadonlySet<VadErrorCode> = new Set<VadErrorCode>(['VAD_WORKER_FAILED', 'VAD_OVERLOADED']);

/** A VAD failure with a stable `code` and whether a retry (later, or a new stream) can help. */
export class VadError extends Error {
  override readonly name = 'VadError';
  readonly code: VadErrorCode;
  readonly retryable: boolean;

  constructor(code: VadErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.retryable = RETRYABLE.has(code);
  }
}
