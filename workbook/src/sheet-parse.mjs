// @ts-check
/**
 * The two XML parts of an .xlsx that the row reader walks as streams: the shared strings
 * (read first and kept, compactly) and a worksheet's `<sheetData>`, turned into rows as the
 * text arrives. Cell values follow SheetJS 0.18.5 as `readWorkbook` uses it (cellDates off,
 * no stubs), so both readers give the same cells for the same file:
 *
 * - `t="s"` the shared string; `t="str"` and unknown types the `<v>` text; `t="inlineStr"` the
 *   `<is>` text; plain-text and rich-text (`<r>` runs, phonetic `<rPh>` runs left out) alike;
 * - no type or `t="n"`: `parseFloat` of `<v>`, a cell without `<v>` is absent;
 * - `t="b"`: true for 1/true/TRUE, false otherwise (even with no `<v>`);
 * - `t="d"`: the ISO date as an Excel serial number; `t="e"`: empty;
 * - `""` and non-finite numbers are empty. A formula cell (`<f>`, or a shared formula whose
 *   first cell was seen) counts as content even when its cached value is empty.
 *
 * Positions: a cell's `r`, or else the column after the previous cell of its `<row>` (whose
 * own `r`, or else the row after the previous one, numbers it). Cells beyond Excel's grid
 * are dropped, as `readWorkbook` drops them.
 */
import { MAX_COL, MAX_ROW } from './grid.mjs';
import { attrs, isoDateSerial, unescapeXml } from './xml-stream.mjs';

/** @typedef {string | number | boolean | null} CellValue */

/** Strings per joined segment of the shared-string store. */
const SEGMENT = 4096;

/**
 * Shared strings kept as a few large joined strings plus end offsets, rather than one string
 * object per entry: 100,000 short names cost about their characters and 4 bytes each.
 */
export class SharedStrings {
  constructor() {
    /** @type {string[]} */
    this.segments = [];
    /** @type {string[]} */
    this.parts = [];
    this.ends = new Uint32Array(SEGMENT);
    /** Indexes whose entry SheetJS reads as no text at all (neither `<t>` first nor `<r>` runs). */
    /** @type {Set<number>} */
    this.missing = new Set();
    this.count = 0;
    this.partChars = 0;
  }

  /** @param {string | undefined} text */
  add(text) {
    if (text === undefined) this.missing.add(this.count);
    const value = text ?? '';
    if (this.count >= this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.partChars += value.length;
    this.ends[this.count] = this.partChars;
    this.parts.push(value);
    this.count++;
    if (this.count % SEGMENT === 0) this.seal();
  }

  seal() {
    if (this.parts.length === 0) return;
    this.segments.push(this.parts.join(''));
    this.parts = [];
    this.partChars = 0;
  }

  /** The entry, undefined past the end. @param {number} i @returns {string | null | undefined} */
  get(i) {
    if (!(i >= 0 && i < this.count)) return undefined;
    if (this.missing.size > 0 && this.missing.has(i)) return null;
    const seg = Math.floor(i / SEGMENT);
    const start = i % SEGMENT === 0 ? 0 : /** @type {number} */ (this.ends[i - 1]);
    const end = /** @type {number} */ (this.ends[i]);
    if (seg < this.segments.length) return /** @type {string} */ (this.segments[seg]).slice(start, end);
    return this.parts.join('').slice(start, end); // only while still reading
  }
}

/**
 * Collects the text of one `<si>` (shared) or `<is>` (inline) string as SheetJS's `parse_si`
 * does: if its first element is `<t>`, that element's text; otherwise, if it has `<r>` runs,
 * the text of every `<t>` outside phonetic runs; otherwise no text.
 */
class RichText {
  constructor() {
    this.reset();
  }

  reset() {
    this.first = true;
    this.plain = false;
    this.rich = false;
    this.phonetic = 0;
    this.inT = false;
    this.collectPlain = false;
    this.plainDone = false;
    this.plainText = '';
    this.richText = '';
  }

  /** @param {string} name @param {0 | 1 | 2} kind */
  tag(name, kind) {
    if (kind !== 1 && this.first) {
      this.first = false;
      this.plain = name === 't';
    }
    if (name === 'r' && kind === 0) this.rich = true;
    else if (name === 'rPh') {
      if (kind === 0) this.phonetic++;
      else if (kind === 1) this.phonetic = Math.max(0, this.phonetic - 1);
    } else if (name === 't') {
      if (kind === 0) {
        this.inT = true;
        this.collectPlain = this.plain && !this.plainDone;
      } else if (kind === 1 && this.inT) {
        this.inT = false;
        if (this.collectPlain) this.plainDone = true;
        this.collectPlain = false;
      }
    }
  }

