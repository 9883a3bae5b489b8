/**
 * Affirmative / negative answers (肯定/否定), negation-aware: 需要 is yes, 不需要 and 不太需要 are
 * no, 没问题 is yes, 没有 is no (not 有).
 */
import type { AnalyzedText } from './analyze.js';
import { negationStart } from './negation.js';
import { compilePhrases, findPhrases } from './phrases.js';
import type { PhraseIndex } from './phrases.js';
import { DEFAULT_NEUTRAL } from './words.js';
import { isInterrogative } from './interrogative.js';
import { normalize } from './normalize.js';

/** In answers up to this long, a one-character yes word (是, 好, 在, 有) stands on its own. */
const SHORT_ANSWER_CHARS = 4;

export type PolarityKind = 'affirmative' | 'negative';

/** The word lists a lexicon is compiled from. */
export interface LexiconWords {
  readonly affirmative: readonly string[];
  readonly negative: readonly string[];
  /** Words that are neither but contain list words (default {@link DEFAULT_NEUTRAL}). */
  readonly neutral?: readonly string[];
}

/** Compiled word lists. Build once per template. */
export interface Lexicon {
  /** @internal Affirmative words first, then negative ones. */
  readonly words: PhraseIndex;
  /** @internal */
  readonly affirmativeCount: number;
  /** @internal The words as written, indexed like `words`. */
  readonly texts: readonly string[];
  /** @internal Neutral words, exact. */
  readonly neutral: PhraseIndex;
}

/** One word found by {@link classifyPolarity}. */
export interface PolarityHit {
  /** The list word as written. */
  readonly word: string;
  /** Its effect: a negated affirmative word is 'negative'. */
  readonly kind: PolarityKind;
  /** Offsets of the word itself in `AnalyzedText.chars` (the negator precedes `start`). */
  readonly start: number;
  readonly end: number;
  /** An affirmative word turned negative by a negator before it (不太需要). */
  readonly negated: boolean;
}

export interface PolarityResult {
  /** 'negative' if any hit is negative, else 'affirmative' if any hit, else null. */
  readonly polarity: PolarityKind | null;
  readonly hits: readonly PolarityHit[];
  /** The callee asked something; one-character words inside the question did not count. */
  readonly interrogative: boolean;
}

/** Fillers that may precede a one-character answer at the start of a clause (那行, 嗯好). */
const LEAD_FILLERS = new Set(Array.from('那嗯恩哦噢啊唉哎额呃诶'));

/** Start offset and length (in normalized characters) of each clause the callee spoke. */
function clauses(a: AnalyzedText): { start: number; length: number }[] {
  const out: { start: number; length: number }[] = [];
  let start = 0;
  for (const part of a.raw.split(/[\s,，。.!！?？;；、~～…]+/)) {
    const length = Array.from(normalize(part)).length;
    if (length === 0) continue;
    out.push({ start, length });
    start += length;
  }
  return out;
}

/**
 * One-character words are everywhere inside sentences (我在外面, 利率是多少, 比别家便宜吗): a yes
 * word counts only in a short clause or at a clause's start (那行，你说), and no one-character
 * word counts inside a question.
 */
function standsAlone(h: PolarityHit, spoken: readonly { start: number; length: number }[], chars: readonly string[], interrogative: boolean): boolean {
  if (h.end - h.start > 1 || h.negated) return true;
  if (interrogative) return false;
  if (h.kind === 'negative') return true;
  const clause = spoken.find((c) => h.start >= c.start && h.start < c.start + c.length);
  if (!clause) return true;
  if (clause.length <= SHORT_ANSWER_CHARS || h.start === clause.start) return true;
  return h.start === clause.start + 1 && LEAD_FILLERS.has(chars[clause.start]!);
}

/**
 * Compiles affirmative and negative words. With `pinyin`, words of two or more characters also
 * match homophones (是的 ↔ 是得); single characters (是, 对, 好, 不) only match exactly.
 */
export function compileLexicon(words: LexiconWords, opts: { readonly pinyin: boolean }): Lexicon {
  const texts = [...words.affirmative, ...words.negative];
  return {
    words: compilePhrases(texts, { pinyin: opts.pinyin, minPinyinChars: 2 }),
    affirmativeCount: words.affirmative.length,
    texts,
    neutral: compilePhrases(words.neutral ?? DEFAULT_NEUTRAL, { pinyin: false }),
  };
}

