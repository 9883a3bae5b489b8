/**
 * Reads one sheet as a table: finds the header row, maps headers to columns (Chinese names,
 * English aliases, numbered branch pairs), skips instruction rows, and reports anything odd
 * with its cell.
 */
import type { ColumnSpec, SheetSpec } from './layout.js';
import { BRANCH_TARGET_HEADER, BRANCH_WORDS_HEADER, headerKey } from './layout.js';
import type { TemplateIssue } from './issues.js';
import { issue } from './issues.js';
import type { CellValue, Sheet } from './workbook.js';
import { columnLetter } from './workbook.js';

/** Beyond this many rows a sheet is rejected rather than read: no script needs it, and it bounds work. */
export const MAX_SHEET_ROWS = 20_000;
/** The header must appear within the first rows (titles and instructions may stand above it). */
const HEADER_SEARCH_ROWS = 30;

export interface TableColumn {
  readonly key: string;
  readonly index: number;
  readonly header: string;
}

export interface DataRow {
  /** 1-based spreadsheet row. */
  readonly row: number;
  readonly cells: readonly CellValue[];
}

export interface Table {
  readonly sheet: Sheet;
  readonly columns: ReadonlyMap<string, TableColumn>;
  /** Branch pair numbers present, ascending. */
  readonly branchPairs: readonly number[];
  readonly rows: readonly DataRow[];
}

export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v.trim() : String(v);
}

/**
 * Instruction rows: a leading `#` (our blank template's notes, and marketers' own remarks), or
 * a first filled cell in red font (how the seeds' templates mark them).
 */
function isInstruction(cells: readonly CellValue[], red: ReadonlySet<number> | null = null): boolean {
  const at = cells.findIndex((c) => cellText(c) !== '');
  if (at < 0) return false;
  return cellText(cells[at]).startsWith('#') || (red !== null && red.has(at));
}

/** Red cells by row: row → set of columns. */
function redByRow(sheet: Sheet): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const [r, c] of sheet.red ?? []) {
    let cols = out.get(r);
    if (!cols) out.set(r, (cols = new Set()));
    cols.add(c);
  }
  return out;
}

const isBlank = (cells: readonly CellValue[]): boolean => cells.every((c) => cellText(c) === '');

function matchColumn(spec: SheetSpec, text: string): { key: string; pair?: number } | null {
  const k = headerKey(text);
  if (k === '') return null;
  const found = spec.columns.find((c: ColumnSpec) => headerKey(c.zh) === k || c.aliases.some((a) => headerKey(a) === k));
  if (found) return { key: found.key };
  if (spec.key === 'flows') {
    const w = BRANCH_WORDS_HEADER.exec(k);
    if (w) return { key: `branch${Number(w[1] ?? w[2])}.words`, pair: Number(w[1] ?? w[2]) };
    const t = BRANCH_TARGET_HEADER.exec(k);
    if (t) return { key: `branch${Number(t[1] ?? t[2])}.target`, pair: Number(t[1] ?? t[2]) };
  }
  return null;
}

/** The first row (near the top) that names a required column is the header. */
function findHeader(sheet: Sheet, spec: SheetSpec, red: ReadonlyMap<number, ReadonlySet<number>>): number {
  const required = spec.columns.filter((c) => c.required).map((c) => c.key);
  const limit = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const cells = sheet.rows[r] ?? [];
    if (isInstruction(cells, red.get(r) ?? null)) continue;
    if (cells.some((c) => { const m = matchColumn(spec, cellText(c)); return m !== null && required.includes(m.key); })) return r;
  }
  return -1;
}

