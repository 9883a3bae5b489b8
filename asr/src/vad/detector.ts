/**
 * The speech/silence state machine that turns Silero's per-window speech probabilities into
 * events. Pure: it sees (probability, window start, window end) and returns events, so its
 * timing rules are tested without a model, a worker or a clock.
 *
 * Hysteresis as in Silero's own `get_speech_timestamps`: speech starts above `threshold` and
 * ends only after `endSilenceMs` below `negThreshold`; probabilities in between keep the state.
 */

/** Tunables of speech detection; every duration is in milliseconds. */
export interface VadSettings {
  /** Probability at or above which a window is speech (activation; default 0.5). */
  readonly threshold: number;
  /** Probability below which a window is silence (deactivation; default threshold − 0.15). */
  readonly negThreshold: number;
  /** Speech shorter than this is ignored (a cough, a click; default 250). */
  readonly minSpeechMs: number;
  /** Silence that ends an utterance: the endpointing, set per dialog node (default 700). */
  readonly endSilenceMs: number;
  /** Widen each utterance by this much at both ends (Silero's speech_pad_ms; default 30). */
  readonly speechPadMs: number;
  /** Fire `barge-in` once speech has lasted this long (default 300). */
  readonly bargeInMs: number;
}

/** Defaults for an open question; yes/no nodes pass a shorter `endSilenceMs` (e.g. 400). */
export const DEFAULT_VAD_SETTINGS: VadSettings = { threshold: 0.5, negThreshold: 0.35, minSpeechMs: 250, endSilenceMs: 700, speechPadMs: 30, bargeInMs: 300 };

/** What the detector reports; times are call-relative milliseconds from the chunks' `timeMs`. */
export type VadEvent =
  /** Speech confirmed (it lasted `minSpeechMs`); `timeMs` is its padded start. */
  | { readonly type: 'speech-start'; readonly timeMs: number; readonly atMs: number }
  /** Speech has lasted `bargeInMs`: stop the prompt. `atMs` is when that became known. */
  | { readonly type: 'barge-in'; readonly speechStartMs: number; readonly atMs: number }
  /** The utterance ended: `endSilenceMs` of silence (`silence`), or the stream ended (`end`). */
  | { readonly type: 'speech-end'; readonly startMs: number; readonly endMs: number; readonly atMs: number; readonly reason: 'silence' | 'end' };

/**
 * Streaming speech detector for one call. Feed windows in order; read the events returned.
 */
export class SpeechDetector {
  private settings: VadSettings;
  /** Start of the run of speech windows not yet confirmed or already confirmed. */
  private speechStart: number | undefined;
  private confirmed = false;
  private bargedIn = false;
  /** Start of the current run of silence inside speech. */
  private silenceStart: number | undefined;
  private lastSpeechEnd = 0;
  private firstMs: number | undefined;

  constructor(settings: Partial<VadSettings> = {}) {
    this.settings = resolveSettings(settings);
  }

  /** Current settings. */
  get current(): VadSettings {
    return this.settings;
  }

  /** Whether an utterance is in progress (confirmed speech). */
  get speaking(): boolean {
    return this.confirmed;
  }

  /** Changes settings from the next window on (endpointing per dialog node). */
  update(settings: Partial<VadSettings>): void {
    this.settings = resolveSettings({ ...this.settings, ...settings, negThreshold: settings.negThreshold ?? (settings.threshold !== undefined ? undefined : this.settings.negThreshold) });
  }

  /** Feeds one window's speech probability; returns the events it causes (usually none). */
  push(probability: number, startMs: number, endMs: number): VadEvent[] {
    const s = this.settings;
    this.firstMs ??= startMs;
    const events: VadEvent[] = [];
    if (this.speechStart === undefined) {
      if (probability >= s.threshold) {
        this.speechStart = startMs;
        this.silenceStart = undefined;
      }
    } else if (probability < s.negThreshold) {
      this.silenceStart ??= startMs;
      if (!this.confirmed) {
        this.reset(); // too short to be speech
        return events;
      }
    } else if (probability >= s.threshold) {
      this.silenceStart = undefined;
    }
    if (this.speechStart === undefined) return events;
    const spoken = (this.silenceStart ?? endMs) - this.speechStart;
    if (!this.confirmed && spoken >= s.minSpeechMs) {
      this.confirmed = true;
      events.push({ type: 'speech-start', timeMs: this.padStart(this.speechStart), atMs: endMs });
    }
    if (this.confirmed && !this.bargedIn && spoken >= s.bargeInMs) {
      this.bargedIn = true;
      events.push({ type: 'barge-in', speechStartMs: this.padStart(this.speechStart), atMs: endMs });
    }
    if (this.confirmed && this.silenceStart !== undefined && endMs - this.silenceStart >= s.endSilenceMs) {
      const endAt = Math.min(this.silenceStart + s.speechPadMs, endMs);
      events.push({ type: 'speech-end', startMs: this.padStart(this.speechStart), endMs: endAt, atMs: endMs, reason: 'silence' });
      this.lastSpeechEnd = endAt;
      this.reset();
    }
    return events;
  }

  /** The audio ended: closes an utterance in progress (reason `end`). */
  end(endMs: number): VadEvent[] {
    const events: VadEvent[] = [];
    if (this.confirmed && this.speechStart !== undefined) {
      events.push({ type: 'speech-end', startMs: this.padStart(this.speechStart), endMs: this.silenceStart !== undefined ? Math.min(this.silenceStart + this.settings.speechPadMs, endMs) : endMs, atMs: endMs, reason: 'end' });
    }
    this.reset();
    return events;
  }

  private padStart(t: number): number {
    return Math.max(t - this.settings.speechPadMs, this.lastSpeechEnd, this.firstMs ?? t);
  }

  private reset(): void {
    this.speechStart = undefined;
    this.silenceStart = undefined;
    this.confirmed = false;
    this.bargedIn = false;
  }
}

function resolveSettings(p: Partial<VadSettings>): VadSettings {
  const threshold = p.threshold ?? DEFAULT_VAD_SETTINGS.threshold;
  return {
    threshold,
    negThreshold: p.negThreshold ?? Math.max(0.01, threshold - 0.15),
    minSpeechMs: p.minSpeechMs ?? DEFAULT_VAD_SETTINGS.minSpeechMs,
    endSilenceMs: p.endSilenceMs ?? DEFAULT_VAD_SETTINGS.endSilenceMs,
    speechPadMs: p.speechPadMs ?? DEFAULT_VAD_SETTINGS.speechPadMs,
    bargeInMs: p.bargeInMs ?? DEFAULT_VAD_SETTINGS.bargeInMs,
  };
}
