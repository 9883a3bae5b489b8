/**
 * Question matching (问题列表): which of the template's questions the callee asked, by
 * containment of a phrasing or, failing that, by the share of its character pairs present —
 * so 你们哪个公司的 still finds 你们是哪个公司的.
 */
import type { AnalyzedText } from './analyze.js';
import { DEFAULT_EXACT_CHARS, matchChar } from './char-match.js';
import { normalize } from './normalize.js';
import { compilePhrases, findPhrases } from './phrases.js';
import type { PhraseIndex } from './phrases.js';
import { readings } from './pinyin.js';

/** Phrasings shorter than this match only by containment: two characters are too few to score. */
const MIN_PAIR_CHARS = 3;
/**
 * Below this length a phrasing may not lose a character: in 线上可以吗 the one character that
 * differs from 晚上可以吗 is the meaning. Longer phrasings also score by pair coverage.
 */
const MIN_COVERAGE_CHARS = 6;
/** Token ids: syllables are small numbers, other characters are offset code points. */
const CODE_POINT_BASE = 1000;
const TOKEN_SPAN = CODE_POINT_BASE + 0x110000;

/** @internal One phrasing of one question. */
interface Entry {
  readonly question: number;
  /** Order among all phrasings (question by question), the last tie-break. */
  readonly order: number;
  /** As written in the template, for traces. */
  readonly phrase: string;
  readonly chars: readonly string[];
  /** Per char, its readings (for approximate matching). */
  readonly readings: readonly (readonly number[])[];
  /** How many of its characters are particles (free to drop). */
  readonly particles: number;
}

/** Compiled questions. Build once per template. */
export interface QuestionIndex {
  /** @internal All phrasings, in order. */
  readonly entries: readonly Entry[];
  /** @internal Containment finder over `entries` (same order). */
  readonly phrases: PhraseIndex;
  /** @internal Pair key → flat list of (entry, pair offset) postings. */
  readonly pairs: ReadonlyMap<number, readonly number[]>;
  /** @internal */
  readonly pinyin: boolean;
  /** @internal */
  readonly exact: ReadonlySet<string>;
}

/** The question an utterance asked. */
export interface QuestionMatch {
  /** Index of the question in the list given to {@link compileQuestions}. */
  readonly question: number;
  /** The phrasing that matched, as written. */
  readonly phrase: string;
  /** 1 for containment, else the share of the phrasing's character pairs found. */
  readonly score: number;
  readonly via: 'text' | 'pinyin';
}

/** Tokens a character can be: its syllables (pinyin on, hanzi not exact-only), else itself. */
function tokens(ch: string, pinyin: boolean, exact: ReadonlySet<string>): readonly number[] {
  const cp = ch.codePointAt(0)!;
  if (pinyin && !exact.has(ch)) {
    const ids = readings(cp);
    if (ids.length > 0) return ids;
  }
  return [CODE_POINT_BASE + cp];
}

/** Calls `fn` with every key of the pair (chars[k], chars[k+1]); polyphones give several. */
function forEachPairKey(chars: readonly string[], k: number, pinyin: boolean, exact: ReadonlySet<string>, fn: (key: number) => void): void {
  for (const x of tokens(chars[k]!, pinyin, exact)) for (const y of tokens(chars[k + 1]!, pinyin, exact)) fn(x * TOKEN_SPAN + y);
}

/**
 * Compiles questions: for each question, its phrasings (main question first, then 子问题).
 * Phrasings of three or more characters are also filed in an inverted index from character
 * pair (syllable pair with `pinyin`) to phrasings, so matching cost does not grow with the
 * number of questions.
 */
