import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { columnWidths, displayWidth } from './column-widths.js';
import { writeWorkbook } from './index.js';
import type { Sheet } from './types.js';

/** The `wch` widths SheetJS reads back from a written file's first sheet. */
function writtenWidths(bytes: Uint8Array): (number | undefined)[] {
  const wb = XLSX.read(bytes, { type: 'buffer', cellStyles: true });
  const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
  return (ws?.['!cols'] ?? []).map((col) => col?.wch);
}

describe('displayWidth', () => {
  it('counts CJK and full-width characters double', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('您好')).toBe(4);
    expect(displayWidth('好的，ok！')).toBe(10);
    expect(displayWidth('𠮷')).toBe(2); // outside the BMP, one code point
  });

  it('measures the longest line of multi-line text', () => {
    expect(displayWidth('短\n这一行比较长\nab')).toBe(12);
  });
});

describe('columnWidths', () => {
  it('sizes columns to content, within a floor and a ceiling', () => {
    const sheet: Sheet = {
      name: 'S',
      rows: [
        ['id', '话术', 'x'.repeat(200), true, null],
        [12345, '您好，这里是XX银行，请问是张先生吗？', null, false, null],
      ],
    };
    // 'id' → floor 8; 14 CJK characters and 3 full-width marks (34) plus "XX" = 36, +2 padding;
    // 200 characters → ceiling 60; "FALSE" → floor; an empty column → floor.
    expect(columnWidths(sheet)).toEqual([8, 38, 60, 8, 8]);
  });

  it('ignores a title merged across several columns', () => {
    const sheet: Sheet = {
      name: 'S',
      rows: [['一个很长很长很长很长很长很长的标题', null], ['a', 'b']],
      merges: [{ startRow: 0, startCol: 0, endRow: 0, endCol: 1 }],
    };
    expect(columnWidths(sheet)).toEqual([8, 8]);
  });
});

describe('writeWorkbook', () => {
  for (const bookType of ['xlsx', 'xls'] as const) {
    it(`writes column widths and merges (.${bookType})`, () => {
      const bytes = writeWorkbook({
        sheets: [{
          name: '流程',
          rows: [['节点', '话术'], ['开场', '您好，这里是XX银行，请问是张先生吗？']],
          merges: [{ startRow: 0, startCol: 0, endRow: 0, endCol: 0 }],
        }],
      }, { bookType });
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(writtenWidths(bytes)).toEqual([8, 38]);
      const wb = XLSX.read(bytes, { type: 'buffer' });
      expect(wb.Sheets['流程']?.['!merges']).toEqual([{ s: { r: 0, c: 0 }, e: { r: 0, c: 0 } }]);
    });
  }

  it('starts with the right file signature for each format', () => {
    const wb = { sheets: [{ name: 'S', rows: [['a']] }] };
    expect([...writeWorkbook(wb).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect([...writeWorkbook(wb, { bookType: 'xls' }).subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
  });

  it('refuses a sheet beyond the .xls grid instead of losing cells', () => {
    const tall = { sheets: [{ name: 'S', rows: Array.from({ length: 65_537 }, () => [1]) }] };
    expect(() => writeWorkbook(tall, { bookType: 'xls' })).toThrow(RangeError);
    const wide = { sheets: [{ name: 'S', rows: [new Array<number>(257).fill(1)] }] };
    expect(() => writeWorkbook(wide, { bookType: 'xls' })).toThrow(RangeError);
  });

  it('lets SheetJS refuse an invalid workbook', () => {
    expect(() => writeWorkbook({ sheets: [] })).toThrow(/empty/);
    expect(() => writeWorkbook({ sheets: [{ name: 'x'.repeat(32), rows: [] }] })).toThrow(/31/);
  });
});
