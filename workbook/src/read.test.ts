import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { readWorkbook, writeWorkbook } from './index.js';
import { manyRows, patchXlsxPart, rawSheet, sheetJsFile } from './test-fixtures.js';
import type { Workbook } from './types.js';

/** Chinese text, numbers, booleans, inner blanks and an inner blank row; trailing blanks to be trimmed. */
const script: Workbook = {
  sheets: [
    {
      name: '流程',
      rows: [
        ['节点', '话术', '是否挂机', '等待秒数'],
        ['开场', '您好，这里是XX银行，请问是张先生吗？', false, 5],
        ['介绍', '  我们有一款低息贷款\n年化 3.6%  ', true, -1.25],
        [],
        ['结束', null, null, 1e9, null, null],
        [null, null],
        [],
      ],
    },
    { name: 'Q&A', rows: [['问题', '回答'], ['利息多少', '年化3.6%']] },
  ],
};

const expectedRows = [
  ['节点', '话术', '是否挂机', '等待秒数'],
  ['开场', '您好，这里是XX银行，请问是张先生吗？', false, 5],
  ['介绍', '  我们有一款低息贷款\n年化 3.6%  ', true, -1.25],
  [null, null, null, null],
  ['结束', null, null, 1e9],
];

describe('readWorkbook round trips', () => {
  for (const bookType of ['xlsx', 'xls'] as const) {
    it(`reads back what writeWorkbook wrote (.${bookType})`, async () => {
      const bytes = writeWorkbook(script, { bookType });
      const wb = await readWorkbook(bytes, { fileName: `script.${bookType}` });
      expect(wb.sheets.map((s) => s.name)).toEqual(['流程', 'Q&A']);
      expect(wb.sheets[0]?.rows).toEqual(expectedRows);
      expect(wb.sheets[1]?.rows).toEqual([['问题', '回答'], ['利息多少', '年化3.6%']]);
      expect(wb.sheets[0]?.formulas).toEqual([]);
    });

    it(`keeps merged ranges (.${bookType})`, async () => {
      const bytes = writeWorkbook({
        sheets: [{
          name: 'S',
          rows: [['标题', null, null], ['a', 'b', 'c'], ['x', null, null]],
          merges: [
            { startRow: 0, startCol: 0, endRow: 0, endCol: 2 },
            { startRow: 2, startCol: 0, endRow: 5, endCol: 0 }, // runs past the last row: clipped
            { startRow: 9, startCol: 0, endRow: 10, endCol: 1 }, // only empty cells: dropped
          ],
        }],
      }, { bookType });
      const [sheet] = (await readWorkbook(bytes)).sheets;
      expect(sheet?.merges).toEqual([
        { startRow: 0, startCol: 0, endRow: 0, endCol: 2 },
        { startRow: 2, startCol: 0, endRow: 2, endCol: 0 },
      ]);
    });
  }

  it('keeps the file’s sheet order even for numeric sheet names', async () => {
    // node-xlsx's parse would list "2" and "10" first: it walks Object.keys(workbook.Sheets).
    const bytes = writeWorkbook({ sheets: [{ name: '流程', rows: [[1]] }, { name: '10', rows: [[2]] }, { name: '2', rows: [[3]] }] });
    const wb = await readWorkbook(bytes);
    expect(wb.sheets.map((s) => [s.name, s.rows[0]?.[0]])).toEqual([['流程', 1], ['10', 2], ['2', 3]]);
  });

  it('leaves the caller’s bytes untouched', async () => {
    const bytes = writeWorkbook(script);
    const before = Buffer.from(bytes).toString('base64');
    await readWorkbook(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(bytes).toString('base64')).toBe(before);
  });
});

describe('readWorkbook cell facts', () => {
  it('reports formula cells with their cached values, and errors as null', async () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['你好', '世界', { t: 's', v: '你好世界', f: 'A1&B1' }],
      [1, 2, { t: 'n', v: 3, f: 'A2+B2' }],
      [{ t: 'e', v: 0x2a, f: 'NA()' }, { t: 'e', v: 0x07 }],
    ]);
    const [sheet] = (await readWorkbook(sheetJsFile({ 公式: ws }))).sheets;
    expect(sheet?.rows).toEqual([['你好', '世界', '你好世界'], [1, 2, 3], [null, null, null]]);
    expect(sheet?.formulas).toEqual([[0, 2], [1, 2], [2, 0]]);
  });

  it('numbers rows and columns from A1 even when the sheet’s range starts later', async () => {
    const ws = rawSheet('C3:D4', { C3: { t: 's', v: '起点' }, D4: { t: 'n', v: 4 } });
    const [sheet] = (await readWorkbook(sheetJsFile({ S: ws }))).sheets;
    expect(sheet?.rows).toEqual([
      [null, null, null, null],
      [null, null, null, null],
      [null, null, '起点', null],
      [null, null, null, 4],
    ]);
  });

  it('sizes a sheet by the cells it holds, not the range it declares', async () => {
    const honest = writeWorkbook({ sheets: [{ name: 'S', rows: [['only', '']] }] });
    const lying = patchXlsxPart(honest, 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<dimension ref="[^"]*"/, '<dimension ref="A1:XFD1048576"'));
    const [sheet] = (await readWorkbook(lying)).sheets;
    expect(sheet?.rows).toEqual([['only']]);
  });

  it('gives an empty sheet no rows', async () => {
    const wb = await readWorkbook(writeWorkbook({ sheets: [{ name: '空', rows: [] }, { name: 'S', rows: [[null], ['x']] }] }));
    expect(wb.sheets).toEqual([
      { name: '空', rows: [], merges: [], formulas: [] },
      { name: 'S', rows: [[null], ['x']], merges: [], formulas: [] },
    ]);
  });

  it('reads a 10,000-row sheet completely', async () => {
    const rows = manyRows(10_000);
    const [sheet] = (await readWorkbook(writeWorkbook({ sheets: [{ name: '名单', rows }] }))).sheets;
    expect(sheet?.rows).toHaveLength(10_000);
    expect(sheet?.rows[0]).toEqual([1, '第1行：您好，请问是张先生吗？', true, null]);
    expect(sheet?.rows[9_999]).toEqual([10_000, '第10000行：您好，请问是张先生吗？', false, 4999.5]);
    expect(sheet?.rows).toEqual(rows);
  });
});
