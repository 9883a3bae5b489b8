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

/** Compiled phrases, indexed by their first two characters. Build once per template. */
export interface PhraseIndex {
  /** @internal One-character phrases, by token. */
  readonly single: ReadonlyMap<number, readonly CompiledPhrase[]>;
  /** @internal Longer phrases by the tokens of their first two characters (two levels: small-integer keys hash fast). */
  readonly byPair: ReadonlyMap<number, ReadonlyMap<number, readonly CompiledPhrase[]>>;
  /** @internal */
  readonly exact: ReadonlySet<string>;
  /** @internal Whether some phrase of two or more chars matches by pinyin / some one exactly. */
  readonly pairPinyin: boolean;
  readonly pairExact: boolean;
  /** @internal Whether some one-character phrase matches by pinyin. */
  readonly singlePinyin: boolean;
  /** Number of phrases given (including ones that normalize to nothing and never match). */
  readonly size: number;
  /** @internal Scratch: the lookup generation that last reported each phrase (dedupe without allocating). */
  readonly marks: Int32Array;
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

/** Tokens: syllable ids are small; a character that must match itself is its code point, offset. */
const CODE_POINT_BASE = 1000;
const charToken = (ch: string): number => CODE_POINT_BASE + ch.codePointAt(0)!;

/** What a phrase character can be matched through: its readings (pinyin hanzi) or itself. */
function phraseTokens(ch: string, chReadings: readonly number[], pinyin: boolean, exact: ReadonlySet<string>): readonly number[] {
  return pinyin && chReadings.length > 0 && !exact.has(ch) ? chReadings : [charToken(ch)];
}

function addTo<K>(map: Map<K, CompiledPhrase[]>, key: K, phrase: CompiledPhrase): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== phrase) list.push(phrase);
  } else map.set(key, [phrase]);
}

/**
 * Compiles phrases (normalized; one that normalizes to nothing never matches). Each phrase of two
 * or more characters is filed under every token pair of its first two characters, so finding
 * costs the same for 10 or 10,000 phrases and checks only phrases that already match two chars.
 */
export function compilePhrases(phrases: readonly string[], opts: PhraseOptions): PhraseIndex {
  const minPinyinChars = opts.minPinyinChars ?? 2;
  const exact = new Set(Array.from(opts.exactChars ?? DEFAULT_EXACT_CHARS));
  const single = new Map<number, CompiledPhrase[]>();
  const byPair = new Map<number, Map<number, CompiledPhrase[]>>();
  let pairPinyin = false;
  let pairExact = false;
  let singlePinyin = false;
  phrases.forEach((text, id) => {
    const chars = Array.from(normalize(text));
    const first = chars[0];
    if (first === undefined) return;
    const phraseReadings = chars.map((ch) => readings(ch.codePointAt(0)!));
    const phrase: CompiledPhrase = { id, chars, readings: phraseReadings, pinyin: opts.pinyin && chars.length >= minPinyinChars };
    if (chars.length === 1) {
      singlePinyin ||= phrase.pinyin;
      for (const x of phraseTokens(first, phraseReadings[0]!, phrase.pinyin, exact)) addTo(single, x, phrase);
      return;
    }
    if (phrase.pinyin) pairPinyin = true;
    else pairExact = true;
    for (const x of phraseTokens(first, phraseReadings[0]!, phrase.pinyin, exact)) {
      let second = byPair.get(x);
      if (!second) byPair.set(x, (second = new Map()));
      for (const y of phraseTokens(chars[1]!, phraseReadings[1]!, phrase.pinyin, exact)) addTo(second, y, phrase);
    }
  });
  return { single, byPair, exact, pairPinyin, pairExact, singlePinyin, size: phrases.length, marks: new Int32Array(phrases.length) };
}

/**
 * Tokens a text character is looked up by. A pinyin phrase files its hanzi under their
 * syllables and an exact one under the character itself, so a hanzi needs its own token only
 * where exact phrases exist, and its syllables only where pinyin ones do.
 */
function textTokens(a: AnalyzedText, i: number, exact: ReadonlySet<string>, pinyin: boolean, exactToo: boolean): readonly number[] {
  const ch = a.chars[i]!;
  const syllables = a.readings[i]!;
  if (!pinyin || syllables.length === 0 || exact.has(ch)) return [charToken(ch)];
  return exactToo ? [charToken(ch), ...syllables] : syllables;
}

let generation = 0;
/** A fresh lookup number; wraps long before it could meet a stale mark. */
function nextGeneration(): number {
  generation = generation >= 0x3fffffff ? 1 : generation + 1;
  return generation;
}

/** Appends each phrase of `list` not yet marked with `mark` to `out`. */
function offer(index: PhraseIndex, list: readonly CompiledPhrase[] | undefined, mark: number, out: CompiledPhrase[]): void {
  if (!list) return;
  for (const p of list) {
    if (index.marks[p.id] === mark) continue;
    index.marks[p.id] = mark;
    out.push(p);
  }
}

/** Phrases whose first one or two characters can match at `i`, each once, into `out`. */
function candidatesAt(index: PhraseIndex, a: AnalyzedText, i: number, out: CompiledPhrase[]): void {
  out.length = 0;
  // Polyphones give several keys that may hold the same phrase: the mark reports each once.
  const mark = nextGeneration();
  if (index.single.size > 0) {
    for (const x of textTokens(a, i, index.exact, index.singlePinyin, true)) offer(index, index.single.get(x), mark, out);
  }
  if (i + 1 >= a.chars.length || index.byPair.size === 0) return;
  let ys: readonly number[] | null = null;
  for (const x of textTokens(a, i, index.exact, index.pairPinyin, index.pairExact)) {
    const second = index.byPair.get(x);
    if (!second) continue;
    ys ??= textTokens(a, i + 1, index.exact, index.pairPinyin, index.pairExact);
    for (const y of ys) offer(index, second.get(y), mark, out);
  }
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
  const candidates: CompiledPhrase[] = [];
  for (let start = 0; start < a.chars.length; start++) {
    const from = hits.length;
    candidatesAt(index, a, start, candidates);
    for (const phrase of candidates) {
      const via = matchAt(index, a, phrase, start);
      if (via) hits.push({ phrase: phrase.id, start, end: start + phrase.chars.length, via });
    }
    if (hits.length - from > 1) {
      const atStart = hits.splice(from).sort((x, y) => y.end - x.end || x.phrase - y.phrase);
      hits.push(...atStart);
    }
  }
  return hits;
}
