/**
 * Turns what the engine says into playback: a `say` effect (or any {@link PromptSpec}) plays
 * its recording when it names one, otherwise its text through the synthesis chain (cache,
 * primary provider, fallback).
 *
 * The engine's `say` has one recording *or* text, never a recording with a synthesized
 * variable part, so there is no mixed prompt here (see engine/src/dialog/types.ts).
 */
import { TtsError, toTtsError } from './errors.js';
import { PromptPlayback } from './playback.js';
import type { PromptSpec, TtsProvider, TtsVoice } from './types.js';

/** What a player is built from. */
export interface PromptPlayerOptions {
  /** The synthesis chain for text prompts. */
  readonly tts: TtsProvider;
  /** The enterprise's recordings; a recording prompt fails `TTS_NOT_FOUND` without it. */
  readonly recordings?: TtsProvider;
  /**
   * When a recording cannot be played (missing, not converted, store down) and the prompt has
   * text, synthesize the text instead; default true, so a call never goes silent over a file.
   */
  readonly synthesizeMissingRecordings?: boolean;
  /** Told when a recording was replaced by synthesis. */
  readonly onRecordingFallback?: (event: { readonly recording: string; readonly error: TtsError }) => void;
}

/** Opens playbacks for prompts. One per call or per process; it holds nothing per prompt. */
export class PromptPlayer {
  constructor(private readonly options: PromptPlayerOptions) {}

  /** Starts fetching or synthesizing at once and returns the frames' stream. */
  play(prompt: PromptSpec, voice?: TtsVoice): PromptPlayback {
    const { tts, recordings } = this.options;
    if (prompt.recording === '') {
      return new PromptPlayback((signal) => tts.synthesize(prompt.text, { voice, signal }), tts.id);
    }
    const fallbackToText = (this.options.synthesizeMissingRecordings ?? true) && prompt.text.trim() !== '';
    const onFallback = this.options.onRecordingFallback;
    return new PromptPlayback(async function* (signal) {
      let produced = false;
      try {
        if (!recordings) throw new TtsError('TTS_NOT_FOUND', 'recorded', `no recording store to play "${prompt.recording}"`);
        for await (const chunk of recordings.synthesize(prompt.recording, { signal })) { produced = true; yield chunk; }
        return;
      } catch (e) {
        const error = toTtsError(e, 'recorded');
        if (produced || !fallbackToText || error.code === 'TTS_ABORTED' || signal.aborted) throw error;
        onFallback?.({ recording: prompt.recording, error });
      }
      yield* tts.synthesize(prompt.text, { voice, signal });
    }, recordings?.id ?? 'recorded');
  }
}
