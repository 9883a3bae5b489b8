/**
 * The part of a lead import that needs no database: every row of the sheet either becomes a
 * candidate lead (normalized phone, name, checked custom fields) or a rejected row with its
 * reason. Duplicates within the file are rejected here; duplicates of existing leads and
 * blacklisted numbers need the database (see import.ts).
 */
import type { CellValue, Sheet } from '@waihu/engine';
import type { Layout } from './columns.js';
import { isBlankRow, isInstructionRow, redColumnsOf } from './columns.js';
import { checkField } from './fields.js';
import { FirstRows } from './first-rows.js';
import type { FieldValue } from './fields.js';
import { normalizePhone } from './phone.js';
import type { PhoneRejectCode } from './phone.js';

/** Longest name kept. */
export const NAME_MAX = 100;

/** Why a row was not imported. Stable: clients and reports branch on these. */
export type RejectCode =
  | PhoneRejectCode
  | 'DUPLICATE_IN_FILE'
  | 'DUPLICATE_EXISTING'
  | 'BLACKLISTED'
  | 'NAME_TOO_LONG'
  | 'FIELD_REQUIRED'
  | 'FIELD_INVALID';

/** A row that was not imported: where it was, its cells as read, and why. */
export interface RejectedRow {
  /** 1-based spreadsheet row. */
  readonly row: number;
  readonly code: RejectCode;
  /** Reason texts for this row (a duplicate names the first row, a field its label). */
  readonly zh: string;
  readonly en: string;
  readonly cells: readonly CellValue[];
}

/** A row that passed the file-level checks. */
export interface Candidate {
  readonly row: number;
  readonly name: string;
  readonly phone: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

export interface Plan {
  /** Data rows (blank and note rows are not counted). */
  readonly total: number;
  readonly candidates: Candidate[];
  readonly rejected: RejectedRow[];
}

const TEXTS: Partial<Record<RejectCode, { zh: string; en: string }>> = {
  DUPLICATE_EXISTING: { zh: '号码已在数据列表中', en: 'the number is already a lead' },
  BLACKLISTED: { zh: '号码在黑名单中', en: 'the number is blacklisted' },
  NAME_TOO_LONG: { zh: `姓名超过 ${NAME_MAX} 个字符`, en: `the name is longer than ${NAME_MAX} characters` },
};

/** A rejected row for a reason that needs no detail. */
export function rejectRow(row: number, cells: readonly CellValue[], code: 'DUPLICATE_EXISTING' | 'BLACKLISTED' | 'NAME_TOO_LONG'): RejectedRow {
  return { row, code, ...TEXTS[code]!, cells };
}

function nameOf(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell).replace(/\s+/g, ' ').trim();
}

/**
 * Plans rows one at a time, in file order, as a streamed import reads them: each data row
 * becomes a candidate or a rejected row. Holds only what the in-file duplicate check needs:
 * each accepted number with the row it was first seen on.
 */
export class RowPlanner {
  /** Data rows so far (blank and note rows are not counted). */
  total = 0;
  private readonly firstRowOf = new FirstRows();

  constructor(private readonly layout: Layout) {}

  /**
   * The plan for one row below the header (`row` 1-based; `red`: its columns in red font):
   * null for a blank or note row.
   */
  plan(row: number, cells: readonly CellValue[], red?: readonly number[]): Candidate | RejectedRow | null {
    const { phoneCol, nameCol, fieldCols } = this.layout;
    if (isBlankRow(cells) || isInstructionRow(cells, red)) return null;
    this.total++;
    const phone = normalizePhone((cells[phoneCol] ?? null) as string | number | null);
    if (!phone.ok) return { row, ...phone.reason, cells };
    const name = nameCol === null ? '' : nameOf(cells[nameCol]);
    if (name.length > NAME_MAX) return rejectRow(row, cells, 'NAME_TOO_LONG');
    const fields: Record<string, FieldValue> = {};
    for (const { col, def } of fieldCols) {
      const v = checkField(def, cells[col] ?? null);
      if (!v.ok) return { row, code: v.code, zh: v.zh, en: v.en, cells };
      if (v.value !== null) fields[def.key] = v.value;
    }
    const first = this.firstRowOf.get(phone.phone);
    if (first !== undefined) return { row, code: 'DUPLICATE_IN_FILE', zh: `与第 ${first} 行号码重复`, en: `same number as row ${first}`, cells };
    this.firstRowOf.set(phone.phone, row);
    return { row, name, phone: phone.phone, fields };
  }
}

/** Whether a plan is a rejected row. */
export const isRejected = (p: Candidate | RejectedRow): p is RejectedRow => 'code' in p;

/** Plans every data row below the header of a sheet in memory (see {@link RowPlanner}). */
export function planRows(layout: Layout & { readonly sheet: Sheet }): Plan {
  const { sheet, headerRow } = layout;
  const red = redColumnsOf(sheet);
  const planner = new RowPlanner(layout);
  const candidates: Candidate[] = [];
  const rejected: RejectedRow[] = [];
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const p = planner.plan(r + 1, sheet.rows[r]!, red.get(r));
    if (p === null) continue;
    if (isRejected(p)) rejected.push(p);
    else candidates.push(p);
  }
  return { total: planner.total, candidates, rejected };
}
