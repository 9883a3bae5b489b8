// @ts-check
/**
 * Reads a whole spreadsheet file with SheetJS into plain cells (see `worker-reply.ts` for the
 * shape), for the parsing workers (read-worker.mjs, and rows-worker.mjs for anything that is not
 * a streamable .xlsx). Plain JavaScript because vitest and tsx do not transform worker files.
 *
 * Why a worker: xlsx 0.18.5 is the last SheetJS release on npm and has known
 * prototype-pollution (CVE-2023-30533) and ReDoS (CVE-2024-22363) bugs on crafted files.
 * Here any pollution stays in a realm that is thrown away after one file, and the main
 * thread terminates this thread at its deadline, so no file can hang the server.
 *
 * Why SheetJS directly rather than node-xlsx's `parse`: that wrapper lists sheets by
 * `Object.keys(workbook.Sheets)`, which puts sheets with numeric names ("1", "2023") ahead of
 * the rest, and expands each sheet's declared `!ref` (which a crafted file sets to a billion
 * cells) before we could look at it. `XLSX.read` is the same call it makes, with the same
 * options; node-xlsx is still what writes files.
 */
import XLSX from 'xlsx';
import { markRedCells } from './red-cells.mjs';
import { MAX_COL, MAX_ROW } from './grid.mjs';

/** @typedef {string | number | boolean | null} CellValue */
/** @typedef {{ startRow: number, startCol: number, endRow: number, endCol: number }} CellRange */
/** @typedef {{ name: string, rows: CellValue[][], merges: CellRange[], formulas: [number, number][], red: [number, number][] }} SheetOut */
/** @typedef {'NOT_A_SPREADSHEET' | 'FILE_CORRUPT' | 'FILE_ENCRYPTED' | 'FILE_TOO_LARGE'} FailureCode */


/** @type {import('xlsx').ParsingOptions} */
const READ_OPTIONS = {
  type: 'buffer',
  cellFormula: true, // keeps `.f` on formula cells so they can be reported
  cellText: false, // formatted text (`.w`) is never used and costs time per cell
  cellHTML: false,
  cellNF: false,
  cellStyles: false,
  cellDates: false, // dates stay serial numbers, as the engine expects
  sheetStubs: false,
  bookVBA: false,
};

class TooManyCells extends Error {}

/**
 * The whole file through SheetJS: `{ ok: true, sheets }` or `{ ok: false, code, reason }`.
 * @param {Uint8Array} bytes @param {number} maxCells
 */
export function readFile(bytes, maxCells) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let workbook;
  try {
    workbook = XLSX.read(buffer, READ_OPTIONS);
  } catch (error) {
    return { ok: false, code: classifyFailure(buffer, error), reason: reasonOf(error) };
  }
  let sheets;
  try {
    sheets = toSheets(workbook, maxCells);
  } catch (error) {
    const code = error instanceof TooManyCells ? 'FILE_TOO_LARGE' : 'FILE_CORRUPT';
    return { ok: false, code, reason: reasonOf(error) };
  }
  // Red font only for .xlsx (a ZIP). A legacy .xls keeps its fonts in BIFF records that
  // SheetJS CE does not tie to cells either, and reading them is not worth a BIFF parser
  // here: its sheets report no red cells. ODS and .xlsb have no xl/workbook.xml, so none either.
  if (buffer[0] === 0x50) markRedCells(buffer, sheets);
  return { ok: true, sheets };
}

/** @param {import('xlsx').WorkBook} workbook @param {number} maxCells @returns {SheetOut[]} */
function toSheets(workbook, maxCells) {
  let budget = maxCells;
  return workbook.SheetNames.map((name) => {
    // Own properties only: a sheet named "__proto__" must not read Object.prototype.
    const ws = Object.prototype.hasOwnProperty.call(workbook.Sheets, name) ? workbook.Sheets[name] : undefined;
    const sheet = readSheet(String(name), ws, budget);
    budget -= sheet.rows.length * (sheet.rows[0]?.length ?? 0);
    return sheet;
  });
}

/**
 * One sheet as rectangular rows from A1: row i is spreadsheet row i+1 (inner blank rows
 * kept), trailing empty rows and columns dropped. Walks the cells that exist instead of the
 * declared `!ref`, so the size is what the file holds, not what it claims.
 * @param {string} name @param {import('xlsx').WorkSheet | undefined} ws @param {number} budget
 * @returns {SheetOut}
 */
