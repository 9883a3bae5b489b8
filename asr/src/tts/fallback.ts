/**
 * A primary provider with a fallback: when the primary fails before producing any audio (after
 * its own retries), the same text is synthesized by the fallback so the call goes on. Each
 * side keeps its own cache entries, so fallback audio is never served as the primary's.
 */
import { toTtsError, type TtsError } from './errors.js';
import type { SynthesizeOptions, TtsHealth, TtsProvider, TtsVoice } from './types.js';

/** Told every time the fallback is used (for logs and metrics; no text, no secrets). */
export type FallbackListener = (event: { readonly primary: string; readonly fallback: string; readonly error: TtsError }) => void;

/** {@link TtsProvider} that tries `primary`, then `fallback`. */
export class FallbackTts implements TtsProvider {
  readonly id: string;
  readonly version: string;
  readonly quality;
  readonly voice: TtsVoice;

  constructor(readonly primary: TtsProvider, readonly fallback: TtsProvider, private readonly onFallback?: FallbackListener) {
    this.id = primary.id;
    this.version = primary.version;
    this.quality = primary.quality;
    this.voice = primary.voice;
  }

  describe(): string {
    return `${this.primary.describe()}；备用 fallback: ${this.fallback.describe()}`;
  }

  voiceKey(voice?: TtsVoice): string {
    return this.primary.voiceKey(voice);
  }

  async *synthesize(text: string, options: SynthesizeOptions = {}): AsyncGenerator<Int16Array> {
    let produced = false;
    try {
      for await (const chunk of this.primary.synthesize(text, options)) {
        produced = true;
        yield chunk;
      }
      return;
    } catch (e) {
      const error = toTtsError(e, this.primary.id);
      // Half a sentence from one voice and the rest from another would confuse the callee
      // more than an error; and an abort is the caller's own decision.
      if (produced || error.code === 'TTS_ABORTED' || options.signal?.aborted) throw error;
      this.onFallback?.({ primary: this.primary.id, fallback: this.fallback.id, error });
    }
    yield* this.fallback.synthesize(text, options);
  }

  /** The primary's health (the console shows that one; the fallback has its own check). */
  health(): Promise<TtsHealth> {
    return this.primary.health();
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}
