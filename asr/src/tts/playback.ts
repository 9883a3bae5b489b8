/**
 * A prompt as 20 ms frames for the media leg. Audio is framed as it arrives, so playback can
 * start with the first chunk of a streaming synthesis; `stop()` (barge-in) ends it at once:
 * no further frame is handed out, the synthesis is aborted, and `ended` resolves exactly once.
 */
import { toTtsError, type TtsError } from './errors.js';
import { FRAME_MS, FRAME_SAMPLES } from './types.js';

/** Why playback ended. */
export type PlaybackEndReason = 'finished' | 'cut' | 'error';

/** How a playback ended; `playedMs` counts the frames handed out (20 ms each). */
export interface PlaybackEnd {
  readonly reason: PlaybackEndReason;
  readonly playedMs: number;
  /** Set when `reason` is `error`. */
  readonly error?: TtsError;
}

/** Opens the audio; the signal fires when playback is stopped. */
export type AudioSource = (signal: AbortSignal) => AsyncIterable<Int16Array>;

/**
 * One prompt's frames. Frames are 160-sample Int16Arrays, often views into shared cached
 * audio: read them, copy them, never modify them.
 */
export class PromptPlayback implements AsyncIterable<Int16Array> {
  /** Resolves once, when the last frame was handed out, on `stop()`, or on a failure. */
  readonly ended: Promise<PlaybackEnd>;
  private resolveEnded!: (end: PlaybackEnd) => void;
  private readonly abort = new AbortController();
  private readonly frames: Int16Array[] = [];
  private head = 0;
  private partial: Int16Array | null = null;
  private partialFill = 0;
  private sourceDone = false;
  private sourceError: TtsError | null = null;
  private framesOut = 0;
  private over = false;
  private waiters: ((frame: Int16Array | null) => void)[] = [];

  constructor(source: AudioSource, private readonly provider = 'tts') {
    this.ended = new Promise((resolve) => { this.resolveEnded = resolve; });
    void this.pump(source);
  }

  /** Milliseconds handed out so far. */
  get playedMs(): number {
    return this.framesOut * FRAME_MS;
  }

  /** Frames ready to hand out now. */
  get bufferedFrames(): number {
    return this.frames.length - this.head;
  }

  /** Whether `ended` has resolved. */
  get isEnded(): boolean {
    return this.over;
  }

  /**
   * The next frame if one is ready, else null (not yet synthesized, or ended): for a pacer
   * that pulls one frame per tick and must never wait.
   */
  tryRead(): Int16Array | null {
    if (this.over) return null;
    if (this.head < this.frames.length) return this.take();
    this.settleIfDrained();
    return null;
  }

  /** The next frame, waiting for synthesis if needed; null once playback has ended. */
  read(): Promise<Int16Array | null> {
    const frame = this.tryRead();
    if (frame || this.over) return Promise.resolve(frame);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Cuts playback now (barge-in, hang-up): nothing more is handed out. Idempotent. */
  stop(): void {
    if (this.over) return;
    this.end({ reason: 'cut', playedMs: this.playedMs });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Int16Array> {
    for (;;) {
      const frame = await this.read();
      if (!frame) return;
      yield frame;
    }
  }

  private take(): Int16Array {
    const frame = this.frames[this.head]!;
    this.frames[this.head++] = EMPTY; // let the chunk be collected once all its frames are out
    if (this.head > 256 && this.head * 2 > this.frames.length) { this.frames.splice(0, this.head); this.head = 0; }
    this.framesOut++;
    this.settleIfDrained();
    return frame;
  }

  private async pump(source: AudioSource): Promise<void> {
    try {
      for await (const chunk of source(this.abort.signal)) {
        if (this.over) return;
        this.push(chunk);
      }
      if (this.over) return;
      if (this.partial && this.partialFill > 0) {
        this.partial.fill(0, this.partialFill);
        this.frames.push(this.partial);
        this.partial = null;
      }
      this.sourceDone = true;
    } catch (e) {
      if (this.over) return;
      this.sourceError = toTtsError(e, this.provider);
      this.sourceDone = true;
    }
    this.feedWaiters();
    this.settleIfDrained();
  }

  /** Cuts `chunk` into frames: whole frames are views, the remainder waits in `partial`. */
  private push(chunk: Int16Array): void {
    let at = 0;
    if (this.partial) {
      const n = Math.min(FRAME_SAMPLES - this.partialFill, chunk.length);
      this.partial.set(chunk.subarray(0, n), this.partialFill);
      this.partialFill += n;
      at = n;
      if (this.partialFill === FRAME_SAMPLES) { this.frames.push(this.partial); this.partial = null; this.partialFill = 0; }
    }
    for (; at + FRAME_SAMPLES <= chunk.length; at += FRAME_SAMPLES) this.frames.push(chunk.subarray(at, at + FRAME_SAMPLES));
    if (at < chunk.length) {
      this.partial = new Int16Array(FRAME_SAMPLES);
      this.partial.set(chunk.subarray(at));
      this.partialFill = chunk.length - at;
    }
    this.feedWaiters();
  }

  private feedWaiters(): void {
    while (this.waiters.length > 0 && this.head < this.frames.length && !this.over) this.waiters.shift()!(this.take());
  }

  private settleIfDrained(): void {
    if (this.over || !this.sourceDone || this.head < this.frames.length) return;
    if (this.sourceError) this.end({ reason: 'error', playedMs: this.playedMs, error: this.sourceError });
    else this.end({ reason: 'finished', playedMs: this.playedMs });
  }

  private end(result: PlaybackEnd): void {
    this.over = true;
    this.abort.abort();
    this.frames.length = 0;
    this.head = 0;
    this.partial = null;
    for (const w of this.waiters.splice(0)) w(null);
    this.resolveEnded(result);
  }
}

const EMPTY = new Int16Array(0);

