/**
 * The one synthesis interface every prompt source implements (Baidu, espeak-ng, the script's
 * recordings, and the cache and fallback wrappers around them).
 */

/** Telephone audio: every provider answers 8 kHz 16-bit mono PCM. */
export const SAMPLE_RATE = 8000;
/** One 20 ms frame at 8 kHz. */
export const FRAME_SAMPLES = 160;
/** Duration of one frame. */
export const FRAME_MS = 20;

/**
 * Voice settings, on Baidu's scales because that is what the console shows: `per` speaker id,
 * `spd` speed, `pit` pitch and `vol` volume each 0–15 with 5 the default. Other engines map them.
 */
export interface TtsVoice {
  readonly per: number;
  readonly spd: number;
  readonly pit: number;
  readonly vol: number;
}

/** Baidu's defaults: 度小美, middle speed, pitch and volume. */
export const DEFAULT_VOICE: TtsVoice = Object.freeze({ per: 0, spd: 5, pit: 5, vol: 5 });

/** `production` voices may face customers; `test` (espeak-ng) is intelligible but robotic. */
export type TtsQuality = 'production' | 'test';

/** Per-request options. */
export interface SynthesizeOptions {
  /** Overrides the provider's configured voice for this request. */
  readonly voice?: TtsVoice;
  /** Abort (barge-in, hang-up): the request, child process or wait stops and rejects `TTS_ABORTED`. */
  readonly signal?: AbortSignal;
}

/** What the console shows about a provider. */
export interface TtsHealth {
  readonly ok: boolean;
  readonly provider: string;
  readonly quality: TtsQuality;
  /** Describes the provider and voice, never credentials. */
  readonly description: string;
  /** How long the check took. */
  readonly latencyMs: number;
  /** Set when `ok` is false. */
  readonly code?: string;
  /** What went wrong or what was checked, for people (no secrets). */
  readonly message: string;
}

/** A speech synthesizer (or prompt source) that answers telephone PCM. */
export interface TtsProvider {
  /** Engine id for cache keys and logs: `baidu`, `espeak`, `recorded`, … */
  readonly id: string;
  /** Engine/protocol version: a new one invalidates cached audio. */
  readonly version: string;
  readonly quality: TtsQuality;
  /** The configured voice (requests may override it). */
  readonly voice: TtsVoice;
  /** Provider and voice for people and logs; never contains credentials. */
  describe(): string;
  /** Stable text of the voice settings that change the audio, for cache keys. */
  voiceKey(voice?: TtsVoice): string;
  /**
   * 8 kHz 16-bit mono PCM as it becomes available, in chunks of any length (a provider that
   * answers whole files yields one chunk per request). Failures reject the iteration with a
   * {@link TtsError}.
   */
  synthesize(text: string, options?: SynthesizeOptions): AsyncIterable<Int16Array>;
  /** Checks that the provider works end to end; never throws. */
  health(): Promise<TtsHealth>;
  /** Releases sockets, processes and timers; safe to call twice. */
  close(): Promise<void>;
}

/**
 * What the call runtime asks to hear: the engine's `say` effect has exactly this shape (a
 * `say` effect can be passed as is). A non-empty `recording` plays that recording instead of
 * synthesizing `text` (which is then its transcript).
 */
export interface PromptSpec {
  readonly text: string;
  readonly recording: string;
}

/** Milliseconds since an arbitrary origin; injected so tests control token expiry. */
export interface Clock {
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Collects a provider's chunks into one buffer. */
export async function synthesizeAll(provider: TtsProvider, text: string, options?: SynthesizeOptions): Promise<Int16Array> {
  const chunks: Int16Array[] = [];
  for await (const chunk of provider.synthesize(text, options)) chunks.push(chunk);
  return concatPcm(chunks);
}

/** Joins PCM chunks; returns the only chunk itself when there is one. */
export function concatPcm(chunks: readonly Int16Array[]): Int16Array {
  if (chunks.length === 1) return chunks[0]!;
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Int16Array(n);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/** Milliseconds of 8 kHz audio in `samples` samples. */
export function samplesToMs(samples: number): number {
  return Math.round((samples * 1000) / SAMPLE_RATE);
}
