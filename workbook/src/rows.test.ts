import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { openSheetRows, readSheetRows, readWorkbook, writeWorkbook } from './index.js';
import type { SheetRow, SheetSource } from './index.js';
import { encryptedXlsx, manyRows, patchXlsxPart, RED_STYLES_XML, rawSheet, sheetJsFile, styledXlsx, zipWithoutWorkbook } from './test-fixtures.js';
import type { CellValue, Sheet } from './types.js';

const tempDir = mkdtempSync(join(tmpdir(), 'waihu-rows-test-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
let files = 0;
/** The bytes as a file on disk, for the reader's file path. */
function onDisk(bytes: Uint8Array): { path: string } {
  const path = join(tempDir, `f${files++}`);
  writeFileSync(path, bytes);
  return { path };
}

/** Every sheet read row by row, put back into readWorkbook's shape (rectangular rows from A1, red cells). */
async function viaRows(source: SheetSource): Promise<{ name: string; rows: CellValue[][]; red: [number, number][] }[]> {
  const reader = await openSheetRows(source, { batchRows: 7 });
  try {
    const out = [];
    for (const name of reader.sheets) {
      const got: SheetRow[] = [];
      for await (const batch of reader.rows(name)) got.push(...batch);
      const height = got.reduce((h, r) => Math.max(h, r.row), 0);
      const width = got.reduce((w, r) => Math.max(w, r.cells.length), 0);
      const rows: CellValue[][] = Array.from({ length: height }, () => new Array<CellValue>(width).fill(null));
      const red: [number, number][] = [];
      for (const r of got) {
        r.cells.forEach((v, c) => { rows[r.row - 1]![c] = v; });
        for (const c of r.red ?? []) red.push([r.row - 1, c]);
      }
      out.push({ name, rows, red });
    }
    return out;
  } finally {
    await reader.close();
  }
}

const wholeFile = async (bytes: Uint8Array) => (await readWorkbook(bytes)).sheets.map((s: Sheet) => ({ name: s.name, rows: s.rows, red: s.red ?? [] }));

/** SheetJS writing the way Excel does: shared strings and deflate. */
function excelLike(sheets: Record<string, XLSX.WorkSheet>): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, ws, name);
  return XLSX.write(wb, { bookType: 'xlsx', type: 'buffer', bookSST: true, compression: true }) as Uint8Array;
}

const sampleDir = new URL('../../scripts-templates/', import.meta.url);
const samples = readdirSync(sampleDir, { withFileTypes: true }).filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(sampleDir.pathname, d.name)).filter((f) => f.endsWith('.xlsx')).map((f) => join(sampleDir.pathname, d.name, f)));

