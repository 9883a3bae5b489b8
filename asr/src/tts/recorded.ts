/**
 * The script's uploaded recordings as a prompt source: `synthesize(name)` plays the recording
 * of that name from the enterprise's store. Uploads are converted to 8 kHz 16-bit mono WAV
 * when they are stored (the audio helper's voice-file conversion), so playing one is a read.
 */
import { TtsError } from './errors.js';
import { DEFAULT_VOICE, SAMPLE_RATE, systemClock, type Clock, type SynthesizeOptions, type TtsHealth, type TtsProvider, type TtsVoice } from './types.js';
import { readWavPcm16, WavFormatError } from './wav.js';

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
  readonly clock?: Clock;
}

const ID = 'recorded';

/** Decodes a stored recording, insisting on the telephone format conversion produces. */
export function decodeRecording(bytes: Uint8Array, name: string): Int16Array {
  let wav;
  try {
    wav = readWavPcm16(bytes);
  } catch (e) {
    throw new TtsError('TTS_BAD_AUDIO', ID, `recording "${name}" is not a 16-bit PCM WAV: ${e instanceof WavFormatError ? e.message : String(e)}`, { cause: e });
  }
  if (wav.sampleRate !== SAMPLE_RATE || wav.channels !== 1) {
    throw new TtsError('TTS_BAD_AUDIO', ID, `recording "${name}" is ${wav.sampleRate} Hz with ${wav.channels} channel(s); it must be converted to 8 kHz mono on upload`);
  }
  return wav.samples;
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
    yield decodeRecording(bytes, name);
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
