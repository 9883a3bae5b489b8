/** A scriptable in-memory provider for cache, fallback and playback tests. */
import { TtsError, type SynthesizeOptions, type TtsHealth, type TtsProvider, type TtsVoice, DEFAULT_VOICE } from '../../src/index.js';

export class CountingTts implements TtsProvider {
  readonly id: string;
  readonly version = '1';
  readonly quality = 'production' as const;
  readonly voice: TtsVoice = DEFAULT_VOICE;
  calls = 0;
  /** Resolves the current synthesis when set (to hold syntheses open). */
  gate: Promise<void> | null = null;
  failWith: TtsError | null = null;
  /** Samples per chunk, and chunks per text. */
  chunkSamples = 400;
  chunks = 3;
  chunkDelayMs = 0;

  constructor(id = 'counting') { this.id = id; }

  describe(): string { return `counting ${this.id}`; }
  voiceKey(voice: TtsVoice = this.voice): string { return `spd=${voice.spd}`; }

  async *synthesize(text: string, options: SynthesizeOptions = {}): AsyncGenerator<Int16Array> {
    this.calls++;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    for (let c = 0; c < this.chunks; c++) {
      if (options.signal?.aborted) throw new TtsError('TTS_ABORTED', this.id, 'aborted');
      if (this.chunkDelayMs) await new Promise((r) => setTimeout(r, this.chunkDelayMs));
      const chunk = new Int16Array(this.chunkSamples);
      for (let i = 0; i < chunk.length; i++) chunk[i] = (text.length * 100 + c * 10 + (i % 7)) % 30000;
      yield chunk;
    }
  }

  async health(): Promise<TtsHealth> {
    return { ok: true, provider: this.id, quality: this.quality, description: this.describe(), latencyMs: 0, message: 'fake' };
  }

  async close(): Promise<void> { /* nothing */ }
}
