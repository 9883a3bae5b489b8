/**
 * Text normalization shared by every matcher, so that a keyword typed in a spreadsheet and the
 * same words coming out of ASR compare equal whatever their width, case or punctuation.
 */

/** Anything that is not a letter (CJK ideographs are letters) or a number. */
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * Normalizes text for matching: NFKC (full-width letters, digits and punctuation become
 * half-width, compatibility forms fold), Latin lowercased, and every space, punctuation mark
 * and symbol (Chinese or ASCII: ，。？！、；：“”‘’（）《》…—~ …) removed. CJK ideographs, letters
 * and digits are kept in order.
 *
 * Idempotent: `normalize(normalize(s)) === normalize(s)`.
 *
 * Note that dropping punctuation joins clauses: "不，需要" becomes "不需要".
 */
export function normalize(text: string): string {
  // toLowerCase (not toLocaleLowerCase) so the result never depends on the host's locale.
  return text.normalize('NFKC').toLowerCase().replace(NOT_WORD, '');
}
