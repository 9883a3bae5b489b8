/**
 * Spreadsheet files built in memory for the tests, so no binary fixture can go stale. Uses
 * SheetJS directly where `writeWorkbook` cannot say something (formulas, a lying `!ref`,
 * encryption markers).
 */
import XLSX from 'xlsx';
import type { CellObject, WorkSheet } from 'xlsx';

/** The slice of SheetJS's bundled CFB (OLE2/ZIP container) library the fixtures use; it ships untyped. */
interface Container {
  FullPaths: string[];
}
interface CfbLibrary {
  read(data: Uint8Array, opts: { type: 'buffer' }): Container;
  write(container: Container, opts: { type: 'buffer'; fileType?: 'zip' }): Uint8Array;
  find(container: Container, path: string): { content: Uint8Array } | null;
  utils: {
    cfb_new(): Container;
    cfb_add(container: Container, path: string, content: Uint8Array): void;
  };
}
const CFB = XLSX.CFB as CfbLibrary;

/** Writes SheetJS worksheets (in order) to file bytes. */
export function sheetJsFile(sheets: Record<string, WorkSheet>, bookType: 'xlsx' | 'xls' = 'xlsx'): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, ws, name);
  return XLSX.write(wb, { bookType, type: 'buffer' }) as Uint8Array;
}

/** A worksheet from explicit cells by address. */
export function rawSheet(ref: string, cells: Record<string, CellObject>): WorkSheet {
  return { '!ref': ref, ...cells };
}

/**
 * Rewrites one XML part inside an .xlsx. How the fixtures make sheets that SheetJS's writer
 * cannot: it visits every cell of a sheet's range, so writing a cell at XFD1048576 directly
 * would take hours.
 */
export function patchXlsxPart(xlsx: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array {
  const container = CFB.read(xlsx, { type: 'buffer' });
  const entry = CFB.find(container, `/${part}`);
  if (!entry) throw new Error(`fixture: no ${part}`);
  const xml = new TextDecoder().decode(entry.content);
  const edited = edit(xml);
  if (edited === xml) throw new Error(`fixture: edit left ${part} unchanged`);
  CFB.utils.cfb_add(container, `/${part}`, new TextEncoder().encode(edited));
  return CFB.write(container, { type: 'buffer', fileType: 'zip' });
}

/** A sheet with `count` rows of mixed values, big enough that parsing takes a while. */
export function manyRows(count: number): (string | number | boolean | null)[][] {
  return Array.from({ length: count }, (_, i) => [i + 1, `第${i + 1}行：您好，请问是张先生吗？`, i % 2 === 0, i % 7 === 0 ? null : i * 0.5]);
}

/** A well-formed ZIP holding a text file and no workbook. */
export function zipWithoutWorkbook(): Uint8Array {
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, 'readme.txt', new TextEncoder().encode('这不是表格'));
  return CFB.write(container, { type: 'buffer', fileType: 'zip' });
}

/** An OLE2 file with a Word stream and no workbook stream, like a legacy .doc. */
export function oleWithoutWorkbook(): Uint8Array {
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, 'WordDocument', new Uint8Array(64));
  return CFB.write(container, { type: 'buffer' });
}

/**
 * The structure Excel gives a password-protected .xlsx: an OLE2 wrapper holding an
 * EncryptionInfo stream (here an "agile" 4.4 header) and the EncryptedPackage.
 */
export function encryptedXlsx(): Uint8Array {
  const container = CFB.utils.cfb_new();
  const info = new TextEncoder().encode('<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>');
  CFB.utils.cfb_add(container, 'EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0, ...info]));
  CFB.utils.cfb_add(container, 'EncryptedPackage', new Uint8Array(256).fill(0x5a));
  return CFB.write(container, { type: 'buffer' });
}

/**
 * A password-protected .xls: `xls` with an RC4 FilePass record (0x002F) inserted right after
 * the workbook stream's BOF record, where Excel puts it.
 */
export function encryptedXls(xls: Uint8Array): Uint8Array {
  const container = CFB.read(xls, { type: 'buffer' });
  const stream = CFB.find(container, 'Workbook');
  if (!stream) throw new Error('fixture: no Workbook stream');
  const content = Buffer.from(stream.content);
  const afterBof = 4 + content.readUInt16LE(2);
  const filePass = Buffer.alloc(4 + 54);
  filePass.writeUInt16LE(0x002f, 0); // FilePass
  filePass.writeUInt16LE(54, 2);
  filePass.writeUInt16LE(1, 4); // RC4
  filePass.writeUInt16LE(1, 6); // version 1.1
  filePass.writeUInt16LE(1, 8);
  const patched = Buffer.concat([content.subarray(0, afterBof), filePass, content.subarray(afterBof)]);
  CFB.utils.cfb_add(container, '/Workbook', patched);
  return CFB.write(container, { type: 'buffer' });
}

/** Deterministic noise (a linear congruential generator), so a failure can be replayed. */
export function noise(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/**
 * A styles.xml for the red-font tests. Fonts: 0 theme text, 1 red by ARGB, 2 red by legacy
 * palette index 10, 3 black by ARGB, 4 a red-looking theme accent, 5 Excel's orange FFC000,
 * 6 dark red by plain RGB. `cellXfs` entry `s` uses font `s`, so a cell's `s` is its font.
 */
export const RED_STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="7">
<font><sz val="11"/><color theme="1"/><name val="等线"/></font>
<font><b/><sz val="11"/><color rgb="FFFF0000"/><name val="等线"/></font>
<font><sz val="11"/><color indexed="10"/><name val="宋体"/></font>
<font><sz val="11"/><color rgb="FF000000"/><name val="等线"/></font>
<font><sz val="11"/><color theme="5" tint="-0.25"/><name val="等线"/></font>
<font><sz val="11"/><color rgb="FFFFC000"/><name val="等线"/></font>
<font><sz val="11"/><color rgb="C00000"/><name val="等线"/></font>
</fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="1" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"><alignment wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="4" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="5" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="6" fillId="0" borderId="0" xfId="0" applyFont="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>
<dxfs count="1"><dxf><font><color rgb="FFFF0000"/></font></dxf></dxfs>
</styleSheet>`;

/**
 * An .xlsx with `stylesXml` as its styles part and cell style indexes set in one worksheet
 * part: `{ B3: 1 }` gives `<c r="B3">` the attribute `s="1"`. Every named cell must exist
 * (SheetJS writes `<c r="…"` for each cell with a value).
 */
export function styledXlsx(xlsx: Uint8Array, stylesXml: string, cells: Record<string, number>, part = 'xl/worksheets/sheet1.xml'): Uint8Array {
  const current = CFB.find(CFB.read(xlsx, { type: 'buffer' }), '/xl/styles.xml');
  const same = current !== null && new TextDecoder().decode(current.content) === stylesXml;
  const styled = same ? xlsx : patchXlsxPart(xlsx, 'xl/styles.xml', () => stylesXml);
  if (Object.keys(cells).length === 0) return styled;
  return patchXlsxPart(styled, part, (xml) => Object.entries(cells).reduce((out, [ref, s]) => {
    const tag = `<c r="${ref}"`;
    if (!out.includes(tag)) throw new Error(`fixture: no cell ${ref} in ${part}`);
    return out.replace(tag, `${tag} s="${s}"`);
  }, xml));
}
