// @ts-check
/**
 * Red font (.xlsx only), for the read worker: the seeds' templates mark instruction rows in red. SheetJS CE parses fonts and cell formats but drops each cell's
 * style index, so the package parts are read again here: workbook.xml (sheet name → r:id),
 * its rels (r:id → worksheet part), styles.xml (fonts, then cellXfs pointing at them) and
 * each worksheet's `<c s="…">`. The XML is walked by the small scanner below rather than
 * by regexes with nested quantifiers (the very ReDoS this worker guards against), and
 * anything odd (a missing or garbled part, a name that does not line up) only means fewer
 * red cells: it never fails the read. It runs after the cell budget was checked, and keeps
 * only cells that hold a value, so it never lists more than `rows` already holds.
 */
import XLSX from 'xlsx';
import { MAX_COL, MAX_ROW } from './grid.mjs';

/** @typedef {import('./sheetjs-read.mjs').SheetOut} SheetOut */

/**
 * The legacy palette entries (SheetJS's `XLSIcv`) that are red by {@link isRedRgb}: 2 and
 * 10 are FF0000 (29, FF8080 coral, and 53, FF6600 orange, are not). A styles.xml may replace
 * the palette with its own `<indexedColors>`, which is then judged the same way.
 */
const RED_PALETTE_INDEXES = new Set([2, 10]);

/**
 * Sets `red` on each sheet to its cells that hold a value and whose font is red.
 * @param {Buffer} buffer @param {SheetOut[]} sheets
 */
export function markRedCells(buffer, sheets) {
  try {
    const parts = zipParts(buffer);
    const redXfs = redStyles(parts.get('xl/styles.xml'));
    if (!redXfs.includes(true)) return; // the common case: nothing to look for
    // By name, not position: SheetJS also lists a <sheet> that is commented out, so its
    // order can disagree with the package's. A name SheetJS has and we do not gets no red.
    const paths = sheetParts(parts.get('xl/workbook.xml'), parts.get('xl/_rels/workbook.xml.rels'));
    for (const sheet of sheets) {
      const path = paths.get(sheet.name);
      const xml = path === undefined ? undefined : parts.get(path);
      if (xml !== undefined) sheet.red = redCells(xml, redXfs, sheet.rows);
    }
  } catch {
    for (const sheet of sheets) sheet.red = [];
  }
}

/**
 * The ZIP's parts by lower-case path (as SheetJS, case-insensitive), decoded as UTF-8 when
 * asked for; an empty or missing part is `undefined`.
 * @param {Buffer} buffer @returns {{ get(path: string): string | undefined }}
 */
function zipParts(buffer) {
  const container = XLSX.CFB.read(buffer, { type: 'buffer' });
  /** @type {string[]} */
  const fullPaths = container.FullPaths;
  const root = fullPaths[0] ?? '';
  /** @type {Map<string, { content?: ArrayLike<number> }>} */
  const entries = new Map();
  fullPaths.forEach((p, i) => {
    const path = (p.startsWith(root) ? p.slice(root.length) : p).replace(/^\/+/, '').toLowerCase();
    entries.set(path, container.FileIndex[i]);
  });
  const decoder = new TextDecoder();
  return {
    get(path) {
      const content = entries.get(path.toLowerCase())?.content;
      return content && content.length > 0 ? decoder.decode(/** @type {Uint8Array} */ (content)) : undefined;
    },
  };
}

/**
 * For each cell format (`<cellXfs>`'s `<xf>`s, in order, which a cell's `s` counts), whether
 * its font is red. Theme and automatic colors are never red.
 * @param {string | undefined} xml @returns {boolean[]}
 */
export function redStyles(xml) {
  if (xml === undefined) return [];
  /** @type {({ rgb?: string, indexed?: string } | null)[]} */
  const fonts = [];
  /** @type {number[]} */
  const xfFonts = [];
  /** @type {string[] | null} */
  let palette = null;
  let section = '';
  /** @type {{ rgb?: string, indexed?: string } | null} */
  let font = null;
  scanTags(xml, (name, attrs, kind) => {
    if (name === 'fonts' || name === 'cellXfs' || name === 'indexedColors') {
      section = kind === 'open' ? name : '';
      if (name === 'indexedColors' && kind !== 'close') palette = [];
    } else if (kind === 'close') {
      if (name === 'font' && section === 'fonts') fonts.push(font);
    } else if (section === 'fonts' && name === 'font') {
      font = null;
      if (kind === 'empty') fonts.push(null);
    } else if (section === 'fonts' && name === 'color') {
      const a = attributes(attrs);
      font ??= { rgb: a.get('rgb'), indexed: a.get('indexed') };
    } else if (section === 'cellXfs' && name === 'xf') {
      xfFonts.push(toIndex(attributes(attrs).get('fontId') ?? '0'));
    } else if (section === 'indexedColors' && name === 'rgbColor') {
      palette?.push(attributes(attrs).get('rgb') ?? '');
    }
  });
  const custom = /** @type {string[] | null} */ (palette);
  const redFonts = fonts.map((color) => {
    if (color?.rgb !== undefined) return isRedRgb(color.rgb);
    if (color?.indexed === undefined) return false;
    const index = toIndex(color.indexed);
    return custom !== null ? isRedRgb(custom[index] ?? '') : RED_PALETTE_INDEXES.has(index);
  });
  return xfFonts.map((fontId) => redFonts[fontId] === true);
}

