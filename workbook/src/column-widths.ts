import type { CellValue, Sheet } from './types.js';

/** Narrowest column written, in characters: room for a short header such as "节点编号". */
const MIN_CHARS = 8;
/** Widest column written: past this, long prompts are read in the cell editor anyway. */
const MAX_CHARS = 60;
/** Breathing room so text does not touch the next column's border. */
const PADDING_CHARS = 2;

/**
 * Column widths for `sheet`, in Excel "characters" (`wch`): the longest line in each column,
 * padded and clamped. Text in a merge spanning several columns is skipped, since it already
 * has the width of all of them and would otherwise widen the first one alone.
 */
export function columnWidths(sheet: Sheet): number[] {
  const spanning = new Set<string>();
  for (const m of sheet.merges ?? []) {
    if (m.endCol > m.startCol) spanning.add(`${m.startRow}:${m.startCol}`);
  }
  const count = sheet.rows.reduce((n, row) => Math.max(n, row.length), 0);
  const longest = new Array<number>(count).fill(0);
  sheet.rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value === null || spanning.has(`${r}:${c}`)) return;
      longest[c] = Math.max(longest[c] ?? 0, displayWidth(cellText(value)));
    });
  });
  return longest.map((chars) => Math.min(MAX_CHARS, Math.max(MIN_CHARS, chars + PADDING_CHARS)));
}

/**
 * How many "characters" wide `text` shows, by its longest line: CJK and full-width
 * characters take two, as they do in Excel's grid.
 */
export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    let width = 0;
    for (const ch of line) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    widest = Math.max(widest, width);
  }
  return widest;
}

function cellText(value: Exclude<CellValue, null>): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** East Asian Wide and Fullwidth blocks (Unicode UAX #11), coarsely: what Chinese text uses. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo
  [0x2e80, 0x303e], // CJK radicals, punctuation (、。「」)
  [0x3041, 0x33ff], // kana, bopomofo, CJK symbols
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // full-width forms (，！？：)
  [0xffe0, 0xffe6], // full-width signs (￥)
  [0x1f300, 0x1f64f], // emoji, shown double-width
  [0x20000, 0x3fffd], // CJK extensions B and later
];

function isWide(codePoint: number): boolean {
  return WIDE_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to);
}
