/**
 * What the customer hears while an agent's phone rings: an optional short prompt (正在为您转接
 * 人工坐席，请稍候) and then music or, by default, the Chinese ringback tone (450 Hz, 1 s on,
 * 4 s off), looped on the customer's leg until stopped. Items are queued one at a time as the
 * previous one finishes, so stopping leaves nothing long queued, and the play queue joins them
 * without a gap.
 */
import type { MediaLeg } from '../media/media-leg.js';

/** The ringback cadence of GB/T 15279: 450 Hz, 1 s on, 4 s off, at a modest level. */
export function ringbackTone(): Int16Array {
  const out = new Int16Array(5 * 8000);
  for (let i = 0; i < 8000; i++) out[i] = Math.round(5000 * Math.sin((2 * Math.PI * 450 * i) / 8000));
  return out;
}

let cachedTone: Int16Array | null = null;

/** What to play while holding. */
export interface HoldAudio {
  /** Played once first (8 kHz PCM). */
  readonly prompt?: Int16Array | null;
  /** Looped after the prompt (default: the ringback tone). */
  readonly music?: Int16Array | null;
}

/** A running hold on a leg. */
export interface HoldPlayer {
  /** Stops the loop and clears what is queued; safe to call twice. */
  stop(): void;
}

/** Starts playing `audio` to `leg`. */
export function startHold(leg: Pick<MediaLeg, 'play' | 'clear'>, audio: HoldAudio = {}): HoldPlayer {
  let stopped = false;
  const music = audio.music ?? (cachedTone ??= ringbackTone());
  const loop = (): void => {
    if (stopped || music.length === 0) return;
    void leg.play(music).then((result) => { if (result === 'finished') loop(); });
  };
  if (audio.prompt && audio.prompt.length > 0) {
    void leg.play(audio.prompt).then((result) => { if (result === 'finished') loop(); });
  } else loop();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      leg.clear();
    },
  };
}
