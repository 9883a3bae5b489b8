/**
 * A spoken opt-out (不要再打了, 别给我打电话…). The engine counts these words as refusals (its
 * negative word list) but does not tag them, so the dialer reads the callee's turns after the
 * call. Matching is on the text with spaces and punctuation removed.
 */
export const OPT_OUT_PHRASES: readonly string[] = [
  '不要再打了', '不要再打', '别再打了', '别再打', '别打了', '不要打了', '别给我打电话', '不要给我打电话', '别给我打了', '不要给我打了',
  '别再给我打', '不要再给我打', '以后别打', '以后不要打', '别打电话了', '不要打电话了',
];

const STRIP = /[\s\p{P}\p{S}]/gu;

/** The first opt-out phrase in any of the callee's utterances, or null. */
export function findOptOut(calleeTexts: readonly string[], phrases: readonly string[] = OPT_OUT_PHRASES): string | null {
  for (const t of calleeTexts) {
    const plain = t.replace(STRIP, '');
    const hit = phrases.find((p) => plain.includes(p));
    if (hit) return hit;
  }
  return null;
}
