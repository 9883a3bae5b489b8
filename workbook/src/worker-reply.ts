import type { CellRange, CellValue, Sheet, Workbook } from './types.js';

/** The codes the parsing worker may answer with; the rest are decided before it starts. */
export type WorkerFailureCode = 'NOT_A_SPREADSHEET' | 'FILE_CORRUPT' | 'FILE_ENCRYPTED' | 'FILE_TOO_LARGE';

/** What the worker's answer means, once checked. */
export type WorkerOutcome =
  | { readonly ok: true; readonly workbook: Workbook }
  | { readonly ok: false; readonly code: WorkerFailureCode; readonly reason: string };

const FAILURE_CODES: ReadonlySet<string> = new Set<WorkerFailureCode>([
  'NOT_A_SPREADSHEET', 'FILE_CORRUPT', 'FILE_ENCRYPTED', 'FILE_TOO_LARGE',
]);

/**
 * Checks the worker's answer, or returns `undefined` if it is not the shape
 * `read-worker.mjs` sends. Why check our own worker: it ran a parser with known
 * prototype-pollution bugs over a hostile file, so its realm may be bent; structured cloning
 * already stripped prototypes, and this makes sure only plain cells cross into ours.
 */
export function readWorkerReply(data: unknown): WorkerOutcome | undefined {
  if (!isRecord(data)) return undefined;
  if (data.ok === false) {
    if (typeof data.code !== 'string' || !FAILURE_CODES.has(data.code)) return undefined;
    const reason = typeof data.reason === 'string' ? data.reason : '';
    return { ok: false, code: data.code as WorkerFailureCode, reason };
  }
  if (data.ok !== true || !Array.isArray(data.sheets)) return undefined;
  const sheets: Sheet[] = [];
  for (const sheet of data.sheets) {
    const checked = checkSheet(sheet);
    if (checked === undefined) return undefined;
    sheets.push(checked);
  }
  return { ok: true, workbook: { sheets } };
}

function checkSheet(sheet: unknown): Sheet | undefined {
  if (!isRecord(sheet) || typeof sheet.name !== 'string') return undefined;
  const { rows, merges, formulas, red } = sheet;
  if (!Array.isArray(rows) || !rows.every(isRow)) return undefined;
  if (!Array.isArray(merges) || !merges.every(isRange)) return undefined;
  if (!Array.isArray(formulas) || !formulas.every(isCoordinate)) return undefined;
  if (!Array.isArray(red) || !red.every(isCoordinate)) return undefined;
  return {
    name: sheet.name,
    rows: rows as CellValue[][],
    merges: merges as CellRange[],
    formulas: formulas as [number, number][],
    // Only when there are some: most files have none, and a Sheet without the key reads the
    // same to the engine (which takes a missing list as empty).
    ...(red.length > 0 ? { red: red as [number, number][] } : {}),
  };
}

function isRow(row: unknown): boolean {
  return Array.isArray(row) && row.every(isCellValue);
}

function isCellValue(value: unknown): value is CellValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean'
    || (typeof value === 'number' && Number.isFinite(value));
}

function isRange(range: unknown): boolean {
  return isRecord(range)
    && isIndex(range.startRow) && isIndex(range.startCol) && isIndex(range.endRow) && isIndex(range.endCol);
}

function isCoordinate(at: unknown): boolean {
  return Array.isArray(at) && at.length === 2 && isIndex(at[0]) && isIndex(at[1]);
}

function isIndex(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