export function readTable(sheet: Sheet, spec: SheetSpec, issues: TemplateIssue[]): Table | null {
  const at = { sheet: sheet.name };
  if (sheet.rows.length > MAX_SHEET_ROWS) {
    issues.push(issue('error', 'SHEET_TOO_LARGE', at,
      `“${sheet.name}”有 ${sheet.rows.length} 行，超过上限 ${MAX_SHEET_ROWS} 行`,
      `sheet "${sheet.name}" has ${sheet.rows.length} rows; the limit is ${MAX_SHEET_ROWS}`));
    return null;
  }
  if (sheet.rows.every(isBlank)) {
    issues.push(issue(spec.required ? 'error' : 'warning', 'SHEET_EMPTY', at,
      `“${sheet.name}”是空的`, `sheet "${sheet.name}" is empty`));
    return null;
  }
  const red = redByRow(sheet);
  const headerRow = findHeader(sheet, spec, red);
  if (headerRow < 0) {
    const names = spec.columns.filter((c) => c.required).map((c) => c.zh).join('、');
    issues.push(issue('error', 'HEADER_MISSING', at,
      `“${sheet.name}”找不到表头：前 ${HEADER_SEARCH_ROWS} 行里没有“${names}”列`,
      `sheet "${sheet.name}": no header row naming ${spec.columns.filter((c) => c.required).map((c) => c.aliases.at(-1) ?? c.key).join(', ')} in the first ${HEADER_SEARCH_ROWS} rows`));
    return null;
  }

  const columns = new Map<string, TableColumn>();
  const pairs = new Set<number>();
  (sheet.rows[headerRow] ?? []).forEach((cell, index) => {
    const header = cellText(cell);
    if (header === '') return;
    const where = { ...at, row: headerRow + 1, column: columnLetter(index), header };
    const m = matchColumn(spec, header);
    if (!m) {
      issues.push(issue('warning', 'COLUMN_UNKNOWN', where,
        `不认识的列“${header}”，已忽略`, `unknown column "${header}" ignored`));
      return;
    }
    const prior = columns.get(m.key);
    if (prior) {
      issues.push(issue('error', 'COLUMN_DUPLICATE', where,
        `列“${header}”与 ${prior.header}（${columnLetter(prior.index)} 列）重复`,
        `column "${header}" repeats column ${columnLetter(prior.index)} ("${prior.header}")`));
      return;
    }
    columns.set(m.key, { key: m.key, index, header });
    if (m.pair !== undefined) pairs.add(m.pair);
  });
  for (const c of spec.columns) {
    if (c.required && !columns.has(c.key)) {
      issues.push(issue('error', 'COLUMN_MISSING', { ...at, row: headerRow + 1 },
        `缺少必需的列“${c.zh}”`, `required column "${c.zh}" (${c.aliases.at(-1) ?? c.key}) is missing`));
    }
  }
  if (spec.columns.some((c) => c.required && !columns.has(c.key))) return null;

  const rows: DataRow[] = [];
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r] ?? [];
    if (isBlank(cells) || isInstruction(cells, red.get(r) ?? null)) continue;
    rows.push({ row: r + 1, cells });
  }
  reportMergesAndFormulas(sheet, headerRow, issues);
  return { sheet, columns, branchPairs: [...pairs].sort((a, b) => a - b), rows };
}

function reportMergesAndFormulas(sheet: Sheet, headerRow: number, issues: TemplateIssue[]): void {
  for (const m of sheet.merges ?? []) {
    if (m.endRow <= headerRow) continue;
    const range = `${columnLetter(m.startCol)}${m.startRow + 1}:${columnLetter(m.endCol)}${m.endRow + 1}`;
    issues.push(issue('warning', 'CELL_MERGED', { sheet: sheet.name, row: m.startRow + 1, column: columnLetter(m.startCol) },
      `合并单元格 ${range}：只读取左上角的值，其余格按空白处理，请取消合并`,
      `merged cells ${range}: only the top-left value is read, the rest count as empty; unmerge them`));
  }
  for (const [r, c] of sheet.formulas ?? []) {
    if (r <= headerRow) continue;
    issues.push(issue('warning', 'CELL_FORMULA', { sheet: sheet.name, row: r + 1, column: columnLetter(c) },
      '这一格是公式：已读取它上次计算的结果，建议改成文字',
      'this cell holds a formula: its last computed value was read; prefer plain text'));
  }
}