  /** @param {string} text */
  text(text) {
    if (!this.inT) return;
    if (this.collectPlain) this.plainText += text;
    if (this.phonetic === 0) this.richText += text;
  }

  /** @returns {string | undefined} */
  value() {
    if (this.plain) return unescapeXml(this.plainText);
    if (this.rich) return unescapeXml(this.richText);
    return undefined;
  }
}

/**
 * A handler for {@link XmlScanner} that fills `strings` from sharedStrings.xml.
 * @param {SharedStrings} strings
 */
export function sharedStringsHandler(strings) {
  const rich = new RichText();
  let inSi = false;
  return {
    wantText: false,
    /** @param {string} text */
    text(text) {
      rich.text(text);
    },
    /** @param {string} name @param {string} _src @param {number} _a @param {number} _b @param {0 | 1 | 2} kind */
    tag(name, _src, _a, _b, kind) {
      if (name === 'si' || name === 'sstItem') {
        if (kind === 0) {
          inSi = true;
          rich.reset();
        } else if (kind === 1 && inSi) {
          inSi = false;
          strings.add(rich.value());
        } else if (kind === 2) {
          strings.add('');
        }
        this.wantText = false;
        return;
      }
      if (!inSi) return;
      rich.tag(name, kind);
      this.wantText = rich.inT;
    },
  };
}

/**
 * @typedef {(row: number, cells: CellValue[], red: number[] | null) => void} RowSink
 *   `row` is 1-based; `cells` runs from column A to the row's last cell with content; `red`
 *   lists the columns whose value is in red font, or is null when there are none
 */

const CELL_ATTRS = ['r', 't', 's'];
const ROW_ATTRS = ['r'];
const SHARED_ATTRS = ['t', 'si'];

/**
 * A handler for {@link XmlScanner} that turns a worksheet's `<sheetData>` into rows, calling
 * `sink` once per row that has content. `done` turns true at `</sheetData>`: the rest of the
 * part (merges, page setup) is not needed.
 * @param {SharedStrings} strings @param {boolean[]} redXfs @param {RowSink} sink
 */
export function worksheetHandler(strings, redXfs, sink) {
  const anyRed = redXfs.includes(true);
  const rich = new RichText();
  /** @type {Set<string>} */
  const sharedFormulas = new Set();
  let inData = false;
  let rowTag = 0; // SheetJS's running row number (1-based)
  let col = -1; // last column of the current <row>
  let current = -1; // 1-based row the cells being collected belong to
  /** @type {CellValue[]} */
  let cells = [];
  /** @type {number[] | null} */
  let red = null;
  // The cell being read.
  let inCell = false;
  let cRow = 0;
  let cCol = 0;
  /** @type {string | undefined} */
  let cType;
  let cStyle = -1;
  /** @type {string | undefined} */
  let v;
  let formula = false;
  let inV = false;
  let vSeen = false;
  let inF = false;
  /** @type {string | undefined} */
  let fShared;
  let fText = '';
  let inIs = false;
  let isSeen = false;
  /** @type {string | undefined} */
  let inline;

  const flush = () => {
    if (cells.length > 0) sink(current, cells, red);
    cells = [];
    red = null;
  };

  const finishCell = () => {
    inCell = false;
    /** @type {CellValue | undefined} */
    let value;
    switch (cType) {
      case undefined:
      case 'n':
        if (v === undefined) return; // no <v>: SheetJS drops the cell, formula or not
        value = parseFloat(unescapeXml(v));
        break;
      case 's': {
        if (v === undefined) return;
        const text = strings.get(parseInt(unescapeXml(v), 10));
        if (text === undefined) throw new RangeError(`shared string ${v} does not exist`);
        value = text;
        break;
      }
      case 'inlineStr':
        value = isSeen ? (inline ?? null) : '';
        break;
      case 'b': {
        const b = v === undefined ? undefined : unescapeXml(v);
        value = b === '1' || b === 'true' || b === 'TRUE';
        break;
      }
      case 'd':
        value = isoDateSerial(v === undefined ? undefined : unescapeXml(v));
        break;
      case 'e':
        value = null;
        break;
      default: // 'str' and anything unknown: the text itself
        value = v === undefined ? (cType === 'str' ? '' : null) : unescapeXml(v);
    }
    if (value === '' || (typeof value === 'number' && !Number.isFinite(value))) value = null;
    if (value === null && !formula) return;
    if (cRow < 0 || cRow > MAX_ROW || cCol < 0 || cCol > MAX_COL) return;
    if (cRow + 1 !== current) {
      flush();
      current = cRow + 1;
    }
    while (cells.length < cCol) cells.push(null);
    cells[cCol] = value;
    if (anyRed && value !== null && redXfs[cStyle] === true) (red ??= []).push(cCol);
  };

  return {
    wantText: false,
    done: false,
    /** @param {string} text */
    text(text) {
      if (inV) v = (v ?? '') + text;
      else if (inF) fText += text;
      else if (inIs) rich.text(text);
    },
    /** @param {string} name @param {string} src @param {number} a @param {number} b @param {0 | 1 | 2} kind */
    tag(name, src, a, b, kind) {
      if (!inData) {
        if (name === 'sheetData' && kind === 0) inData = true;
        return;
      }
      if (inCell) {
        if (name === 'c' && kind === 1) {
          finishCell();
          this.wantText = false;
          return;
        }
        if (inIs) {
          if (name === 'is' && kind === 1) {
            inIs = false;
            inline = rich.value();
          } else rich.tag(name, kind);
          this.wantText = inIs && rich.inT;
          return;
        }
        if (name === 'v') {
          if (kind === 0 && !vSeen) inV = true;
          else if (kind === 1 && inV) {
            inV = false;
            vSeen = true;
            if (v === '') v = undefined;
          }
        } else if (name === 'f') {
          const a2 = kind === 1 ? {} : attrs(src, a, b, SHARED_ATTRS);
          if (kind === 0) {
            inF = true;
            fText = '';
            fShared = a2['t'] === 'shared' ? a2['si'] : undefined;
          } else if (kind === 1 && inF) {
            inF = false;
            if (fText !== '') {
              formula = true;
              if (fShared !== undefined) sharedFormulas.add(fShared);
            }
          } else if (kind === 2 && a2['si'] !== undefined && sharedFormulas.has(a2['si'])) {
            formula = true;
          }
        } else if (name === 'is' && kind === 0 && !isSeen) {
          inIs = true;
          isSeen = true;
          rich.reset();
        }
        this.wantText = inV || inF || (inIs && rich.inT);
        return;
      }
      if (name === 'c' && kind !== 1) {
        const at = attrs(src, a, b, CELL_ATTRS);
        const ref = at['r'];
        if (ref !== undefined && ref !== '') {
          // SheetJS's decode_cell: digits make the row, capital letters the column.
          let r = 0;
          let c = 0;
          for (let i = 0; i < ref.length; i++) {
            const cc = ref.charCodeAt(i);
            if (cc >= 48 && cc <= 57) r = 10 * r + (cc - 48);
            else if (cc >= 65 && cc <= 90) c = 26 * c + (cc - 64);
          }
          cRow = r - 1;
          cCol = c - 1;
          // SheetJS continues numbering unaddressed cells from the letters alone.
          let letters = 0;
          for (let i = 0; i < ref.length; i++) {
            const cc = ref.charCodeAt(i) - 64;
            if (cc < 1 || cc > 26) break;
            letters = 26 * letters + cc;
          }
          col = letters - 1;
        } else {
          col++;
          cRow = rowTag - 1;
          cCol = col;
        }
        cType = at['t'];
        const s = at['s'];
        cStyle = s === undefined ? -1 : parseInt(s, 10);
        v = undefined;
        formula = false;
        inV = false;
        vSeen = false;
        inF = false;
        inIs = false;
        isSeen = false;
        inline = undefined;
        inCell = true;
        if (kind === 2) finishCell();
        this.wantText = false;
        return;
      }
      if (name === 'row') {
        if (kind === 0) {
          flush();
          const r = attrs(src, a, b, ROW_ATTRS)['r'];
          rowTag = r !== undefined ? parseInt(r, 10) : rowTag + 1;
          col = -1;
          current = rowTag;
        } else if (kind === 1) flush();
        // <row/> holds nothing, and SheetJS does not even count it.
        return;
      }
      if (name === 'sheetData' && kind === 1) {
        flush();
        inData = false;
        this.done = true;
      }
    },
    /** Rows still held at the end of the part (a file cut short after its last row). */
    end() {
      flush();
    },
  };
}
