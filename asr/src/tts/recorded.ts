/**
 * The script's uploaded recordings as a prompt source: `synthesize(name)` plays the recording
 * of that name from the enterprise's store. Uploads are converted to 8 kHz 16-bit mono WAV
 * when they are stored (the audio helper's voice-file conversion), so playing one is a read.
 */
import { isAudioError, readWavPcm16Mono, type VoiceConverter } from '../audio/index.js';
import { TtsError } from './errors.js';
import { DEFAULT_VOICE, SAMPLE_RATE, systemClock, type Clock, type SynthesizeOptions, type TtsHealth, type TtsProvider, type TtsVoice } from './types.js';

/** Where recordings live (the server implements it over its file store). */
export interface RecordingStore {
  /** The stored 8 kHz 16-bit mono WAV, or null when the enterprise has no recording of that name. */
  get(enterpriseId: string, name: string, signal?: AbortSignal): Promise<Uint8Array | null>;
  /** Throws when the store cannot be reached; used by health checks. */
  ping(): Promise<void>;
}

/** How the recorded-prompt source is built. */
export interface RecordedPromptsOptions {
  readonly store: RecordingStore;
  readonly enterpriseId: string;
  /**
   * Converts a stored file that is not 8 kHz 16-bit mono (uploaded before conversion existed,
   * or put there by hand) on the converter's worker thread; without one such a file is refused.
   */
  readonly converter?: Pick<VoiceConverter, 'convert'>;
  readonly clock?: Clock;
}

const ID = 'recorded';

/**
 * The PCM of a stored recording when it is already in the telephone format, else null (the
 * reason in `why`).
 */
export function decodeTelephoneWav(bytes: Uint8Array): { samples: Int16Array } | { why: string } {
  try {
    const wav = readWavPcm16Mono(bytes);
    if (wav.sampleRate !== SAMPLE_RATE) return { why: `${wav.sampleRate} Hz` };
    return { samples: wav.samples };
  } catch (e) {
    return { why: isAudioError(e) ? e.message : String(e) };
  }
}

/** Recordings as a {@link TtsProvider} whose "text" is the recording's file name. */
export class RecordedPrompts implements TtsProvider {
  readonly id = ID;
  readonly version = 'wav8k.1';
  readonly quality = 'production' as const;
  readonly voice: TtsVoice = DEFAULT_VOICE;
  private readonly clock: Clock;

  constructor(private readonly options: RecordedPromptsOptions) {
    this.clock = options.clock ?? systemClock;
  }

  describe(): string {
    return `录音文件 recordings of enterprise ${this.options.enterpriseId}`;
  }

  voiceKey(): string {
    return 'recording';
  }

  async *synthesize(name: string, options: SynthesizeOptions = {}): AsyncGenerator<Int16Array> {
    if (options.signal?.aborted) throw new TtsError('TTS_ABORTED', ID, 'aborted');
    let bytes: Uint8Array | null;
    try {
      bytes = await this.options.store.get(this.options.enterpriseId, name, options.signal);
    } catch (e) {
      if (options.signal?.aborted) throw new TtsError('TTS_ABORTED', ID, 'aborted');
      throw new TtsError('TTS_STORE', ID, `recording store failed reading "${name}"`, { cause: e });
    }
    if (bytes === null) throw new TtsError('TTS_NOT_FOUND', ID, `no recording named "${name}"`);
    const decoded = decodeTelephoneWav(bytes);
    if ('samples' in decoded) { yield decoded.samples; return; }
    if (!this.options.converter) {
      throw new TtsError('TTS_BAD_AUDIO', ID, `recording "${name}" is not an 8 kHz 16-bit mono WAV (${decoded.why}); convert it on upload`);
    }
    try {
      yield (await this.options.converter.convert(bytes, name)).samples;
    } catch (e) {
      const retryable = isAudioError(e) && e.retryable;
      throw new TtsError(retryable ? 'TTS_STORE' : 'TTS_BAD_AUDIO', ID, `recording "${name}" could not be converted: ${e instanceof Error ? e.message : String(e)}`, { cause: e, retryable });
    }
  }

  async health(): Promise<TtsHealth> {
    const started = this.clock.now();
    const base = { provider: ID, quality: this.quality, description: this.describe() };
    try {
      await this.options.store.ping();
      return { ...base, ok: true, latencyMs: this.clock.now() - started, message: 'recording store reachable' };
    } catch (e) {
      return { ...base, ok: false, latencyMs: this.clock.now() - started, code: 'TTS_STORE', message: `recording store unreachable: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  async close(): Promise<void> {
    // The store belongs to the caller.
  }
}
