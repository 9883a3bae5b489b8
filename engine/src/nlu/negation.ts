/**
 * Is a word negated by what comes just before it? "我不上班" must not pick the branch word 上班,
 * and "不太需要" is a refusal although 需要 is affirmative.
 *
 * A negation is a core negator (不 没 别 未 无 甭 勿) followed by at most two "bridge" characters
 * (太 是 很 怎么 什么 在 想 要 用 …). That covers 不, 没有, 不太, 不是很, 不怎么, 不大, 并不, 也不,
 * 不是, 没什么, 不想, 不用, 没在, 不打算 … without listing every combination.
 */
import type { AnalyzedText } from './analyze.js';

const CORES = new Set(Array.from('不没别未无甭勿'));

/** Characters allowed between a core negator and the word it negates. */
// Common one-character verbs too (还没上小学, 不做生意, 没买车): a negated verb negates its object.
const BRIDGES = new Set(Array.from('太大是很怎么什那咋样在想要用会能去再够有打算一定上做买办开住找看搞干当读'));

/** How many bridge characters may sit between the negator and the word. */
const MAX_BRIDGE = 2;

/**
 * Words ending in 别 that are not negations (特别需要 = "especially need"). Checked as the
 * character before 别.
 */
const NOT_BIE = new Set(Array.from('特区分个类级告识性差辨派鉴判离道'));

/** Is the core negator at `core` really negating (not 特别, 不得不, or an A-不-A question)? */
function isNegatingCore(chars: readonly string[], core: number): boolean {
  const ch = chars[core]!;
  if (!CORES.has(ch)) return false;
  const before = chars[core - 1];
  if (ch === '别' && before !== undefined && NOT_BIE.has(before)) return false;
  // 不得不 is "have to".
  if (ch === '不' && before === '得' && chars[core - 2] === '不') return false;
  // 是不是 / 有没有 / 要不要: a yes-no question, not a negation.
  if ((ch === '不' || ch === '没') && before !== undefined && before === chars[core + 1]) return false;
  return true;
}

/**
 * Offset where the negation ending right before `start` begins, or -1 when the word at `start`
 * is not negated. Internal to nlu (polarity uses the span).
 */
export function negationStart(chars: readonly string[], start: number): number {
  for (let bridge = 0; bridge <= MAX_BRIDGE; bridge++) {
    const core = start - bridge - 1;
    if (core < 0) return -1;
    // Widening by one: the newly skipped character must be a bridge.
    if (bridge > 0 && !BRIDGES.has(chars[start - bridge]!)) return -1;
    if (isNegatingCore(chars, core)) return core;
  }
  return -1;
}

/**
 * True when the text just before char offset `start` is a negator: 不, 没, 没有, 别, 未, 无,
 * 不太, 不是很, 不怎么, 不大, 并不, 也不, 不是, 没什么, 不想, 不用, 不在 … ("我不上班" → true at
 * 上班). Exact characters only: negators are never matched by pinyin.
 */
export function isNegatedAt(a: AnalyzedText, start: number): boolean {
  return negationStart(a.chars, start) >= 0;
}
