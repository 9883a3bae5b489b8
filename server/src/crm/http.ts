/**
 * Spreadsheets over HTTP for the CRM: reading an uploaded file's first sheet, sending a
 * workbook as a download, and the report of rejected rows an import returns.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { columnLetter } from '@waihu/engine';
import type { CellValue, Sheet } from '@waihu/engine';
import { WorkbookError, readWorkbook, writeWorkbook } from '@waihu/workbook';
import { ApiError } from '../errors.js';
import { XLSX_TYPE, readUpload, sendSpreadsheet } from '../http/spreadsheets.js';
import type { BookType } from '../http/spreadsheets.js';
import type { KeepFile, StoredFileView } from '../storage/index.js';
import { storedFileSchema } from '../storage/index.js';

export type { BookType };

/** Longest an uploaded file may take to parse: 100,000 rows take a few seconds. */
const READ_TIMEOUT_MS = 60_000;

/** Query string of a spreadsheet download. */
export const formatQuery = {
  type: 'object', additionalProperties: false,
  properties: { format: { type: 'string', enum: ['xlsx', 'xls'], default: 'xlsx' } },
} as const;

/** Writes sheets, refusing with 422 what `.xls` cannot hold instead of failing with a 500. */
export function workbookBytes(sheets: readonly Sheet[], bookType: BookType): Uint8Array {
  try {
    return writeWorkbook({ sheets }, { bookType });
  } catch (e) {
    if (e instanceof RangeError) throw new ApiError(422, 'TOO_LARGE_FOR_XLS', 'too many rows for .xls (65,536 at most); download .xlsx instead');
    throw e;
  }
}

export function sendWorkbook(reply: FastifyReply, sheets: readonly Sheet[], name: string, bookType: BookType): FastifyReply {
  return sendSpreadsheet(reply, workbookBytes(sheets, bookType), name, bookType);
}

/** The first sheet of an uploaded spreadsheet, or a coded error saying why it cannot be read. */
export async function uploadedSheet(request: FastifyRequest, maxBytes: number): Promise<{ sheet: Sheet; fileName: string }> {
  const { bytes, fileName } = await readUpload(request);
  try {
    const wb = await readWorkbook(bytes, { fileName, maxBytes, timeoutMs: READ_TIMEOUT_MS });
    const sheet = wb.sheets[0];
    if (!sheet || sheet.rows.length === 0) throw new ApiError(400, 'IMPORT_EMPTY', 'the spreadsheet has no rows');
    return { sheet, fileName };
  } catch (e) {
    if (e instanceof WorkbookError) throw new ApiError(e.code === 'FILE_TOO_LARGE' ? 413 : 400, e.code, e.messageEn, { zh: e.messageZh }, e.retryable);
    throw e;
  }
}

/** A header cell as people mean it: trimmed, full-width spaces and a trailing `*` dropped. */
export const headerText = (cell: CellValue | undefined): string => String(cell ?? '').replace(/\u3000/g, ' ').trim().replace(/\s*[*＊]$/, '');

/**
 * Reads the header row: which column holds what. Unknown and repeated headers stop the import
 * before any row is read (the wrong template is a 400, not a file of rejected rows); `skip`
 * columns (read-only columns of an export) are recognized and ignored.
 */
export function mapHeader<T>(header: readonly CellValue[], resolve: (text: string) => T | 'skip' | undefined): Map<number, T> {
  const out = new Map<number, T>();
  const seen = new Map<string, number>();
  const unknown: { column: string; header: string }[] = [];
  const repeated: { column: string; header: string }[] = [];
  header.forEach((cell, col) => {
    const text = headerText(cell);
    if (text === '') return;
    const target = resolve(text);
    if (target === undefined) unknown.push({ column: columnLetter(col), header: text });
    if (target === undefined || target === 'skip') return;
    const key = JSON.stringify(target);
    if (seen.has(key)) repeated.push({ column: columnLetter(col), header: text });
    seen.set(key, col);
    out.set(col, target);
  });
  if (unknown.length > 0) {
    throw new ApiError(400, 'IMPORT_COLUMNS_UNKNOWN', `unknown column(s) ${unknown.map((u) => `${u.column} "${u.header}"`).join(', ')}; download the template`, { columns: unknown });
  }
  if (repeated.length > 0) {
    throw new ApiError(400, 'IMPORT_COLUMNS_REPEATED', `repeated column(s) ${repeated.map((u) => `${u.column} "${u.header}"`).join(', ')}`, { columns: repeated });
  }
  return out;
}