export function compileQuestions(phrasesPerQuestion: readonly (readonly string[])[], opts: { readonly pinyin: boolean }): QuestionIndex {
  const exact = new Set(Array.from(DEFAULT_EXACT_CHARS));
  const entries: Entry[] = [];
  phrasesPerQuestion.forEach((phrases, question) => {
    for (const phrase of phrases) {
      const chars = Array.from(normalize(phrase));
      entries.push({
        question, order: entries.length, phrase, chars,
        readings: chars.map((ch) => readings(ch.codePointAt(0)!)),
        particles: chars.filter((ch) => PARTICLES.has(ch)).length,
      });
    }
  });
  const pairs = new Map<number, number[]>();
  entries.forEach((entry, id) => {
    if (entry.chars.length < MIN_PAIR_CHARS) return;
    for (let k = 0; k + 1 < entry.chars.length; k++) {
      forEachPairKey(entry.chars, k, opts.pinyin, exact, (key) => {
        const list = pairs.get(key);
        if (list) list.push(id, k);
        else pairs.set(key, [id, k]);
      });
    }
  });
  return { entries, phrases: compilePhrases(entries.map((e) => e.phrase), { pinyin: opts.pinyin }), pairs, pinyin: opts.pinyin, exact };
}

interface Candidate {
  readonly entry: Entry;
  readonly score: number;
  readonly via: 'text' | 'pinyin';
}

/** Higher score, then longer phrasing, then earlier question (and phrasing), then 'text'. */
function better(x: Candidate, y: Candidate | null): boolean {
  if (!y) return true;
  if (x.score !== y.score) return x.score > y.score;
  if (x.entry.chars.length !== y.entry.chars.length) return x.entry.chars.length > y.entry.chars.length;
  if (x.entry.order !== y.entry.order) return x.entry.order < y.entry.order;
  return x.via === 'text' && y.via === 'pinyin';
}

/** Bit of pair offset `k` in a phrasing's found-pairs mask (pairs past 30 share the last bit). */
const bit = (k: number): number => 1 << Math.min(k, 30);

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Scratch per phrasing: which of its pairs were found (any way, and as identical characters). */
interface PairScratch {
  all: Int32Array;
  exact: Int32Array;
}
const scratchByIndex = new WeakMap<QuestionIndex, PairScratch>();

/** Pair scores of every phrasing sharing at least one pair with the utterance. */
function pairCandidates(index: QuestionIndex, a: AnalyzedText): Candidate[] {
  let scratch = scratchByIndex.get(index);
  if (!scratch) {
    scratch = { all: new Int32Array(index.entries.length), exact: new Int32Array(index.entries.length) };
    scratchByIndex.set(index, scratch);
  }
  const keys = new Set<number>();
  const textPairs = new Set<number>();
  for (let i = 0; i + 1 < a.chars.length; i++) {
    forEachPairKey(a.chars, i, index.pinyin, index.exact, (key) => keys.add(key));
    textPairs.add(a.chars[i]!.codePointAt(0)! * 0x110000 + a.chars[i + 1]!.codePointAt(0)!);
  }
  const touched: number[] = [];
  for (const key of keys) {
    const postings = index.pairs.get(key);
    if (!postings) continue;
    for (let p = 0; p < postings.length; p += 2) {
      const id = postings[p]!;
      const k = postings[p + 1]!;
      if (scratch.all[id] === 0) touched.push(id);
      scratch.all[id]! |= bit(k);
      const chars = index.entries[id]!.chars;
      if (textPairs.has(chars[k]!.codePointAt(0)! * 0x110000 + chars[k + 1]!.codePointAt(0)!)) scratch.exact[id]! |= bit(k);
    }
  }
  const out: Candidate[] = [];
  for (const id of touched) {
    const entry = index.entries[id]!;
    const found = popcount(scratch.all[id]!);
    const exactFound = popcount(scratch.exact[id]!);
    scratch.all[id] = 0;
    scratch.exact[id] = 0;
    if (entry.chars.length >= MIN_COVERAGE_CHARS) {
      out.push({ entry, score: Math.min(1, found / (entry.chars.length - 1)), via: exactFound === found ? 'text' : 'pinyin' });
    }
    // Each unit of edit budget breaks at most one pair and a free particle at most two, so a
    // phrasing missing more pairs than that cannot be near-contained: skip the alignment.
    const missing = entry.chars.length - 1 - found;
    if (missing <= editBudget(entry.chars.length) + 2 * entry.particles) {
      const near = nearContainment(index, entry, a);
      if (near) out.push(near);
    }
  }
  return out;
}

