/**
 * Plays one prompt's frames into the media leg a few frames ahead of the wire, so that a
 * barge-in can stop it at once (`pause`: the leg's queue is cleared, the unsent frames are
 * kept) and a backchannel can let it go on from where it stopped (`resume`), or a real
 * interruption can end it (`stop`). `done` resolves exactly once.
 */
import type { PromptPlayback } from '@waihu/asr';
import type { MediaClock } from '../media/clock.js';
import type { MediaLeg } from '../media/media-leg.js';

/** How a prompt's playing ended. */
export type FeedEnd =
  | { readonly reason: 'finished'; readonly playedMs: number }
  | { readonly reason: 'cut'; readonly playedMs: number }
  /** The synthesis or the recording failed; what played, played. */
  | { readonly reason: 'error'; readonly playedMs: number; readonly code: string }
  /** The leg closed under us: the line is down. */
  | { readonly reason: 'closed'; readonly playedMs: number };

/** Frames handed to the leg before they are due (3 × 20 ms): enough to ride out a busy loop. */
const AHEAD = 3;
const FRAME_MS = 20;

export class PromptFeeder {
  readonly done: Promise<FeedEnd>;
  /** Clock time the first frame was handed to the leg, or null. */
  firstFrameAt: number | null = null;
  private settle!: (end: FeedEnd) => void;
  private over = false;
  private paused = false;
  private inFlight = 0;
  /** Frames cleared from the leg by a pause, to play first on resume. */
  private held: Int16Array[] = [];
  /** Frames in the leg's queue now, oldest first. */
  private queued: Int16Array[] = [];
  private reading = false;
  private sourceEnded = false;
  private played = 0;

  constructor(private readonly leg: MediaLeg, private readonly playback: PromptPlayback, private readonly clock: MediaClock) {
    this.done = new Promise((resolve) => { this.settle = resolve; });
    void playback.ended.then((end) => {
      this.sourceEnded = true;
      if (end.reason === 'error') this.finish({ reason: 'error', playedMs: this.played * FRAME_MS, code: end.error?.code ?? 'TTS_ERROR' });
      else this.maybeFinished();
    });
    this.fill();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Stops sound now (barge-in) but keeps the rest of the prompt. */
  pause(): void {
    if (this.over || this.paused) return;
    this.paused = true;
    // Frames still in the leg's queue come back as 'cleared'; keep them, in order, for resume.
    this.held = this.queued.splice(0);
    this.leg.clear();
  }

  /** Goes on from where `pause` stopped. */
  resume(): void {
    if (this.over || !this.paused) return;
    this.paused = false;
    this.fill();
  }

  /** Ends the prompt now; nothing more is played. */
  stop(): void {
    if (this.over) return;
    const wasPlaying = !this.paused;
    this.playback.stop();
    if (wasPlaying) this.leg.clear();
    this.finish({ reason: 'cut', playedMs: this.played * FRAME_MS });
  }

  private fill(): void {
    while (!this.over && !this.paused && this.inFlight < AHEAD && this.held.length > 0) this.send(this.held.shift()!);
    if (this.over || this.paused || this.inFlight >= AHEAD || this.reading) return;
    const frame = this.playback.tryRead();
    if (frame) {
      this.send(frame);
      this.fill();
      return;
    }
    if (this.playback.isEnded) { this.maybeFinished(); return; }
    // Synthesis is behind: wait for the next frame without blocking the loop.
    this.reading = true;
    void this.playback.read().then((next) => {
      this.reading = false;
      if (next === null) { this.maybeFinished(); return; }
      if (this.over) return;
      if (this.paused) this.held.push(next);
      else this.send(next);
      this.fill();
    });
  }

  private send(frame: Int16Array): void {
    this.firstFrameAt ??= this.clock.now();
    this.inFlight++;
    this.queued.push(frame);
    void this.leg.play(frame).then((result) => {
      this.inFlight--;
      if (this.over) return;
      if (result === 'finished') {
        this.played++;
        const i = this.queued.indexOf(frame);
        if (i >= 0) this.queued.splice(i, 1);
        this.fill();
        this.maybeFinished();
      } else if (result === 'closed') {
        this.playback.stop();
        this.finish({ reason: 'closed', playedMs: this.played * FRAME_MS });
      } else if (!this.paused) {
        // Cleared by someone else while playing: nothing to resume into.
        this.fill();
      }
    });
  }

  private maybeFinished(): void {
    if (this.over || !this.sourceEnded || this.inFlight > 0 || this.held.length > 0 || this.reading) return;
    if (this.playback.bufferedFrames > 0) return;
    this.finish({ reason: 'finished', playedMs: this.played * FRAME_MS });
  }

  private finish(end: FeedEnd): void {
    if (this.over) return;
    this.over = true;
    this.held = [];
    this.queued = [];
    this.settle(end);
  }
}
