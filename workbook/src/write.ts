import { build } from 'node-xlsx';
import type { WorkSheet } from 'node-xlsx';
import { columnWidths } from './column-widths.js';
import type { Sheet, Workbook } from './types.js';

/** Options for {@link writeWorkbook}. */
export interface WriteWorkbookOptions {
  /** `xlsx` (default) or legacy `xls` (BIFF8, for very old Excel and WPS installs). */
  readonly bookType?: 'xlsx' | 'xls';
}

/** BIFF8's grid. SheetJS drops cells beyond it with only a console warning, so it is checked. */
const XLS_MAX_ROWS = 65_536;
const XLS_MAX_COLS = 256;

/**
 * Writes sheets to `.xlsx` (default) or `.xls` bytes: cell values, merged ranges, and column
 * widths sized to their content (CJK characters count double).
 *
 * `formulas` are not written: a {@link Sheet} records only where formulas were, not their
 * text, so their cached values are written as plain values.
 *
 * @throws {RangeError} when a sheet exceeds the `.xls` grid (65,536 rows × 256 columns).
 * @throws {Error} from SheetJS for an invalid workbook: no sheets, or a sheet name that is
 *   duplicated, longer than 31 characters, or contains `: \ / ? * [ ]`.
 */
export function writeWorkbook(wb: Workbook, opts: WriteWorkbookOptions = {}): Uint8Array {
  const bookType = opts.bookType ?? 'xlsx';
  if (bookType === 'xls') wb.sheets.forEach(checkXlsGrid);
  const worksheets: WorkSheet[] = wb.sheets.map((sheet) => ({
    name: sheet.name,
    data: sheet.rows.map((row) => [...row]),
    options: {
      '!cols': columnWidths(sheet).map((wch) => ({ wch })),
      ...(sheet.merges?.length ? { '!merges': sheet.merges.map(toSheetJsRange) } : {}),
    },
  }));
  return build(worksheets, { writeOptions: { bookType } });
}

function toSheetJsRange(m: NonNullable<Sheet['merges']>[number]): { s: { r: number; c: number }; e: { r: number; c: number } } {
  return { s: { r: m.startRow, c: m.startCol }, e: { r: m.endRow, c: m.endCol } };
}

function checkXlsGrid(sheet: Sheet): void {
  const cols = sheet.rows.reduce((n, row) => Math.max(n, row.length), 0);
  if (sheet.rows.length > XLS_MAX_ROWS || cols > XLS_MAX_COLS) {
    throw new RangeError(
      `writeWorkbook: sheet "${sheet.name}" is ${sheet.rows.length} × ${cols}, beyond .xls's ${XLS_MAX_ROWS} × ${XLS_MAX_COLS}; write .xlsx instead`,
    );
  }
}
