/**
 * One call's voice activity detection: takes the call's 20 ms PCM chunks, cuts them into the
 * model's 32 ms windows (256 samples at 8 kHz), has them scored on an inference worker and
 * turns the scores into speech-start / barge-in / speech-end events.
 *
 * The model runs at 8 kHz: telephone audio has nothing above 4 kHz, so up-sampling to 16 kHz
 * would add cost (1.5× per window, plus the resampler) and no information. 16 kHz chunks (from
 * a wide-band leg) are resampled down.
 */
import { PcmChunkResampler } from '../audio/resampler.js';
import type { PcmChunk } from '../audio/pcm.js';
import { SpeechDetector, type VadEvent, type VadSettings } from './detector.js';
import { VadError } from './errors.js';
import { VAD_WINDOW, type InferenceWorker, type PoolStats, type WindowSink } from './pool.js';

/** Everything a stream reports: the detector's events, or a failure. */
export type VadStreamEvent = VadEvent | { readonly type: 'error'; readonly error: VadError };

/** Settings of a stream (see {@link VadSettings}) and an optional first listener. */
export interface VadStreamOptions extends Partial<VadSettings> {
  readonly onEvent?: (e: VadStreamEvent) => void;
}

/** Per-listen endpointing from the call runtime: a yes/no node ends sooner than an open one. */
export type ListenSettings = Partial<Pick<VadSettings, 'endSilenceMs' | 'bargeInMs' | 'minSpeechMs' | 'threshold' | 'negThreshold' | 'speechPadMs'>>;

const WINDOW_MS = (VAD_WINDOW * 1000) / 8000;

/**
 * A call's VAD stream, made by `VadModel.createStream`. Feed it with {@link VadStream.push};
 * events come asynchronously (one inference round trip, well under a frame, after the window
 * fills). Close it when the call ends.
 */
export class VadStream {
  private readonly detector: SpeechDetector;
  private readonly listeners = new Set<(e: VadStreamEvent) => void>();
  private readonly sink: WindowSink;
  private readonly windowStarts: number[] = [];
  private buf = new Float32Array(VAD_WINDOW);
  private fill = 0;
  private bufStartMs = 0;
  private lastEndMs = 0;
  private down: PcmChunkResampler | undefined;
  private closed = false;
  private overloaded = false;
  private idle: (() => void)[] = [];

  /** @internal Made by VadModel.createStream. */
  constructor(
    readonly id: number,
    private readonly worker: InferenceWorker,
    private readonly maxBacklog: number,
    private readonly stats: PoolStats,
    options: VadStreamOptions,
    private readonly onClose: (s: VadStream) => void,
  ) {
    this.detector = new SpeechDetector(options);
    if (options.onEvent) this.listeners.add(options.onEvent);
    this.sink = {
      id,
      backlog: 0,
      probability: (p) => this.scored(p),
      failed: (e) => {
        this.emit({ type: 'error', error: e });
        this.close();
      },
    };
    worker.open(this.sink);
  }

  /** Adds a listener; returns a function that removes it. */
  on(listener: (e: VadStreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether an utterance is in progress. */
  get speaking(): boolean {
    return this.detector.speaking;
  }

  /** The settings in force. */
  get settings(): VadSettings {
    return this.detector.current;
  }

  /** Windows waiting for (or in) inference: 0 when the stream is caught up. */
  get pending(): number {
    return this.sink.backlog;
  }

  /**
   * Resolves when every submitted window has been scored (and its events emitted). Feeding
   * faster than real time (files, tests) should wait on this to stay under the backlog limit.
   */
  settle(): Promise<void> {
    if (this.closed || this.sink.backlog === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Sets endpointing (and other settings) for the next listen, e.g. `{ endSilenceMs: 400 }`. */
  listen(settings: ListenSettings): void {
    this.detector.update(settings);
  }

  /**
   * Takes the next chunk of the call's audio (8 or 16 kHz, mono 16-bit). Throws VAD_CLOSED
   * after close. If inference falls behind by more than the backlog limit, windows are
   * dropped and one `error` event (VAD_OVERLOADED) is emitted per overload episode.
   */
  push(chunk: PcmChunk): void {
    if (this.closed) throw new VadError('VAD_CLOSED', 'push on a closed VAD stream');
    let c = chunk;
    if (c.sampleRate !== 8000) {
      if (c.sampleRate !== 16000) throw new VadError('VAD_BAD_CHUNK', `VAD takes 8 or 16 kHz chunks, got ${String(c.sampleRate)} Hz`);
      this.down ??= new PcmChunkResampler(16000, 8000);
      c = this.down.process(c);
    }
    const s = c.samples;
    for (let i = 0; i < s.length; i++) {
      if (this.fill === 0) this.bufStartMs = c.timeMs + i / 8;
      this.buf[this.fill++] = (s[i] as number) / 32768;
      if (this.fill === VAD_WINDOW) this.submit();
    }
  }

  /**
   * The audio is over: scores the last partial window, waits for all results and closes an
   * utterance in progress (`speech-end` with reason `end`).
   */
  async end(): Promise<void> {
    if (this.closed) return;
    if (this.fill > 0) {
      this.buf.fill(0, this.fill);
      this.submit();
    }
    await this.settle();
    if (this.closed) return;
    for (const e of this.detector.end(this.lastEndMs)) this.emit(e);
  }

  /** Closes the stream: frees its state in the worker; no events after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.close(this.sink);
    this.listeners.clear();
    this.onClose(this);
    for (const r of this.idle.splice(0)) r();
  }

  private submit(): void {
    const window = this.buf;
    this.buf = new Float32Array(VAD_WINDOW);
    this.fill = 0;
    if (this.sink.backlog >= this.maxBacklog) {
      this.stats.dropped++;
      if (!this.overloaded) {
        this.overloaded = true;
        this.emit({ type: 'error', error: new VadError('VAD_OVERLOADED', `VAD inference is ${this.sink.backlog} windows behind; audio dropped`) });
      }
      return;
    }
    this.overloaded = false;
    this.windowStarts.push(this.bufStartMs);
    this.worker.submit(this.sink, window);
  }

  private scored(p: number): void {
    const start = this.windowStarts.shift() ?? this.lastEndMs;
    const end = start + WINDOW_MS;
    this.lastEndMs = end;
    for (const e of this.detector.push(p, Math.round(start), Math.round(end))) this.emit(e);
    if (this.sink.backlog === 0) for (const r of this.idle.splice(0)) r();
  }

  private emit(e: VadStreamEvent): void {
    for (const l of this.listeners) l(e);
  }
}
