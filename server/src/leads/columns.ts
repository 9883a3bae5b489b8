/**
 * The lead spreadsheet's columns: the downloadable template (姓名, 电话, then the enterprise's
 * lead custom fields, and a `#` note row), and recognizing the header row of an uploaded file.
 */
import { columnLetter } from '@waihu/engine';
import type { CellValue, Sheet, Workbook } from '@waihu/engine';
import type { FieldDef } from './fields.js';

export const NAME_HEADER = '姓名';
export const PHONE_HEADER = '电话';

/** Header words people use, compared after {@link headerKey}. */
const NAME_ALIASES = ['姓名', 'name', '客户姓名', '客户名称', '名字', '联系人'];
const PHONE_ALIASES = ['电话', '手机', '手机号', '手机号码', '电话号码', '联系电话', '号码', 'phone', 'mobile', 'tel', 'telephone', 'phonenumber'];
/**
 * Columns our own exports and reject reports add: known, so re-importing one of those files
 * (after fixing the rejected rows) warns about nothing, and never imported.
 */
export const IGNORED_HEADERS = ['批次', '导入批次', '等级', '状态', '导入时间', '创建时间', '行号', '原因', 'batch', 'grade', 'status', 'createdat', 'row', 'reason'];

/** Compares headers loosely: case, spaces, a required-mark `*` and `(必填)` do not matter. */
export function headerKey(value: CellValue): string {
  if (value === null) return '';
  return String(value).normalize('NFKC').replace(/\s+/g, '').replace(/\(必填\)$|\*$/, '').replace(/^\*/, '').toLowerCase();
}

const NAME_KEYS = new Set(NAME_ALIASES.map(headerKey));
const PHONE_KEYS = new Set(PHONE_ALIASES.map(headerKey));
const IGNORED_KEYS = new Set(IGNORED_HEADERS.map(headerKey));

const NOTE = '# 填写说明（以 # 开头的行不会导入）：每行一条线索，电话必填。手机填 11 位，可带 +86；座机带区号，如 010-62345678、0755-2345678，不支持分机号；'
  + '也可填 400/800 号码。同一文件内重复的号码、已在数据列表中的号码和黑名单号码不会导入，导入后可下载未导入的行及原因。';

function fieldNote(def: FieldDef): string {
  const parts: string[] = [];
  if (def.required) parts.push('必填');
  if (def.type === 'number') parts.push('数字');
  if (def.type === 'date') parts.push('日期，如 2026-01-31');
  if (def.type === 'phone') parts.push('电话号码');
  if (def.type === 'select' && def.options.length) parts.push(`可选：${def.options.join('、')}`);
  if (def.type === 'multiselect' && def.options.length) parts.push(`可多选，用、隔开：${def.options.join('、')}`);
  return parts.length ? `${def.label}：${parts.join('，')}` : '';
}

/** The blank lead template of an enterprise: the header row, then the note row. */
export function leadTemplate(defs: readonly FieldDef[]): Workbook {
  const header: CellValue[] = [NAME_HEADER, PHONE_HEADER, ...defs.map((d) => d.label)];
  const notes = defs.map(fieldNote).filter((n) => n !== '');
  const note: CellValue[] = [notes.length ? `${NOTE}自定义字段 — ${notes.join('；')}。` : NOTE, ...header.slice(1).map(() => null)];
  return { sheets: [{ name: '数据列表', rows: [header, note] }] };
}

/** Where each known column of an uploaded sheet is (0-based), with located warnings. */
export interface Layout {
  readonly sheetName: string;
  /** 0-based row of the header. */
  readonly headerRow: number;
  /** The header row's cells as read. */
  readonly header: readonly CellValue[];
  readonly phoneCol: number;
  readonly nameCol: number | null;
  readonly fieldCols: readonly { readonly col: number; readonly def: FieldDef }[];
  readonly warnings: readonly LayoutIssue[];
}

