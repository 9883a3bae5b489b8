/**
 * One utterance prepared for matching: normalized once, split into code points, with each
 * character's pinyin readings looked up once, so every matcher of a turn reuses the work.
 */
import { normalize } from './normalize.js';
import { readings } from './pinyin.js';

/** An utterance ready for the matchers. Offsets everywhere in nlu are indexes into `chars`. */
export interface AnalyzedText {
  /** The text as given (ASR output, or corrected text). */
  readonly raw: string;
  /** {@link normalize}d text. */
  readonly text: string;
  /** `text` split into code points (a hanzi outside the BMP is one entry). */
  readonly chars: readonly string[];
  /** Per char, its syllable ids (`[]` for non-hanzi: Latin letters, digits). */
  readonly readings: readonly (readonly number[])[];
}

/** Normalizes `raw` and looks up every character's readings. */
export function analyze(raw: string): AnalyzedText {
  const text = normalize(raw);
  const chars = Array.from(text);
  return { raw, text, chars, readings: chars.map((ch) => readings(ch.codePointAt(0)!)) };
}
