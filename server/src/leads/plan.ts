/**
 * The part of a lead import that needs no database: every row of the sheet either becomes a
 * candidate lead (normalized phone, name, checked custom fields) or a rejected row with its
 * reason. Duplicates within the file are rejected here; duplicates of existing leads and
 * blacklisted numbers need the database (see import.ts).
 */
import type { CellValue } from '@waihu/engine';
import type { Layout } from './columns.js';
import { instructionRowsOf, isBlankRow } from './columns.js';
import { checkField } from './fields.js';
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

/** Reads every data row below the header; rejected rows keep their original cells for the report. */
export function planRows(layout: Layout): Plan {
  const { sheet, headerRow, phoneCol, nameCol, fieldCols } = layout;
  const instruction = instructionRowsOf(sheet);
  const firstRowOf = new Map<string, number>();
  const candidates: Candidate[] = [];
  const rejected: RejectedRow[] = [];
  let total = 0;
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r]!;
    if (isBlankRow(cells) || instruction(r, cells)) continue;
    total++;
    const row = r + 1;
    const phone = normalizePhone(cells[phoneCol] as string | number | null);
    if (!phone.ok) {
      rejected.push({ row, ...phone.reason, cells });
      continue;
    }
    const name = nameCol === null ? '' : nameOf(cells[nameCol]);
    if (name.length > NAME_MAX) {
      rejected.push(rejectRow(row, cells, 'NAME_TOO_LONG'));
      continue;
    }
    const fields: Record<string, FieldValue> = {};
    let bad: RejectedRow | null = null;
    for (const { col, def } of fieldCols) {
      const v = checkField(def, cells[col] ?? null);
      if (!v.ok) {
        bad = { row, code: v.code, zh: v.zh, en: v.en, cells };
        break;
      }
      if (v.value !== null) fields[def.key] = v.value;
    }
    if (bad) {
      rejected.push(bad);
      continue;
    }
    const first = firstRowOf.get(phone.phone);
    if (first !== undefined) {
      rejected.push({ row, code: 'DUPLICATE_IN_FILE', zh: `与第 ${first} 行号码重复`, en: `same number as row ${first}`, cells });
      continue;
    }
    firstRowOf.set(phone.phone, row);
    candidates.push({ row, name, phone: phone.phone, fields });
  }
  return { total, candidates, rejected };
}