/** XML the writers never produce but other tools do. */
const oddCells = (xml: string): string => xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> 内联 &amp; &lt;文本&gt; </t></is></c><c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>富</t></r><r><t>文本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh></is></c><c r="C1" t="str"><v>回车_x000D_换行&#10;结束</v></c></row>
<row><c t="n"><v>1.5E3</v></c><c/><c t="b"/><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="d"><v>2026-01-31T00:00:00</v></c></row>
<row r="5" spans="1:3"><c r="C5"><f>A2*2</f><v>3000</v></c><c r="D5" t="str"><f t="shared" ref="D5:D6" si="0">""</f><v></v></c></row>
<row r="6"><c r="D6" t="str"><f t="shared" si="0"/><v>x</v></c><c r="E6" t="s"/><c r="F6"><v></v></c></row>
<row r="7"/>
<x:row r="9"><x:c r="B9" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row>
</sheetData>`);
// Not compared: a commented-out row, which SheetJS's regexes read as a row and this reader skips.

describe('openSheetRows gives the cells readWorkbook gives', () => {
  const fixtures: [string, () => Uint8Array][] = [
    ...samples.map((path): [string, () => Uint8Array] => [path.split('/').slice(-2).join('/'), () => readFileSync(path)]),
    ['writeWorkbook, several sheets with gaps', () => writeWorkbook({ sheets: [
      { name: '流程', rows: [['节点', '话术'], ['开场', '您好 & 欢迎 <客户>'], [], [null, null, true, -1.25, 1e9]] },
      { name: '10', rows: [[1]] }, { name: '空', rows: [] },
    ] })],
    ['10,000 rows', () => writeWorkbook({ sheets: [{ name: '名单', rows: manyRows(10_000) }] })],
    ['shared strings, deflated', () => excelLike({ 数据: XLSX.utils.aoa_to_sheet(manyRows(3_000)), B: XLSX.utils.aoa_to_sheet([['同一', '同一'], ['x\ny', ' 空格 ']]) })],
    ['formulas and errors', () => sheetJsFile({ 公式: XLSX.utils.aoa_to_sheet([
      ['你好', '世界', { t: 's', v: '你好世界', f: 'A1&B1' }], [1, 2, { t: 'n', v: 3, f: 'A2+B2' }], [{ t: 'e', v: 0x2a, f: 'NA()' }, { t: 'e', v: 0x07 }],
    ]) })],
    ['a range that starts at C3', () => sheetJsFile({ S: rawSheet('C3:D4', { C3: { t: 's', v: '起点' }, D4: { t: 'n', v: 4 } }) })],
    ['red fonts', () => styledXlsx(sheetJsFile({ S: XLSX.utils.aoa_to_sheet([['说明', '红色', '蓝色'], ['a2', 'b2', 'c2'], ['a3', 'b3', 'c3']]) }), RED_STYLES_XML, { A1: 1, C2: 2, B3: 6, A2: 0, B2: 3, A3: 4, C3: 5 })],
    ['inline and rich strings, escapes, rows and cells without r, types', () => patchXlsxPart(writeWorkbook({ sheets: [{ name: 'S', rows: [['x']] }] }), 'xl/worksheets/sheet1.xml', oddCells)],
    ['a legacy .xls', () => writeWorkbook({ sheets: [{ name: '名单', rows: [['姓名', '电话'], ['张三', 13800138000], [], [true, 2.5]] }] }, { bookType: 'xls' })],
  ];
  for (const [name, make] of fixtures) {
    it(name, async () => {
      const bytes = make();
      const whole = await wholeFile(bytes);
      expect(await viaRows(bytes)).toEqual(whole);
      expect(await viaRows(onDisk(bytes))).toEqual(whole);
    });
  }
});

describe('openSheetRows', () => {
  it('reads one sheet, stops early, and switches to another', async () => {
    const bytes = writeWorkbook({ sheets: [{ name: 'A', rows: manyRows(5_000) }, { name: 'B', rows: [['b1'], ['b2']] }] });
    const reader = await openSheetRows(bytes, { batchRows: 100 });
    try {
      expect(reader.sheets).toEqual(['A', 'B']);
      let seen = 0;
      for await (const batch of reader.rows('A')) {
        seen += batch.length;
        // About batchRows: the worker checks between inflated chunks (64 KiB, a few hundred rows).
        expect(batch.length).toBeLessThan(1_000);
        if (seen >= 300) break;
      }
      const b: SheetRow[] = [];
      for await (const batch of reader.rows(1)) b.push(...batch);
      expect(b).toEqual([{ row: 1, cells: ['b1'] }, { row: 2, cells: ['b2'] }]);
      const again: SheetRow[] = [];
      for await (const batch of reader.rows('A')) again.push(...batch);
      expect(again).toHaveLength(5_000);
      expect(again[4_999]).toEqual({ row: 5_000, cells: [5_000, '第5000行：您好，请问是张先生吗？', false, 2499.5] });
    } finally {
      await reader.close();
    }
  });

  it('reads the first sheet with readSheetRows and closes after', async () => {
    const rows: SheetRow[] = [];
    for await (const batch of readSheetRows(writeWorkbook({ sheets: [{ name: 'S', rows: [['a', null, 'c']] }] }))) rows.push(...batch);
    expect(rows).toEqual([{ row: 1, cells: ['a', null, 'c'] }]);
  });

  it('refuses what readWorkbook refuses, with the same codes', async () => {
    const codeOf = async (source: SheetSource, opts: object) => {
      try {
        for await (const _ of readSheetRows(source, opts)) { /* drain */ }
        return 'ok';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    };
    // The same answer from bytes and from a file on disk.
    const code = async (bytes: Uint8Array, opts = {}) => {
      const fromBytes = await codeOf(bytes, opts);
      expect(await codeOf(onDisk(bytes), opts)).toBe(fromBytes);
      return fromBytes;
    };
    expect(await code(new Uint8Array())).toBe('FILE_EMPTY');
    expect(await code(Buffer.from('姓名,电话\n张三,138'))).toBe('NOT_A_SPREADSHEET');
    expect(await code(zipWithoutWorkbook())).toBe('NOT_A_SPREADSHEET');
    expect(await code(encryptedXlsx())).toBe('FILE_ENCRYPTED');
    const big = writeWorkbook({ sheets: [{ name: 'S', rows: manyRows(2_000) }] });
    expect(await code(big, { maxBytes: 1000 })).toBe('FILE_TOO_LARGE');
    expect(await code(big, { maxCells: 1_000 })).toBe('FILE_TOO_LARGE');
    expect(await code(big.subarray(0, big.length - 30))).toBe('FILE_CORRUPT');
    // A deflated sheet damaged in the middle: rows may already have been given, then the error.
    const deflated = Buffer.from(excelLike({ S: XLSX.utils.aoa_to_sheet(manyRows(20_000)) }));
    const at = deflated.indexOf('xl/worksheets/sheet1.xml') + 200;
    deflated.fill(0xff, at, at + 64);
    expect(await code(deflated)).toBe('FILE_CORRUPT');
  });

  it('gives up with a retryable READ_TIMEOUT when reading keeps the consumer waiting too long', async () => {
    const bytes = writeWorkbook({ sheets: [{ name: 'S', rows: manyRows(50_000) }] });
    const read = async () => {
      for await (const _ of readSheetRows(bytes, { timeoutMs: 5 })) { /* drain */ }
    };
    await expect(read()).rejects.toMatchObject({ code: 'READ_TIMEOUT', retryable: true });
  });
});
