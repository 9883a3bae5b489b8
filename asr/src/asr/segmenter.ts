/**
 * Where speech starts and ends, for providers that recognize whole segments (Baidu's
 * short-utterance REST API). The call runtime passes a factory built on the Silero VAD
 * (asr/src/vad); `energySegmenter` is a dependency-free stand-in with the same contract, used
 * by tests and usable where no VAD model is loaded.
 */
import type { AsrAudio } from './types.js';

/** A boundary, in ms from the stream's first sample. */
export type SegmentEvent = { readonly kind: 'speech-start' | 'speech-end'; readonly atMs: number };

/** One stream's segmenter: fed 20 ms of 16 kHz audio at a time. */
export interface SpeechSegmenter {
  push(frame: AsrAudio): readonly SegmentEvent[];
  close(): void;
}

/** Makes a segmenter per stream (a VAD model is loaded once; its per-stream state is cheap). */
export type SegmenterFactory = () => SpeechSegmenter;

/** Settings for the energy segmenter. */
export interface EnergySegmenterOptions {
  /** RMS above which a 20 ms frame is voiced (default 500, about −36 dBFS). */
  readonly threshold?: number;
  /** Voiced time before speech starts (default 60 ms). */
  readonly minSpeechMs?: number;
  /** Silence that ends speech (default 400 ms). */
  readonly minSilenceMs?: number;
}

/** A frame-energy segmenter with start and hang-over times. */
export function energySegmenter(options: EnergySegmenterOptions = {}): SegmenterFactory {
  const threshold = options.threshold ?? 500;
  const minSpeech = options.minSpeechMs ?? 60;
  const minSilence = options.minSilenceMs ?? 400;
  return () => {
    let atMs = 0;
    let voicedRun = 0;
    let silentRun = 0;
    let speaking = false;
    return {
      push(frame) {
        const s = frame.samples;
        let sum = 0;
        for (let i = 0; i < s.length; i++) sum += (s[i] as number) * (s[i] as number);
        const ms = (s.length * 1000) / frame.sampleRate;
        const voiced = s.length > 0 && Math.sqrt(sum / s.length) > threshold;
        atMs += ms;
        const events: SegmentEvent[] = [];
        if (voiced) {
          voicedRun += ms;
          silentRun = 0;
          if (!speaking && voicedRun >= minSpeech) {
            speaking = true;
            events.push({ kind: 'speech-start', atMs: atMs - voicedRun });
          }
        } else {
          silentRun += ms;
          voicedRun = 0;
          if (speaking && silentRun >= minSilence) {
            speaking = false;
            events.push({ kind: 'speech-end', atMs: atMs - silentRun });
          }
        }
        return events;
      },
      close() {},
    };
  };
}
