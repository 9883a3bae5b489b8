/**
 * Is the callee asking rather than answering? "利率是多少" holds 是 and "比别家便宜吗" holds 别,
 * but neither is a yes or a no: an unknown question must go to unmatched handling, not count as
 * an answer.
 */
import type { AnalyzedText } from './analyze.js';

/** Question words that are questions wherever they stand. */
const QUESTION_WORDS = ['多少', '哪', '怎么', '为什么', '为啥', '谁', '几点', '几个', '几号', '几天', '几年', '多久', '多长', '多大', '咋'];
/** 什么 / 啥 ask, unless negated: 没什么, 不是什么, 没啥 are answers. */
const WHAT = /(?<![没不])(?:什么|啥)/;
/** Sentence-final particles of a yes/no question. */
const FINAL = /(?:吗|么|不|没有?)$/;

export function isInterrogative(a: AnalyzedText): boolean {
  if (/[?？]/.test(a.raw)) return true;
  const t = a.text;
  if (QUESTION_WORDS.some((w) => t.includes(w)) || WHAT.test(t)) return true;
  // 好吗 / 对么 ask; so do 有优惠没有 and 你们有优惠不 (有…没有 split A-not-A).
  if (/(?:吗|么)$/.test(t) && !/(?:什么|怎么|那么|这么|多么)$/.test(t)) return true;
  return FINAL.test(t) && t.length > 2 && t.startsWith('有') && !t.startsWith('有没有') && !/^有的/.test(t);
}
