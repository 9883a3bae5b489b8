/**
 * One interface for every recognizer (issue 5, item 3): a provider is loaded once per process
 * and account; a stream carries one utterance (or one call's listening) and yields partial and
 * final results with times relative to the stream's first audio sample.
 */
import type { PcmChunk } from '../audio/pcm.js';
import type { AsrError } from './errors.js';

/** Audio a stream accepts: mono 16-bit PCM at 8 or 16 kHz (the audio module's chunk). */
export type AsrAudio = Pick<PcmChunk, 'samples' | 'sampleRate'>;

/** One recognition result. */
export interface AsrResult {
  /** `partial` may still change; `final` is settled for its span of audio. */
  readonly kind: 'partial' | 'final';
  /** Recognized text (a transcript: log it only under a redactable key). */
  readonly text: string;
  /** Start of the recognized span, ms from the stream's first sample. */
  readonly startMs: number;
  /** End of the recognized span, ms from the stream's first sample. */
  readonly endMs: number;
  /** 0…1 when the provider reports one, else null (Baidu and FunASR do not). */
  readonly confidence: number | null;
}

/** A word or phrase the recognizer should favour, with an optional weight (provider scale). */
export interface AsrHotword {
  readonly text: string;
  readonly weight?: number;
}

/** Per-stream options. */
export interface AsrOpenOptions {
  /** Words to favour for this stream, where the provider supports per-stream hints. */
  readonly hotwords?: readonly AsrHotword[];
  /**
   * Absolute clock time (AsrClock.now()) by which the call needs its answer. Retries and
   * fallbacks happen only inside it; providers themselves ignore it.
   */
  readonly deadlineMs?: number;
  /** A label for logs and the provider's own log ids (no phone numbers). */
  readonly tag?: string;
}

/** Why a stream finished; resolves exactly once (ARCHITECTURE rule 7). */
export type AsrStreamOutcome =
  | { readonly reason: 'completed' }
  | { readonly reason: 'closed' }
  | { readonly reason: 'error'; readonly error: AsrError };

/**
 * A recognition stream. Write audio as it arrives, call `end()` when the utterance is over and
 * read results from the iterator or `onResult`. The iterator ends after the last result when the
 * stream completes or is closed, and throws the {@link AsrError} when it fails. `close()` tears
 * everything down at once and is safe to call at any time, any number of times.
 */
export interface AsrStream extends AsyncIterable<AsrResult> {
  /** The provider that produced this stream's results (for the resilient wrapper: the current one). */
  readonly provider: string;
  /** Feeds audio; ignored after `end()` or `close()`. */
  write(chunk: AsrAudio): void;
  /** No more audio: the provider sends its final results, then the stream completes. */
  end(): void;
  /** Stops now; pending results are dropped and the outcome is `closed` (unless already settled). */
  close(): void;
  /** Calls `listener` for every result; returns an unsubscribe function. */
  onResult(listener: (result: AsrResult) => void): () => void;
  /** Settles once with why the stream finished. */
  readonly finished: Promise<AsrStreamOutcome>;
}

/** A provider's state as far as this process has seen it (no network probe). */
export interface AsrHealth {
  readonly provider: string;
  /** `down`: a permanent failure (bad credentials, broken model) until reconfigured. */
  readonly status: 'ok' | 'degraded' | 'down';
  readonly openStreams: number;
  /** The most recent failure, if any: its code and when (clock ms). */
  readonly lastError?: { readonly code: string; readonly atMs: number };
}

/** A recognizer loaded once per process and account. */
export interface AsrProvider {
  /** A stable name for reports: `baidu-realtime`, `baidu-rest`, `funasr`, `sherpa`, or a configured label. */
  readonly name: string;
  /** Opens a stream. Never throws: failures arrive through the stream's outcome. */
  open(options?: AsrOpenOptions): AsrStream;
  /** What this process knows about the provider right now. */
  health(): Promise<AsrHealth>;
  /** Releases what the provider holds (engine process, sockets); open streams are closed. */
  close(): Promise<void>;
}