/** A located problem with the file's layout; `row` is 1-based as spreadsheets show it. */
export interface LayoutIssue {
  readonly code: 'COLUMN_UNKNOWN' | 'COLUMN_DUPLICATE' | 'PHONE_COLUMN_MISSING' | 'REQUIRED_COLUMN_MISSING' | 'FILE_NO_ROWS';
  readonly sheet: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly zh: string;
  readonly en: string;
}

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; issues: LayoutIssue[] };

/**
 * A spreadsheet row written as a note: its first filled cell starts with `#`, or is in red
 * font (`red`: the row's 0-based columns in red, as the row reader gives them).
 */
export function isInstructionRow(cells: readonly CellValue[], red: readonly number[] | undefined): boolean {
  const col = cells.findIndex((c) => c !== null && c !== '');
  if (col < 0) return false;
  const first = cells[col];
  return (typeof first === 'string' && /^\s*[#＃]/.test(first)) || (red !== undefined && red.includes(col));
}

/** {@link isInstructionRow} for the rows of a whole sheet (0-based row numbers). */
export function instructionRowsOf(sheet: Sheet): (row: number, cells: readonly CellValue[]) => boolean {
  const red = redColumnsOf(sheet);
  return (row, cells) => isInstructionRow(cells, red.get(row));
}

/** A sheet's red cells as 0-based row -> columns. */
export function redColumnsOf(sheet: Sheet): Map<number, number[]> {
  const red = new Map<number, number[]>();
  for (const [r, c] of sheet.red ?? []) {
    const list = red.get(r);
    if (list) list.push(c);
    else red.set(r, [c]);
  }
  return red;
}

export const isBlankRow = (cells: readonly CellValue[]): boolean => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** How far down a sheet the header may be: a title row or two above it are common. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Looks for a sheet's header one row at a time, so a streamed file is read only until it is
 * found: the first of the sheet's first real rows (not blank, not a note) that names a phone
 * column. Only the first real row is kept, for the message when there is no header.
 */
export class HeaderSearch {
  /** 0-based row and cells of the first real row, where the header should have been. */
  firstReal: { readonly row: number; readonly cells: readonly CellValue[] } | null = null;
  private seen = 0;

  /**
   * `header` when this row (0-based `row`) is the header, `more` to go on, `gave-up` when the
   * first real rows had none (this row was not looked at).
   */
  feed(row: number, cells: readonly CellValue[], red: readonly number[] | undefined): 'header' | 'more' | 'gave-up' {
    if (this.seen >= HEADER_SEARCH_ROWS) return 'gave-up';
    if (isBlankRow(cells) || isInstructionRow(cells, red)) return 'more';
    this.firstReal ??= { row, cells };
    this.seen++;
    return cells.some((c) => PHONE_KEYS.has(headerKey(c))) ? 'header' : 'more';
  }

  /** The issue for a sheet where this search found no header; null when the sheet had no real rows. */
  issue(sheet: string): LayoutIssue | null {
    if (this.firstReal === null) return null;
    const { row, cells } = this.firstReal;
    const shown = cells.filter((c) => c !== null).map(String).slice(0, 10).join('、');
    return {
      code: 'PHONE_COLUMN_MISSING', sheet, row: row + 1, column: null,
      zh: `工作表“${sheet}”第 ${row + 1} 行应是表头，但没有“电话”列（找到：${shown}）。请使用下载的导入模板。`,
      en: `sheet "${sheet}", row ${row + 1} should be the header but there is no phone column (电话); found: ${shown}. Use the downloadable template.`,
    };
  }
}

/** The issue when no sheet has any real row. */
export function noRowsIssue(firstSheet: string): LayoutIssue {
  return { code: 'FILE_NO_ROWS', sheet: firstSheet, row: null, column: null, zh: '文件里没有任何数据', en: 'the file has no rows' };
}

/** Maps the header row (0-based `headerRow` of `sheetName`) to columns; refused, located, when a required field has no column. */
export function layoutOf(sheetName: string, headerRow: number, header: readonly CellValue[], defs: readonly FieldDef[]): LayoutResult {
  const fieldKeys = new Map<string, FieldDef>();
  for (const d of defs) {
    fieldKeys.set(headerKey(d.key), d);
    fieldKeys.set(headerKey(d.label), d);
  }
  const found = header.map(headerKey);
  const phoneCols = found.flatMap((k, i) => (PHONE_KEYS.has(k) ? [i] : []));
  const warnings: LayoutIssue[] = [];
  const at = (col: number): Pick<LayoutIssue, 'sheet' | 'row' | 'column'> => ({ sheet: sheetName, row: headerRow + 1, column: columnLetter(col) });
  const taken = new Set<string>();
  let nameCol: number | null = null;
  const fieldCols: { col: number; def: FieldDef }[] = [];
  found.forEach((k, col) => {
    if (k === '') return;
    const what = PHONE_KEYS.has(k) ? 'phone' : NAME_KEYS.has(k) ? 'name' : fieldKeys.get(k)?.key ?? (IGNORED_KEYS.has(k) ? null : undefined);
    if (what === null) return;
    if (what === undefined) {
      warnings.push({ code: 'COLUMN_UNKNOWN', ...at(col), zh: `“${String(header[col])}”列不是姓名、电话或自定义字段，未导入`, en: `column "${String(header[col])}" is neither name, phone nor a custom field: not imported` });
      return;
    }
    if (taken.has(what)) {
      warnings.push({ code: 'COLUMN_DUPLICATE', ...at(col), zh: `“${String(header[col])}”列重复，只导入第一列`, en: `column "${String(header[col])}" appears again: only the first one is imported` });
      return;
    }
    taken.add(what);
    if (what === 'name') nameCol = col;
    else if (what !== 'phone') fieldCols.push({ col, def: fieldKeys.get(k)! });
  });
  const missing = defs.filter((d) => d.required && !taken.has(d.key));
  if (missing.length > 0) {
    const labels = missing.map((d) => d.label).join('、');
    return {
      ok: false,
      issues: [{
        code: 'REQUIRED_COLUMN_MISSING', sheet: sheetName, row: headerRow + 1, column: null,
        zh: `缺少必填字段的列：${labels}。请使用下载的导入模板。`, en: `required custom field column(s) missing: ${labels}. Use the downloadable template.`,
      }],
    };
  }
  return { ok: true, layout: { sheetName, headerRow, header, phoneCol: phoneCols[0]!, nameCol, fieldCols, warnings } };
}

/**
 * Finds the sheet and header row to import in a whole workbook: the first sheet with a row
 * naming a phone column among its first real rows. Refused, located, when no sheet has one.
 * The import reads files row by row (import.ts) with the same {@link HeaderSearch} and
 * {@link layoutOf}; this form is for sheets already in memory.
 */
export function findLayout(wb: Workbook, defs: readonly FieldDef[]): { ok: true; layout: Layout & { readonly sheet: Sheet } } | { ok: false; issues: LayoutIssue[] } {
  const issues: LayoutIssue[] = [];
  for (const sheet of wb.sheets) {
    const search = new HeaderSearch();
    const red = redColumnsOf(sheet);
    let header = -1;
    for (let r = 0; r < sheet.rows.length; r++) {
      const step = search.feed(r, sheet.rows[r]!, red.get(r));
      if (step === 'header') header = r;
      if (step !== 'more') break;
    }
    if (header < 0) {
      const issue = search.issue(sheet.name);
      if (issue) issues.push(issue);
      continue;
    }
    const found = layoutOf(sheet.name, header, sheet.rows[header]!, defs);
    return found.ok ? { ok: true, layout: { ...found.layout, sheet } } : found;
  }
  if (issues.length === 0) issues.push(noRowsIssue(wb.sheets[0]?.name ?? ''));
  return { ok: false, issues };
}
