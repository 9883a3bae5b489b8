/**
 * The spreadsheet shape this package reads into and writes from, owned by the engine.
 * Every file here imports it from this one module, so the engine boundary is one line.
 */
export type { CellRange, CellValue, Sheet, Workbook } from '@waihu/engine';
