/**
 * Pinyin-aware phrase finding: which of many phrases (branch words, question phrasings, word
 * lists) occur in an utterance, tolerating ASR homophones (尚班 ↔ 上班).
 */
import type { AnalyzedText } from './analyze.js';
import { DEFAULT_EXACT_CHARS, isAsciiWordChar, matchChar } from './char-match.js';
import { normalize } from './normalize.js';
import { readings } from './pinyin.js';

/** How phrases may match. */
export interface PhraseOptions {
  /** Match hanzi by shared toneless reading (homophones), not only by identity. */
  readonly pinyin: boolean;
  /**
   * Phrases shorter than this match only exactly even with `pinyin` on (default 2): a lone 是 or
   * 贵 has dozens of homophones in ordinary speech.
   */
  readonly minPinyinChars?: number;
  /** Characters that only match themselves (default {@link DEFAULT_EXACT_CHARS}: 不没别未无非否). */
  readonly exactChars?: string;
}

/** @internal A normalized phrase ready to compare. */
interface CompiledPhrase {
  /** Index in the input list. */
  readonly id: number;
  readonly chars: readonly string[];
  readonly readings: readonly (readonly number[])[];
  /** Whether this phrase may match by pinyin (option on and long enough). */
  readonly pinyin: boolean;
}

/** Compiled phrases, indexed by first character and by first syllable. Build once per template. */
export interface PhraseIndex {
  /** @internal Phrases whose first character must match exactly. */
  readonly byChar: ReadonlyMap<string, readonly CompiledPhrase[]>;
  /** @internal Phrases whose first character may match any homophone. */
  readonly bySyllable: ReadonlyMap<number, readonly CompiledPhrase[]>;
  /** @internal */
  readonly exact: ReadonlySet<string>;
  /** Number of phrases given (including ones that normalize to nothing and never match). */
  readonly size: number;
}

/** One occurrence of a phrase in an utterance. */
export interface PhraseHit {
  /** Index of the phrase in the list given to {@link compilePhrases}. */
  readonly phrase: number;
  /** First char (offset into `AnalyzedText.chars`). */
  readonly start: number;
  /** One past the last char. */
  readonly end: number;
  /** 'text' when every char is identical, 'pinyin' when a homophone was needed. */
  readonly via: 'text' | 'pinyin';
}

function addTo<K>(map: Map<K, CompiledPhrase[]>, key: K, phrase: CompiledPhrase): void {
  const list = map.get(key);
  if (list) list.push(phrase);
  else map.set(key, [phrase]);
}

/**
 * Compiles phrases (normalized; one that normalizes to nothing never matches). Each phrase is
 * filed under its first character, or, when it may match by pinyin and starts with a hanzi,
 * under each reading of that hanzi — so finding costs the same for 10 or 10,000 phrases.
 */
export function compilePhrases(phrases: readonly string[], opts: PhraseOptions): PhraseIndex {
  const minPinyinChars = opts.minPinyinChars ?? 2;
  const exact = new Set(Array.from(opts.exactChars ?? DEFAULT_EXACT_CHARS));
  const byChar = new Map<string, CompiledPhrase[]>();
  const bySyllable = new Map<number, CompiledPhrase[]>();
  phrases.forEach((text, id) => {
    const chars = Array.from(normalize(text));
    const first = chars[0];
    if (first === undefined) return;
    const phraseReadings = chars.map((ch) => readings(ch.codePointAt(0)!));
    const phrase: CompiledPhrase = { id, chars, readings: phraseReadings, pinyin: opts.pinyin && chars.length >= minPinyinChars };
    const firstReadings = phraseReadings[0]!;
    if (phrase.pinyin && firstReadings.length > 0 && !exact.has(first)) {
      for (const syllable of firstReadings) addTo(bySyllable, syllable, phrase);
    } else {
      addTo(byChar, first, phrase);
    }
  });
  return { byChar, bySyllable, exact, size: phrases.length };
}

/** Candidates whose first character can match `a.chars[i]`, each once. */
function candidatesAt(index: PhraseIndex, a: AnalyzedText, i: number): readonly CompiledPhrase[] {
  const exactList = index.byChar.get(a.chars[i]!) ?? [];
  const syllables = a.readings[i]!;
  if (syllables.length === 0 || index.bySyllable.size === 0) return exactList;
  const out: CompiledPhrase[] = [...exactList];
  // A polyphone shares several syllables with another polyphone (行/行): list each phrase once.
  const seen = syllables.length > 1 ? new Set<number>() : null;
  for (const syllable of syllables) {
    for (const phrase of index.bySyllable.get(syllable) ?? []) {
      if (seen) {
        if (seen.has(phrase.id)) continue;
        seen.add(phrase.id);
      }
      out.push(phrase);
    }
  }
  return out;
}

/** How `phrase` matches at `start`, or null. */
function matchAt(index: PhraseIndex, a: AnalyzedText, phrase: CompiledPhrase, start: number): 'text' | 'pinyin' | null {
  const end = start + phrase.chars.length;
  if (end > a.chars.length) return null;
  // Latin words and numbers match whole: "ok" not inside "book", "1" not inside "10".
  if (isAsciiWordChar(phrase.chars[0]) && isAsciiWordChar(a.chars[start - 1])) return null;
  if (isAsciiWordChar(phrase.chars[phrase.chars.length - 1]) && isAsciiWordChar(a.chars[end])) return null;
  let via: 'text' | 'pinyin' = 'text';
  for (let k = 0; k < phrase.chars.length; k++) {
    const m = matchChar(a.chars[start + k]!, a.readings[start + k]!, phrase.chars[k]!, phrase.readings[k]!, phrase.pinyin, index.exact);
    if (m === null) return null;
    if (m === 'pinyin') via = 'pinyin';
  }
  return via;
}

/**
 * Every occurrence of every phrase in the utterance (overlaps included), ordered by start, then
 * longest first, then phrase index.
 */
export function findPhrases(index: PhraseIndex, a: AnalyzedText): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (let start = 0; start < a.chars.length; start++) {
    const atStart: PhraseHit[] = [];
    for (const phrase of candidatesAt(index, a, start)) {
      const via = matchAt(index, a, phrase, start);
      if (via) atStart.push({ phrase: phrase.id, start, end: start + phrase.chars.length, via });
    }
    atStart.sort((x, y) => y.end - x.end || x.phrase - y.phrase);
    hits.push(...atStart);
  }
  return hits;
}
