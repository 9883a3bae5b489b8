/**
 * Reads an .xlsx file's cells in the browser, so a refused upload can be shown as the sheet the
 * marketer knows with the server's located issues on the right cells. Only what a preview needs:
 * the zip's central directory, inflate through the platform's DecompressionStream, shared
 * strings, inline strings and values. Anything it cannot read gives `null` and the page falls
 * back to the issue list (legacy .xls files are not zips).
 */

export interface SheetCells {
  readonly name: string;
  /** rows[r][c]: 0-based, as text. */
  readonly rows: string[][];
}

const MAX_ROWS = 2_000;
const MAX_COLS = 60;

interface ZipEntry { readonly name: string; readonly method: number; readonly size: number; readonly offset: number }

function entries(buf: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out = new Map<string, ZipEntry>();
  const dec = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('bad central directory');
    const method = view.getUint16(p + 10, true);
    const size = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const offset = view.getUint32(p + 42, true);
    const name = dec.decode(buf.subarray(p + 46, p + 46 + nameLen));
    out.set(name, { name, method, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function readEntry(buf: Uint8Array, e: ZipEntry): Promise<string> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const nameLen = view.getUint16(e.offset + 26, true);
  const extraLen = view.getUint16(e.offset + 28, true);
  const start = e.offset + 30 + nameLen + extraLen;
  const raw = buf.subarray(start, start + e.size);
  const bytes = e.method === 0 ? raw : await inflate(raw);
  return new TextDecoder().decode(bytes);
}

/** "AB12" -> [row 11, col 27]: 0-based. */
export function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/** 0 -> "A", 26 -> "AA". */
export function columnLetter(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const parseXml = (text: string): Document => new DOMParser().parseFromString(text, 'application/xml');
const byTag = (node: Document | Element, tag: string): Element[] => [...node.getElementsByTagName(tag)];
const textOf = (el: Element): string => byTag(el, 't').map((t) => t.textContent ?? '').join('');

/** The sheets of an .xlsx file as text cells, or null when the bytes are not a readable .xlsx. */
export async function readXlsxCells(bytes: ArrayBuffer): Promise<SheetCells[] | null> {
  try {
    const buf = new Uint8Array(bytes);
    const zip = entries(buf);
    const read = async (name: string): Promise<string | null> => {
      const e = zip.get(name);
      return e ? readEntry(buf, e) : null;
    };
    const wb = await read('xl/workbook.xml');
    const relsText = await read('xl/_rels/workbook.xml.rels');
    if (!wb || !relsText) return null;
    const rels = new Map(byTag(parseXml(relsText), 'Relationship').map((r) => [r.getAttribute('Id') ?? '', r.getAttribute('Target') ?? '']));
    const sst = await read('xl/sharedStrings.xml');
    const shared = sst ? byTag(parseXml(sst), 'si').map(textOf) : [];
    const out: SheetCells[] = [];
    for (const s of byTag(parseXml(wb), 'sheet')) {
      const rid = s.getAttribute('r:id') ?? s.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id') ?? '';
      const target = rels.get(rid);
      if (!target) continue;
      const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
      const xml = await read(path);
      const rows: string[][] = [];
      if (xml) {
        for (const c of byTag(parseXml(xml), 'c')) {
          const at = cellRef(c.getAttribute('r') ?? '');
          if (!at || at.row >= MAX_ROWS || at.col >= MAX_COLS) continue;
          const type = c.getAttribute('t');
          const v = byTag(c, 'v')[0]?.textContent ?? '';
          const value = type === 's' ? shared[Number(v)] ?? '' : type === 'inlineStr' ? textOf(c) : type === 'b' ? (v === '1' ? 'TRUE' : 'FALSE') : v;
          const row = (rows[at.row] ??= []);
          row[at.col] = value;
        }
      }
      for (let r = 0; r < rows.length; r++) rows[r] ??= [];
      out.push({ name: s.getAttribute('name') ?? path, rows: rows.map((r) => Array.from(r, (x) => x ?? '')) });
    }
    return out;
  } catch {
    return null;
  }
}
