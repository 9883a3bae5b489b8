/**
 * Toneless pinyin readings of hanzi, for homophone-tolerant matching (ASR often writes 尚班 for
 * 上班). Syllables are small integer ids so reading sets compare cheaply.
 */
import { PINYIN_TABLE } from './pinyin-table.js';

const FIRST_CP = 0x4e00;
const LAST_CP = 0x9fff;
const NONE: readonly number[] = Object.freeze([]);

interface Table {
  /** Readings per code point, indexed by `cp - FIRST_CP`; first entry is the most common. */
  readonly byCodePoint: readonly (readonly number[])[];
  readonly names: readonly string[];
}

let table: Table | null = null;

/**
 * Built on first use (not at import) so code that never matches by pinyin pays nothing. It is a
 * deterministic cache of constant data, which keeps the engine pure.
 */
function getTable(): Table {
  if (table) return table;
  const names = PINYIN_TABLE.map(([name]) => name);
  const byCodePoint: (readonly number[])[] = new Array<readonly number[]>(LAST_CP - FIRST_CP + 1).fill(NONE);
  // Most hanzi have one reading: share one frozen array per syllable instead of ~20k arrays.
  const single = names.map((_, id) => Object.freeze([id]));
  PINYIN_TABLE.forEach(([, firsts], id) => {
    for (const ch of firsts) byCodePoint[ch.codePointAt(0)! - FIRST_CP] = single[id]!;
  });
  // Further readings are appended after the first pass, so the first reading stays first.
  PINYIN_TABLE.forEach(([, , others], id) => {
    for (const ch of others) {
      const at = ch.codePointAt(0)! - FIRST_CP;
      const current = byCodePoint[at]!;
      if (!current.includes(id)) byCodePoint[at] = Object.freeze([...current, id]);
    }
  });
  table = { byCodePoint, names };
  return table;
}

/**
 * Syllable ids of a code point's toneless readings, the most common first (the others in syllable
 * order); `[]` for anything that is not a hanzi in U+4E00–U+9FFF (Latin, digits, kana, rare
 * extension characters).
 */
export function readings(codePoint: number): readonly number[] {
  if (codePoint < FIRST_CP || codePoint > LAST_CP) return NONE;
  return getTable().byCodePoint[codePoint - FIRST_CP] ?? NONE;
}

/** The toneless syllable (e.g. `shang`, `lü`) for an id from {@link readings}; `''` if unknown. */
export function syllableName(id: number): string {
  return getTable().names[id] ?? '';
}

/** Number of distinct syllables; ids run from 0 to `syllableCount() - 1`. */
export function syllableCount(): number {
  return getTable().names.length;
}

/**
 * Pinyin of a text for traces and logs: hanzi become their first reading, runs of other
 * characters are kept as one token, all separated by single spaces. `行不行ok` → `xing bu xing ok`.
 */
export function toPinyin(text: string): string {
  const tokens: string[] = [];
  let run = '';
  for (const ch of text) {
    const ids = readings(ch.codePointAt(0)!);
    if (ids.length > 0 || /\s/u.test(ch)) {
      if (run) tokens.push(run);
      run = '';
      if (ids.length > 0) tokens.push(syllableName(ids[0]!));
    } else {
      run += ch;
    }
  }
  if (run) tokens.push(run);
  return tokens.join(' ');
}