/** A row with nothing in it (skipped by imports, not rejected). */
export const isBlankRow = (row: readonly CellValue[]): boolean => row.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** The data rows under the header, 1-based row numbers, blank rows skipped. */
export function dataRows(sheet: Sheet): { row: number; cells: readonly CellValue[] }[] {
  const rows: { row: number; cells: readonly CellValue[] }[] = [];
  sheet.rows.forEach((cells, i) => {
    if (i > 0 && !isBlankRow(cells)) rows.push({ row: i + 1, cells });
  });
  if (rows.length > IMPORT_MAX_ROWS) throw new ApiError(400, 'IMPORT_TOO_MANY_ROWS', `${rows.length} rows; one import takes at most ${IMPORT_MAX_ROWS}`);
  return rows;
}

/** A cell as trimmed text ('' for empty). */
export const cellText = (cell: CellValue | undefined): string => (cell === null || cell === undefined ? '' : String(cell).trim());

/** One rejected row of an import: where, why (a stable code and texts), and its cells as read. */
export interface RejectedRow {
  /** 1-based spreadsheet row. */
  readonly row: number;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly cells: readonly CellValue[];
}

/** Rejected rows listed in the JSON answer; the file holds all of them. */
export const INLINE_REJECTS = 100;
/** Most data rows one import takes. */
export const IMPORT_MAX_ROWS = 100_000;

/** What an import answers; the names follow the lead import's, so the console reads both alike. */
export interface ImportReport {
  /** Data rows read (blank rows not counted). */
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Rejected rows per reason code. */
  readonly reasons: Record<string, number>;
  /** The first rejected rows, in file order. */
  readonly rejectedRows: readonly RejectedRow[];
  /** Whether every rejected row is in `rejectedRows`. */
  readonly rejectedRowsComplete: boolean;
  /** Every rejected row (行号, its cells, 原因) as a spreadsheet kept for download (GET its `url`); null when none. */
  readonly rejectedFile: StoredFileView | null;
}

/** Columns the report of rejected rows adds around the file's own: fixed rows can be uploaded again as they are. */
export const REPORT_ROW_HEADER = '行号';

/** The answer to an import, keeping the spreadsheet of rejected rows (if any) through `keep`. */
export async function importReport(keep: KeepFile, header: readonly CellValue[], total: number, accepted: number, rejected: readonly RejectedRow[], name: string, reasonHeader = '原因'): Promise<ImportReport> {
  const sorted = [...rejected].sort((a, b) => a.row - b.row);
  const width = sorted.reduce((w, r) => Math.max(w, r.cells.length), header.length);
  const pad = (cells: readonly CellValue[]): CellValue[] => Array.from({ length: width }, (_, i) => cells[i] ?? null);
  const sheet: Sheet = { name: '未导入的行', rows: [[REPORT_ROW_HEADER, ...pad(header), reasonHeader], ...sorted.map((r) => [r.row, ...pad(r.cells), r.zh])] };
  const reasons: Record<string, number> = {};
  for (const r of sorted) reasons[r.code] = (reasons[r.code] ?? 0) + 1;
  return {
    total,
    accepted,
    rejected: sorted.length,
    reasons,
    rejectedRows: sorted.slice(0, INLINE_REJECTS),
    rejectedRowsComplete: sorted.length <= INLINE_REJECTS,
    rejectedFile: sorted.length === 0 ? null : await keep({ fileName: `${name}-未导入.xlsx`, contentType: XLSX_TYPE, extension: 'xlsx', data: writeWorkbook({ sheets: [sheet] }) }),
  };
}

const cellSchema = { type: ['string', 'number', 'boolean', 'null'] } as const;

/** JSON schema of {@link ImportReport}. */
export const importReportSchema = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    reasons: { type: 'object', additionalProperties: { type: 'integer' } },
    rejectedRows: {
      type: 'array',
      items: { type: 'object', properties: { row: { type: 'integer' }, code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, cells: { type: 'array', items: cellSchema } } },
    },
    rejectedRowsComplete: { type: 'boolean' },
    rejectedFile: { ...storedFileSchema, type: ['object', 'null'] },
  },
} as const;
