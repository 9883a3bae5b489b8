/**
 * How one phrase character is compared with one utterance character. Internal to nlu.
 */

/**
 * Hanzi that only ever match themselves, even with pinyin matching on. They carry negation, and
 * their homophones are everywhere (部是 would otherwise read as 不是, 全部是的 as a refusal);
 * ASR rarely gets them wrong because its language model knows them well.
 */
export const DEFAULT_EXACT_CHARS = '不没别未无非否';

/** ASCII letters and digits: words of these must not match inside a longer Latin run. */
export function isAsciiWordChar(ch: string | undefined): boolean {
  if (ch === undefined || ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** Do two sorted-or-not small reading sets share a syllable? */
export function shareReading(a: readonly number[], b: readonly number[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** What a pair of characters compares as: equal, homophones, or different. */
export type CharMatch = 'text' | 'pinyin' | null;

/**
 * Compares characters: equal → 'text'; else, when `pinyin` is allowed and both are hanzi (have
 * readings) outside `exact`, sharing a reading → 'pinyin'; else null.
 */
export function matchChar(
  textChar: string,
  textReadings: readonly number[],
  phraseChar: string,
  phraseReadings: readonly number[],
  pinyin: boolean,
  exact: ReadonlySet<string>,
): CharMatch {
  if (textChar === phraseChar) return 'text';
  if (!pinyin || textReadings.length === 0 || phraseReadings.length === 0) return null;
  if (exact.has(textChar) || exact.has(phraseChar)) return null;
  return shareReading(textReadings, phraseReadings) ? 'pinyin' : null;
}
