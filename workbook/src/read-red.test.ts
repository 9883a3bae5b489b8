import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { loadScript, readWorkbook, writeWorkbook } from './index.js';
import { patchXlsxPart, RED_STYLES_XML, sheetJsFile, styledXlsx } from './test-fixtures.js';

/** Cells A1:C4, every one holding a value, plus D1 left empty. */
const grid = (): XLSX.WorkSheet => XLSX.utils.aoa_to_sheet([
  ['说明', '红色', '蓝色'],
  ['a2', 'b2', 'c2'],
  ['a3', 'b3', 'c3'],
  ['a4', 'b4', 'c4'],
]);

describe('readWorkbook red font (.xlsx)', () => {
  it('reports exactly the cells whose font is red, by ARGB, plain RGB or palette index', async () => {
    const bytes = styledXlsx(sheetJsFile({ S: grid() }), RED_STYLES_XML, {
      A1: 1, // red ARGB
      C2: 2, // palette index 10
      B3: 6, // C00000 as plain RGB
      A2: 0, // theme text colour
      B2: 3, // black
      A3: 4, // a theme accent, however red it looks
      C3: 5, // orange
      A4: 99, // a format the styles part does not have
    });
    const [sheet] = (await readWorkbook(bytes)).sheets;
    expect(sheet?.red).toEqual([[0, 0], [1, 2], [2, 1]]);
    expect(sheet?.rows[0]).toEqual(['说明', '红色', '蓝色']);
  });

  it('leaves out red cells that hold nothing, and gives a sheet without red no list', async () => {
    const bytes = styledXlsx(sheetJsFile({ S: grid(), T: XLSX.utils.aoa_to_sheet([['x']]) }), RED_STYLES_XML, { A1: 1 });
    // Red but empty: a self-closing cell and one with an empty inline string.
    const withEmpty = patchXlsxPart(bytes, 'xl/worksheets/sheet1.xml', (xml) => xml
      .replace('</row>', '<c r="E1" s="1"/><c r="F1" s="1" t="inlineStr"><is><t></t></is></c></row>'));
    const wb = await readWorkbook(withEmpty);
    expect(wb.sheets[0]?.red).toEqual([[0, 0]]);
    expect(wb.sheets[0]?.rows[0]).toHaveLength(3);
    expect(wb.sheets[1]).toEqual({ name: 'T', rows: [['x']], merges: [], formulas: [] });
  });

  it('finds each sheet’s part through workbook.xml and its rels, whatever the order and names', async () => {
    const base = sheetJsFile({ '流程': grid(), 'Q&A': grid() });
    // The first sheet's part is now sheet2.xml and the second's sheet1.xml.
    const swapped = patchXlsxPart(base, 'xl/_rels/workbook.xml.rels', (xml) => xml
      .replace('Target="worksheets/sheet1.xml"', 'Target="SHEET_A"')
      .replace('Target="worksheets/sheet2.xml"', 'Target="/xl/worksheets/sheet1.xml"')
      .replace('Target="SHEET_A"', 'Target="Worksheets/Sheet2.xml"'));
    const styled = styledXlsx(styledXlsx(swapped, RED_STYLES_XML, { B2: 1 }, 'xl/worksheets/sheet2.xml'), RED_STYLES_XML, { C4: 2 });
    const wb = await readWorkbook(styled);
    expect(wb.sheets.map((s) => [s.name, s.red])).toEqual([['流程', [[1, 1]]], ['Q&A', [[3, 2]]]]);
  });

  it('matches sheets by name when SheetJS sees a sheet the package does not have', async () => {
    const base = styledXlsx(sheetJsFile({ A: grid(), B: grid() }), RED_STYLES_XML, { A1: 1 });
    // SheetJS lists the commented-out sheet first, reading it from rId2 (B's part).
    const ghost = patchXlsxPart(base, 'xl/workbook.xml', (xml) => xml.replace('<sheets>', '<sheets><!-- <sheet name="旧" sheetId="9" r:id="rId2"/> -->'));
    const wb = await readWorkbook(ghost);
    expect(wb.sheets.map((s) => [s.name, s.red])).toEqual([['旧', undefined], ['A', [[0, 0]]], ['B', undefined]]);
  });

  it('reads namespace-prefixed parts', async () => {
    const prefixed = (xml: string): string => xml.replace(/<(\/?)(?![?!])/g, '<$1x:').replace(/ xmlns="/, ' xmlns:x="');
    const bytes = styledXlsx(sheetJsFile({ S: grid() }), prefixed(RED_STYLES_XML), { B1: 1, C4: 2 });
    const [sheet] = (await readWorkbook(patchXlsxPart(bytes, 'xl/worksheets/sheet1.xml', prefixed))).sheets;
    expect(sheet?.rows[3]).toEqual(['a4', 'b4', 'c4']);
    expect(sheet?.red).toEqual([[0, 1], [3, 2]]);
  });

  it('places cells without an address as SheetJS does, and reads odd but valid markup', async () => {
    // A commented-out format must not shift the indexes of those after it.
    const styles = RED_STYLES_XML.replace('<cellXfs count="7">', '<cellXfs count="7"><!-- <xf> no more than <xf fontId="1"/> -->');
    const bytes = styledXlsx(sheetJsFile({ S: grid() }), styles, {});
    const odd = patchXlsxPart(bytes, 'xl/worksheets/sheet1.xml', (xml) => xml
      .replace(/<row r="2">.*?<\/row>/, '<row r="2"><c s="0" t="str"><v>a2</v></c><c s=\'1\' t="str" ><v>b2</v></c><c s = "2"\tt="str"><v>c2</v></c></row>')
      .replace(/<row r="3">/, '<row>') // the row after row 2
      .replace('<c r="A3"', '<c t="str" r="A3" s="6" data-x="a>b"')
      .replace('<c r="B3"', '<c s="1"'));
    const [sheet] = (await readWorkbook(odd)).sheets;
    expect(sheet?.rows.slice(1, 3)).toEqual([['a2', 'b2', 'c2'], ['a3', 'b3', 'c3']]);
    expect(sheet?.red).toEqual([[1, 1], [1, 2], [2, 0], [2, 1]]);
  });

  it('judges palette indexes by the file’s own palette when it has one', async () => {
    const palette = (first: string): string => `<colors><indexedColors>${[first, ...Array(63).fill('FF000000')]
      .map((rgb, i) => `<rgbColor rgb="${i === 10 ? 'FF0000FF' : i === 12 ? 'FFFF0000' : rgb}"/>`).join('')}</indexedColors></colors>`;
    const styles = RED_STYLES_XML
      .replace('<color indexed="10"/>', '<color indexed="12"/>')
      .replace('<color theme="5" tint="-0.25"/>', '<color indexed="10"/>')
      .replace('</styleSheet>', `${palette('FF000000')}</styleSheet>`);
    const [sheet] = (await readWorkbook(styledXlsx(sheetJsFile({ S: grid() }), styles, { A1: 2, B1: 4 }))).sheets;
    expect(sheet?.red).toEqual([[0, 0]]); // index 12 is red here, index 10 blue
  });

  it('reads a file whose styles cannot be made sense of, with no red cells and no error', async () => {
    const cases = [
      '<?xml version="1.0"?><styleSheet><fonts><font><color rgb="FFFF0000"', // cut short
      '<styleSheet><cellXfs><xf fontId="1"/></cellXfs></styleSheet>', // no fonts
      '<styleSheet><fonts><font><color rgb="red"/></font></fonts><cellXfs><xf fontId="0"/><xf fontId="-1"/></cellXfs></styleSheet>',
      'not xml at all <<<>>> "\'',
      '<styleSheet><fonts><font><color rgb="FFFF0000"/></font></fonts><cellXfs><xf fontId="0" s="\'></cellXfs></styleSheet>',
    ];
    for (const styles of cases) {
      const bytes = styledXlsx(sheetJsFile({ S: grid() }), styles, { A1: 0, A2: 1 });
      const [sheet] = (await readWorkbook(bytes)).sheets;
      expect(sheet?.rows[0]).toEqual(['说明', '红色', '蓝色']);
      expect(sheet?.red).toBeUndefined();
    }
  });

  it('gives no red cells to a sheet whose part the rels do not name', async () => {
    // The sheet's r:id points nowhere: SheetJS falls back to sheet1.xml by position and reads
    // it; we do not guess, so the sheet reads with no red cells.
    const bytes = styledXlsx(sheetJsFile({ S: grid() }), RED_STYLES_XML, { A1: 1 });
    const lost = patchXlsxPart(bytes, 'xl/workbook.xml', (xml) => xml.replace('name="S"', 'name="S" r:id="rId99"').replace(/r:id="rId1"/, 'x="1"'));
    const [sheet] = (await readWorkbook(lost)).sheets;
    expect(sheet?.rows[0]?.[0]).toBe('说明');
    expect(sheet?.red).toBeUndefined();
  });

  it('has no red cells for a legacy .xls', async () => {
    const [sheet] = (await readWorkbook(sheetJsFile({ S: grid() }, 'xls'))).sheets;
    expect(sheet?.rows).toHaveLength(4);
    expect(sheet?.red).toBeUndefined();
  });
});

describe('red instruction rows end to end', () => {
  /** A 流程 sheet laid out as the seeds' templates are: red notes above and under the header. */
  const flowsXlsx = (): Uint8Array => writeWorkbook({
    sheets: [{
      name: '流程',
      rows: [
        ['说明：红色字体为填写说明，上传前可以不删'],
        ['流程名称', '话术内容', '是否终止'],
        ['流程名称必须唯一', '机器人要说的话，可以用{姓名}', '是/否'],
        ['开场白', '您好，请问是{姓名}吗？', '否'],
        ['结束', '好的，再见', '是'],
      ],
    }],
  });

  it('skips red rows as instructions, with no issues, and reads the flows', async () => {
    const bytes = styledXlsx(flowsXlsx(), RED_STYLES_XML, { A1: 1, A3: 2, B3: 2, C3: 2, B4: 3 });
    const loaded = await loadScript(bytes, { fileName: '话术模板.xlsx' });
    expect(loaded.issues).toEqual([]);
    expect(loaded.template?.flows.map((f) => [f.name, f.prompt, f.terminate])).toEqual([
      ['开场白', '您好，请问是{姓名}吗？', false],
      ['结束', '好的，再见', true],
    ]);
    expect(loaded.sources?.flows.rows).toEqual([4, 5]);
    expect(loaded.compiled?.flows).toHaveLength(2);
  });

  it('reads the same rows as flows when they are not red', async () => {
    const loaded = await loadScript(styledXlsx(flowsXlsx(), RED_STYLES_XML, { A1: 1, A3: 3 }));
    expect(loaded.template?.flows.map((f) => f.name)).toContain('流程名称必须唯一');
    expect(loaded.issues.length).toBeGreaterThan(0);
  });
});