function readSheet(name, ws, budget) {
  /** @type {[number, number, CellValue][]} */
  const values = [];
  /** @type {[number, number][]} */
  const formulas = [];
  let lastRow = -1;
  let lastCol = -1;
  for (const key of ws ? Object.keys(ws) : []) {
    if (key.charCodeAt(0) === 33) continue; // "!ref", "!merges"…: sheet facts, not cells
    const cell = /** @type {import('xlsx').CellObject | undefined} */ (ws?.[key]);
    if (typeof cell !== 'object' || cell === null) continue;
    const { r, c } = XLSX.utils.decode_cell(key);
    if (!(r >= 0 && r <= MAX_ROW && c >= 0 && c <= MAX_COL)) continue;
    const value = cellValue(cell);
    const isFormula = typeof cell.f === 'string' && cell.f !== '';
    if (isFormula) formulas.push([r, c]);
    // A formula counts as content even when its cached value is empty, so every reported
    // formula lies inside `rows`.
    if (value === null && !isFormula) continue;
    if (value !== null) values.push([r, c, value]);
    if (r > lastRow) lastRow = r;
    if (c > lastCol) lastCol = c;
  }
  const height = lastRow + 1;
  const width = lastCol + 1;
  if (height * width > budget) throw new TooManyCells(`sheet "${name}" spans ${height} x ${width} cells`);
  const rows = Array.from({ length: height }, () => /** @type {CellValue[]} */ (new Array(width).fill(null)));
  for (const [r, c, value] of values) /** @type {CellValue[]} */ (rows[r])[c] = value;
  formulas.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { name, rows, merges: readMerges(ws?.['!merges'], height, width), formulas, red: [] };
}

/**
 * Strings as-is (but "" is empty), finite numbers, booleans; null for empty and for error
 * cells, whose `v` is an error code number (#N/A is 42) that must not pass for data.
 * @param {import('xlsx').CellObject} cell @returns {CellValue}
 */
function cellValue(cell) {
  if (cell.t === 'e') return null;
  const v = cell.v;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  return null;
}

/**
 * Merged ranges clipped to the trimmed sheet; a merge whose top-left cell (where its value
 * lives) was trimmed away covered only empty cells and is dropped.
 * @param {unknown} merges @param {number} height @param {number} width @returns {CellRange[]}
 */
function readMerges(merges, height, width) {
  if (!Array.isArray(merges)) return [];
  /** @type {CellRange[]} */
  const out = [];
  for (const m of merges) {
    const r0 = m?.s?.r, c0 = m?.s?.c, r1 = m?.e?.r, c1 = m?.e?.c;
    if (![r0, c0, r1, c1].every((n) => Number.isSafeInteger(n) && n >= 0)) continue;
    const startRow = Math.min(r0, r1), startCol = Math.min(c0, c1);
    if (startRow >= height || startCol >= width) continue;
    out.push({ startRow, startCol, endRow: Math.min(Math.max(r0, r1), height - 1), endCol: Math.min(Math.max(c0, c1), width - 1) });
  }
  return out;
}



/**
 * Why SheetJS refused the file, judged from the container's structure where possible
 * (SheetJS says "Unsupported ZIP file" both for a Word document and for a damaged workbook).
 * @param {Buffer} buffer @param {unknown} error @returns {FailureCode}
 */
function classifyFailure(buffer, error) {
  const fromStructure = inspectContainer(buffer);
  if (fromStructure !== undefined) return fromStructure;
  // The container itself would not open. The one encrypted case that looks like this is a
  // ZIP with password-protected entries, which only SheetJS's message reveals.
  return /password|encrypt/i.test(reasonOf(error)) ? 'FILE_ENCRYPTED' : 'FILE_CORRUPT';
}

/** @param {Buffer} buffer @returns {FailureCode | undefined} */
function inspectContainer(buffer) {
  let container;
  try {
    container = XLSX.CFB.read(buffer, { type: 'buffer' });
  } catch {
    return undefined;
  }
  const paths = /** @type {string[]} */ (container.FullPaths).map((p) => p.toLowerCase());
  if (buffer[0] === 0x50) {
    // ZIP: an Office Open XML workbook keeps its parts under xl/ (ODS would have content.xml).
    return paths.some((p) => p.includes('/xl/')) ? 'FILE_CORRUPT' : 'NOT_A_SPREADSHEET';
  }
  // OLE2: an encrypted .xlsx is an OLE2 wrapper around an EncryptedPackage stream.
  if (paths.some((p) => /\/(encryptedpackage|encryptioninfo|encryption)$/.test(p))) return 'FILE_ENCRYPTED';
  const stream = XLSX.CFB.find(container, 'Workbook') ?? XLSX.CFB.find(container, 'Book');
  if (!stream) return 'NOT_A_SPREADSHEET'; // e.g. a Word .doc
  return hasFilePass(stream.content) ? 'FILE_ENCRYPTED' : 'FILE_CORRUPT';
}

/**
 * Whether a BIFF workbook stream starts with a FilePass record (0x002F), which is how a
 * password-protected .xls says so: it follows the BOF record at the very start.
 * @param {ArrayLike<number> | undefined} content @returns {boolean}
 */
function hasFilePass(content) {
  if (!content) return false;
  let at = 0;
  for (let record = 0; record < 4 && at + 4 <= content.length; record++) {
    const type = (content[at] ?? 0) | ((content[at + 1] ?? 0) << 8);
    const length = (content[at + 2] ?? 0) | ((content[at + 3] ?? 0) << 8);
    if (type === 0x002f) return true;
    at += 4 + length;
  }
  return false;
}

/** @param {unknown} error @returns {string} */
function reasonOf(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 300);
}