/**
 * Red: a strong red channel (≥ C0) over weak green and blue (≤ 80), so FF0000, Excel's
 * "dark red" C00000 and lighter reds like FF5050, but not its orange FFC000, magenta or
 * brown. The old palette's orange FF6600 and coral FF8080 do pass. `rgb` is ARGB or RGB hex; alpha is
 * ignored, as Excel does.
 * @param {string} rgb @returns {boolean}
 */
function isRedRgb(rgb) {
  if (!/^(?:[0-9a-f]{2})?[0-9a-f]{6}$/i.test(rgb)) return false;
  const value = parseInt(rgb.slice(-6), 16);
  return (value >> 16) >= 0xc0 && ((value >> 8) & 0xff) <= 0x60 && (value & 0xff) <= 0x60;
}

/**
 * Each sheet's worksheet part by sheet name, from workbook.xml's `<sheet>`s and their rels. A
 * name given twice (which Excel never writes) maps to no part: which one SheetJS kept is
 * not worth guessing.
 * @param {string | undefined} workbookXml @param {string | undefined} relsXml
 * @returns {Map<string, string | undefined>}
 */
export function sheetParts(workbookXml, relsXml) {
  /** @type {Map<string, string | undefined>} */
  const out = new Map();
  if (workbookXml === undefined || relsXml === undefined) return out;
  /** @type {Map<string, string>} */
  const targets = new Map();
  scanTags(relsXml, (name, attrs, kind) => {
    if (name !== 'Relationship' || kind === 'close') return;
    const a = attributes(attrs);
    const id = a.get('Id'), target = a.get('Target');
    if (id !== undefined && target !== undefined && a.get('TargetMode') !== 'External') targets.set(id, decodeXml(target));
  });
  scanTags(workbookXml, (name, attrs, kind) => {
    if (name !== 'sheet' || kind === 'close') return;
    const a = attributes(attrs);
    const target = targets.get(decodeXml(a.get('id') ?? ''));
    // SheetJS also turns _xHHHH_ escapes in sheet names into characters.
    const sheetName = decodeXml(a.get('name') ?? '').replace(/_x([0-9a-fA-F]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    out.set(sheetName, out.has(sheetName) || target === undefined ? undefined : resolvePart('xl/', target));
  });
  return out;
}

/**
 * A relationship target as a package path: relative to `base`, or absolute from the root.
 * @param {string} base @param {string} target @returns {string}
 */
export function resolvePart(base, target) {
  /** @type {string[]} */
  const path = [];
  for (const segment of (target.startsWith('/') ? target : base + target).split('/')) {
    if (segment === '..') path.pop();
    else if (segment !== '' && segment !== '.') path.push(segment);
  }
  return path.join('/');
}

/**
 * The cells of one worksheet part whose format has a red font and that hold a value in
 * `rows`, sorted. Positions follow SheetJS: a cell's `r`, or else the next column of the
 * current `<row>` (its `r`, or else the row after the last).
 * @param {string} xml @param {boolean[]} redXfs @param {CellValue[][]} rows
 * @returns {[number, number][]}
 */
function redCells(xml, redXfs, rows) {
  /** @type {[number, number][]} */
  const out = [];
  let inData = false;
  let row = 0; // 1-based, as in the XML
  let col = -1;
  scanTags(xml, (name, attrs, kind) => {
    if (name === 'sheetData') inData = kind === 'open';
    if (!inData || kind === 'close') return;
    if (name === 'row') {
      const r = attributes(attrs).get('r');
      row = r !== undefined && /^[0-9]{1,7}$/.test(r) ? Number(r) : row + 1;
      col = -1;
    } else if (name === 'c') {
      const a = attributes(attrs);
      const ref = a.get('r');
      /** @type {[number, number] | null} */
      const at = ref === undefined ? [row - 1, col + 1] : decodeRef(ref);
      if (at === null) return;
      col = at[1];
      const s = a.get('s');
      if (s === undefined || redXfs[toIndex(s)] !== true) return;
      const value = rows[at[0]]?.[at[1]];
      if (value !== null && value !== undefined) out.push(at);
    }
  });
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out.filter((at, i) => i === 0 || at[0] !== out[i - 1]?.[0] || at[1] !== out[i - 1]?.[1]);
}

/**
 * `"B3"` → `[2, 1]`; null for anything else, or beyond Excel's grid.
 * @param {string} ref @returns {[number, number] | null}
 */
function decodeRef(ref) {
  const m = /^([A-Z]{1,3})([0-9]{1,7})$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of /** @type {string} */ (m[1])) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = Number(m[2]) - 1;
  return row >= 0 && row <= MAX_ROW && col >= 1 && col - 1 <= MAX_COL ? [row, col - 1] : null;
}

/** A non-negative decimal index, or -1. @param {string} text @returns {number} */
function toIndex(text) {
  return /^[0-9]{1,9}$/.test(text) ? Number(text) : -1;
}

/**
 * Calls `visit` with each element tag's local name (prefix dropped: `x:c` is `c`), the text
 * of its attributes, and whether it opens, closes or is empty (`<c/>`). Comments, CDATA,
 * declarations and processing instructions are skipped. One forward pass that reads each
 * character a few times at most: linear in the input whatever it holds, and an unterminated
 * tag just ends the walk.
 * @param {string} xml
 * @param {(name: string, attrs: string, kind: 'open' | 'close' | 'empty') => void} visit
 */
function scanTags(xml, visit) {
  const n = xml.length;
  let at = xml.indexOf('<');
  while (at >= 0 && at < n) {
    const next = xml.charCodeAt(at + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const close = xml.startsWith('<!--', at) ? '-->' : xml.startsWith('<![CDATA[', at) ? ']]>' : next === 63 ? '?>' : '>';
      const end = xml.indexOf(close, at + 2);
      if (end < 0) return;
      at = xml.indexOf('<', end + close.length);
      continue;
    }
    let end = at + 1;
    let quote = 0;
    for (; end < n; end++) {
      const ch = xml.charCodeAt(end);
      if (quote !== 0) {
        if (ch === quote) quote = 0;
      } else if (ch === 34 || ch === 39) quote = ch;
      else if (ch === 62 /* > */) break;
    }
    if (end >= n) return;
    const closing = next === 47; /* / */
    const empty = !closing && xml.charCodeAt(end - 1) === 47;
    let nameEnd = closing ? at + 2 : at + 1;
    while (nameEnd < end && !isSpace(xml.charCodeAt(nameEnd)) && xml.charCodeAt(nameEnd) !== 47) nameEnd++;
    const qname = xml.slice(closing ? at + 2 : at + 1, nameEnd);
    visit(qname.slice(qname.indexOf(':') + 1), xml.slice(nameEnd, empty ? end - 1 : end), closing ? 'close' : empty ? 'empty' : 'open');
    at = xml.indexOf('<', end + 1);
  }
}

/**
 * Attribute values by local name (the first of a name wins), still XML-escaped. A hand
 * scanner, as a regex like `(\S+)=` would backtrack quadratically on a long run of junk.
 * @param {string} text @returns {Map<string, string>}
 */
function attributes(text) {
  /** @type {Map<string, string>} */
  const out = new Map();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 61 /* = */) i++;
    const qname = text.slice(start, i);
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n || text.charCodeAt(i) !== 61) continue; // a bare word: skipped
    i++;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const quote = text.charCodeAt(i);
    if (quote !== 34 && quote !== 39) continue;
    const close = text.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close < 0) break;
    const local = qname.slice(qname.indexOf(':') + 1);
    if (!out.has(local)) out.set(local, text.slice(i + 1, close));
    i = close + 1;
  }
  return out;
}

/** @param {number} ch @returns {boolean} */
function isSpace(ch) {
  return ch === 32 || ch === 9 || ch === 10 || ch === 13;
}

/** XML's five named entities and numeric character references. @param {string} text @returns {string} */
function decodeXml(text) {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g, (whole, hex, dec, named) => {
    if (named !== undefined) return XML_ENTITIES[/** @type {keyof typeof XML_ENTITIES} */ (named)];
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const XML_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
