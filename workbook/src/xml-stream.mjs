// @ts-check
/**
 * A forward-only XML tag scanner that is fed text in pieces (inflated chunks of a part) and
 * keeps only the unfinished tail of the last piece between calls. No DOM, no regexes that
 * backtrack: each character is looked at a few times at most, whatever the file holds.
 *
 * It is deliberately not a general XML parser: it reports element tags (local name, where
 * the attributes are, open/close/empty) and, while the handler asks for it, the text between
 * tags. Comments, declarations and processing instructions are skipped; CDATA is passed as
 * text, escaped so that {@link unescapeXml} gives its content back literally.
 */

/**
 * Longest run the scanner holds while waiting for the end of a tag or comment. A real tag is
 * a few dozen characters; only a damaged or hostile part (say, gigabytes of text after an
 * unmatched `<`) gets near this.
 */
const MAX_PENDING_CHARS = 16 * 1024 * 1024;

export class XmlTooLarge extends Error {}

/**
 * @typedef {object} TagHandler
 * @property {boolean} wantText whether text between tags is wanted right now
 * @property {(text: string) => void} text
 * @property {(name: string, src: string, attrStart: number, attrEnd: number, kind: 0 | 1 | 2) => void} tag
 *   kind: 0 open, 1 close, 2 empty (`<c/>`); the attributes are `src.slice(attrStart, attrEnd)`
 */

export class XmlScanner {
  /** @param {TagHandler} handler */
  constructor(handler) {
    this.handler = handler;
    this.pending = '';
  }

  /** Feeds the next piece of the document. @param {string} piece */
  push(piece) {
    const buf = this.pending.length > 0 ? this.pending + piece : piece;
    this.pending = '';
    const h = this.handler;
    const n = buf.length;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        if (h.wantText && pos < n) h.text(buf.slice(pos));
        return;
      }
      if (h.wantText && lt > pos) h.text(buf.slice(pos, lt));
      if (lt + 1 >= n) return this.hold(buf, lt);
      const c1 = buf.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
        if (n - lt < 9) return this.hold(buf, lt);
        const cdata = buf.startsWith('<![CDATA[', lt);
        const close = buf.startsWith('<!--', lt) ? '-->' : cdata ? ']]>' : c1 === 63 ? '?>' : '>';
        const end = buf.indexOf(close, lt + 2);
        if (end < 0) return this.hold(buf, lt);
        if (cdata && h.wantText) h.text(escapeLiteral(buf.slice(lt + 9, end)));
        pos = end + close.length;
        continue;
      }
      let end = lt + 1;
      let quote = 0;
      for (; end < n; end++) {
        const ch = buf.charCodeAt(end);
        if (quote !== 0) {
          if (ch === quote) quote = 0;
        } else if (ch === 62 /* > */) break;
        else if (ch === 34 || ch === 39) quote = ch;
      }
      if (end >= n) return this.hold(buf, lt);
      const closing = c1 === 47; /* / */
      const empty = !closing && buf.charCodeAt(end - 1) === 47;
      const nameStart = closing ? lt + 2 : lt + 1;
      let nameEnd = nameStart;
      let colon = -1;
      for (; nameEnd < end; nameEnd++) {
        const ch = buf.charCodeAt(nameEnd);
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 47) break;
        if (ch === 58) colon = nameEnd;
      }
      const name = buf.slice(colon >= 0 ? colon + 1 : nameStart, nameEnd);
      h.tag(name, buf, nameEnd, empty ? end - 1 : end, closing ? 1 : empty ? 2 : 0);
      pos = end + 1;
    }
  }

  /** @param {string} buf @param {number} from */
  hold(buf, from) {
    if (buf.length - from > MAX_PENDING_CHARS) throw new XmlTooLarge('an XML tag or comment runs on for megabytes');
    this.pending = buf.slice(from);
  }
}

/** CDATA content made safe for {@link unescapeXml}, which then gives it back unchanged. @param {string} s */
function escapeLiteral(s) {
  return s.replace(/&/g, '&amp;').replace(/_x/g, '_x005F_x');
}

/**
 * Attribute values by name from a tag's attribute text, prefix dropped (`x:r` is `r`), still
 * escaped as SheetJS leaves them. Only the names in `wanted` are kept; the last of a name
 * wins, as in SheetJS.
 * @param {string} src @param {number} start @param {number} end @param {readonly string[]} wanted
 * @returns {Record<string, string>}
 */
export function attrs(src, start, end, wanted) {
  /** @type {Record<string, string>} */
  const out = {};
  let i = start;
  while (i < end) {
    let ch = src.charCodeAt(i);
    while (i < end && (ch === 32 || ch === 9 || ch === 10 || ch === 13)) ch = src.charCodeAt(++i);
    const nameStart = i;
    let colon = -1;
    while (i < end && ch !== 61 /* = */ && ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) {
      if (ch === 58) colon = i;
      ch = src.charCodeAt(++i);
    }
    const name = src.slice(colon >= 0 ? colon + 1 : nameStart, i);
    while (i < end && src.charCodeAt(i) !== 61) {
      if (src.charCodeAt(i) !== 32 && src.charCodeAt(i) !== 9 && src.charCodeAt(i) !== 10 && src.charCodeAt(i) !== 13) break;
      i++;
    }
    if (i >= end || src.charCodeAt(i) !== 61) {
      if (i === nameStart) i++; // a stray character: step over it
      continue;
    }
    i++;
    while (i < end && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9 || src.charCodeAt(i) === 10 || src.charCodeAt(i) === 13)) i++;
    const quote = src.charCodeAt(i);
    if (quote !== 34 && quote !== 39) continue;
    const close = src.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close < 0 || close > end) break;
    if (wanted.includes(name)) out[name] = src.slice(i + 1, close);
    i = close + 1;
  }
  return out;
}

const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const CODE = /_x([\da-fA-F]{4})_/gi;
/** @type {Record<string, string>} */
const ENTITIES = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };

/**
 * XML text to a string exactly as SheetJS 0.18.5's `unescapexml` does it, so both readers
 * agree on every cell: the five entities and numeric references first, then Excel's
 * `_xHHHH_` escapes (`_x000D_` is a carriage return). Plain text, the common case, is
 * returned as it is without a regex pass.
 * @param {string} text @returns {string}
 */
export function unescapeXml(text) {
  if (text.indexOf('&') < 0 && text.indexOf('_') < 0) return text;
  return text
    .replace(ENTITY, (whole, code) => ENTITIES[whole] || String.fromCharCode(parseInt(code, whole.indexOf('x') > -1 ? 16 : 10)) || whole)
    .replace(CODE, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

// SheetJS's date arithmetic for `t="d"` cells (ISO dates), copied so both readers give the
// same serial number in the same time zone: a date is read as local time and counted in
// days from 1899-12-30.
const BASE_DATE = new Date(1899, 11, 30, 0, 0, 0);

/** @param {string | undefined} text @returns {number} */
export function isoDateSerial(text) {
  const d = new Date(/** @type {string} */ (text));
  d.setTime(d.getTime() + d.getTimezoneOffset() * 60 * 1000);
  const threshold = BASE_DATE.getTime() + (d.getTimezoneOffset() - BASE_DATE.getTimezoneOffset()) * 60000;
  return (d.getTime() - threshold) / (24 * 60 * 60 * 1000);
}