/** Sentence particles: saying or dropping them changes nothing (你是谁 asks 你是谁啊). */
const PARTICLES = new Set(Array.from('啊呀呢吧嘛哦哈的了'));

/** Edit budget by phrasing length, in cost units (an extra spoken character 1, a lost or changed one 2). */
function editBudget(length: number): number {
  return length < 6 ? 1 : length < 10 ? 2 : 3;
}

/**
 * The phrasing found in the utterance with a little slack (Sellers' approximate substring
 * match): people insert words (利率是多少 for 利率多少) and drop them (你们哪个公司的). An extra
 * spoken character costs 1 and a lost or changed one 2, within {@link editBudget}; the score is
 * 1 − cost / (2 × length).
 */
function nearContainment(index: QuestionIndex, entry: Entry, a: AnalyzedText): Candidate | null {
  const budget = editBudget(entry.chars.length);
  const cost = alignCost(entry, a, index.pinyin, index.exact);
  if (cost > budget) return null;
  const exactCost = index.pinyin ? alignCost(entry, a, false, index.exact) : cost;
  return { entry, score: 1 - cost / (2 * entry.chars.length), via: exactCost === cost ? 'text' : 'pinyin' };
}

/** Two DP rows, reused: alignment runs per candidate and turn, so it should not allocate. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

function alignCost(entry: Entry, a: AnalyzedText, pinyin: boolean, exact: ReadonlySet<string>): number {
  const m = entry.chars.length;
  const n = a.chars.length;
  if (rowA.length < n + 1) {
    rowA = new Int32Array(2 * (n + 1));
    rowB = new Int32Array(2 * (n + 1));
  }
  let prev = rowA;
  let cur = rowB;
  prev.fill(0, 0, n + 1); // a match may start anywhere in the utterance
  for (let i = 1; i <= m; i++) {
    const pc = entry.chars[i - 1]!;
    const lost = PARTICLES.has(pc) ? 0 : 2;
    cur[0] = prev[0]! + lost;
    for (let j = 1; j <= n; j++) {
      const tc = a.chars[j - 1]!;
      const same = matchChar(tc, a.readings[j - 1]!, pc, entry.readings[i - 1]!, pinyin, exact) !== null;
      const extra = PARTICLES.has(tc) ? 0 : 1;
      cur[j] = Math.min(prev[j - 1]! + (same ? 0 : 2), prev[j]! + lost, cur[j - 1]! + extra);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  let best = prev[0]!;
  for (let j = 1; j <= n; j++) if (prev[j]! < best) best = prev[j]!;
  return best;
}

/**
 * The question the utterance asks, or null when none scores at least `threshold` (0–1; e.g.
 * 0.6). A phrasing contained in the utterance (pinyin-aware) scores 1; otherwise its score is
 * the share of its adjacent character pairs found anywhere in the utterance. Best score wins;
 * ties go to the longer phrasing, then the earlier question.
 */
export function matchQuestion(index: QuestionIndex, a: AnalyzedText, threshold: number): QuestionMatch | null {
  let best: Candidate | null = null;
  for (const hit of findPhrases(index.phrases, a)) {
    const c: Candidate = { entry: index.entries[hit.phrase]!, score: 1, via: hit.via };
    if (better(c, best)) best = c;
  }
  for (const c of pairCandidates(index, a)) if (better(c, best)) best = c;
  if (!best || best.score <= 0 || best.score < threshold) return null;
  return { question: best.entry.question, phrase: best.entry.phrase, score: best.score, via: best.via };
}