/** A candidate reading of the text starting at one position. */
interface Span {
  readonly length: number;
  /** null: neutral, consumed without a hit. */
  readonly hit: PolarityHit | null;
}

/** Ranks candidates at one position: longer first; on a tie list words, then neutral, then negations. */
const PRIORITY = { word: 0, neutral: 1, negation: 2 } as const;
type Source = keyof typeof PRIORITY;

class Best {
  private span: Span | null = null;
  private source: Source = 'negation';
  offer(length: number, source: Source, hit: PolarityHit | null): void {
    const cur = this.span;
    const tie = cur !== null && length === cur.length;
    // A word in both lists reads as negative: missing a refusal costs more than missing a yes.
    const negativeTwin = tie && source === this.source && hit?.kind === 'negative' && cur.hit?.kind === 'affirmative';
    if (!cur || length > cur.length || (tie && PRIORITY[source] < PRIORITY[this.source]) || negativeTwin) {
      this.span = { length, hit };
      this.source = source;
    }
  }
  get(): Span | null {
    return this.span;
  }
}

/**
 * Length of an A-not-A question at `i` (是不是, 有没有, 可不可以, 需要不需要), 0 if none: it asks,
 * it does not answer, so neither its 是 nor its 不是 counts.
 */
function aNotALength(chars: readonly string[], i: number, wordEnds: readonly number[]): number {
  for (let p = 1; p <= 2; p++) {
    const mid = chars[i + p];
    if (mid !== '不' && mid !== '没') continue;
    let repeated = true;
    for (let k = 0; k < p; k++) if (chars[i + k] !== chars[i + p + 1 + k]) repeated = false;
    if (!repeated || i + 2 * p + 1 > chars.length) continue;
    // Extend over the list word the repeat starts (可不可以 ends after 可以), then over a list
    // word right after it: 有没有兴趣 asks about 兴趣, it does not claim it.
    const len = Math.max(2 * p + 1, (wordEnds[i + p + 1] ?? 0) - i);
    return Math.max(len, (wordEnds[i + len] ?? 0) - i);
  }
  return 0;
}

/**
 * Classifies an answer. Scans left to right taking at each position the longest of: a list word
 * (either list), a neutral word, an A-not-A question, or a negator followed by an affirmative
 * word (不太需要, 不是很方便, 没什么兴趣 → negative, `negated`). Any negative hit makes the answer
 * negative; otherwise any affirmative hit makes it affirmative; otherwise null.
 */
export function classifyPolarity(lex: Lexicon, a: AnalyzedText): PolarityResult {
  const n = a.chars.length;
  const best: Best[] = Array.from({ length: n }, () => new Best());
  // Farthest end of any list word starting at each position (for A-not-A).
  const wordEnds: number[] = new Array<number>(n).fill(0);

  for (const h of findPhrases(lex.words, a)) {
    const affirmative = h.phrase < lex.affirmativeCount;
    const word = lex.texts[h.phrase]!;
    const length = h.end - h.start;
    wordEnds[h.start] = Math.max(wordEnds[h.start]!, h.end);
    best[h.start]!.offer(length, 'word', { word, kind: affirmative ? 'affirmative' : 'negative', start: h.start, end: h.end, negated: false });
    if (affirmative) {
      const from = negationStart(a.chars, h.start);
      if (from >= 0) best[from]!.offer(h.end - from, 'negation', { word, kind: 'negative', start: h.start, end: h.end, negated: true });
    }
  }
  for (const h of findPhrases(lex.neutral, a)) best[h.start]!.offer(h.end - h.start, 'neutral', null);
  for (let i = 0; i < n; i++) {
    const len = aNotALength(a.chars, i, wordEnds);
    if (len > 0) best[i]!.offer(len, 'neutral', null);
  }

  const hits: PolarityHit[] = [];
  let i = 0;
  while (i < n) {
    const span = best[i]!.get();
    if (!span) {
      i++;
      continue;
    }
    if (span.hit) hits.push(span.hit);
    i += span.length;
  }
  const interrogative = isInterrogative(a);
  const spoken = clauses(a);
  const kept = hits.filter((h) => standsAlone(h, spoken, a.chars, interrogative) && !(interrogative && h.end === n && h.word.startsWith('没') && a.text.startsWith('有')));
  const polarity = kept.some((h) => h.kind === 'negative') ? 'negative' : kept.length > 0 ? 'affirmative' : null;
  return { polarity, hits: kept, interrogative };
}