/** Reads typed cells of one data row, reporting problems at the cell. */
export class RowReader {
  constructor(
    private readonly table: Table,
    private readonly row: DataRow,
    private readonly issues: TemplateIssue[],
  ) {}

  private where(key: string): { sheet: string; row: number; column: string | null; header: string | null } {
    const c = this.table.columns.get(key);
    return { sheet: this.table.sheet.name, row: this.row.row, column: c ? columnLetter(c.index) : null, header: c?.header ?? null };
  }

  private raw(key: string): CellValue | undefined {
    const c = this.table.columns.get(key);
    return c === undefined ? undefined : this.row.cells[c.index];
  }

  text(key: string): string {
    const v = this.raw(key);
    if (typeof v === 'number' && !Number.isInteger(v)) {
      this.issues.push(issue('warning', 'CELL_NOT_TEXT', this.where(key),
        `这里应是文字，却是数字 ${v}（可能是日期或计算结果），已按文字“${String(v)}”读取`,
        `expected text but found the number ${v}; read as "${String(v)}"`));
    } else if (typeof v === 'boolean') {
      this.issues.push(issue('warning', 'CELL_NOT_TEXT', this.where(key),
        `这里应是文字，却是逻辑值 ${v ? 'TRUE' : 'FALSE'}`, `expected text but found a boolean`));
    }
    return cellText(v);
  }

  /** The cell as text, whatever its type (for free-form values such as settings). */
  plain(key: string): string {
    return cellText(this.raw(key));
  }

  /** Items separated by 、 ， , ; ； | or new lines. */
  list(key: string): string[] {
    return splitList(this.text(key));
  }

  /** 是/否 and friends; `null` when empty. */
  bool(key: string): boolean | null {
    const v = this.raw(key);
    if (typeof v === 'boolean') return v;
    const t = cellText(v).toLowerCase();
    if (t === '') return null;
    if (TRUE_WORDS.has(t)) return true;
    if (FALSE_WORDS.has(t)) return false;
    this.issues.push(issue('error', 'CELL_INVALID', this.where(key),
      `“${t}”不是 是 或 否`, `"${t}" is not yes or no (是/否)`));
    return null;
  }

  /** Seconds in the sheet, milliseconds in the Template; `null` when empty. */
  seconds(key: string, min: number, max: number): number | null {
    const v = this.raw(key);
    const t = cellText(v);
    if (t === '') return null;
    const n = typeof v === 'number' ? v : Number(t.normalize('NFKC').replace(/秒|s$/i, ''));
    if (!Number.isFinite(n) || n < min || n > max) {
      this.issues.push(issue('error', 'CELL_INVALID', this.where(key),
        `“${t}”不是 ${min}–${max} 之间的秒数`, `"${t}" is not a number of seconds from ${min} to ${max}`));
      return null;
    }
    return Math.round(n * 1000);
  }

  /** One of the given words (Chinese or English) mapped to its value; `null` when empty. */
  choice<T extends string>(key: string, words: Readonly<Record<string, T>>): T | null {
    const t = cellText(this.raw(key)).toLowerCase();
    if (t === '') return null;
    const hit = words[t];
    if (hit !== undefined) return hit;
    const allowed = [...new Set(Object.keys(words))].join('、');
    this.issues.push(issue('error', 'CELL_INVALID', this.where(key),
      `“${t}”不是可选的值（${allowed}）`, `"${t}" is not one of: ${allowed}`));
    return null;
  }

  get rowNumber(): number {
    return this.row.row;
  }
}

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '对', 'on']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '不', 'off']);

export function splitList(text: string): string[] {
  return text.split(/[、，,;；|｜\n\r]+/).map((s) => s.trim()).filter((s) => s !== '');
}
