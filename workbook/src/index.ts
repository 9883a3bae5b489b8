/**
 * `@waihu/workbook`: script spreadsheets as bytes (.xlsx/.xls) to plain sheets of cells and
 * back. The engine only ever sees the cells.
 */
export { readWorkbook } from './read.js';
export type { ReadWorkbookOptions } from './read.js';
export { openSheetRows, readSheetRows } from './rows.js';
export type { ReadRowsOptions, SheetRow, SheetRows, SheetSource } from './rows.js';
export { writeWorkbook } from './write.js';
export type { WriteWorkbookOptions } from './write.js';
export { WorkbookError } from './errors.js';
export type { WorkbookErrorCode, WorkbookErrorTexts } from './errors.js';
// script.ts (bytes to a checked Template and back) is written alongside this package by its
// consumers' author; bench/ and workbook/test/ import it through this entry.
export { loadScript, exportScript } from './script.js';
export type { LoadedScript, LoadOptions } from './script.js';
