/**
 * Problems found in a script, each located where a marketer can find it: the sheet, the row and
 * column as the spreadsheet shows them (1-based row, letter column), and the JSON path into the
 * Template for edits that never saw a spreadsheet.
 */

export type IssueSeverity = 'error' | 'warning';

/** Stable codes: clients match on these, never on message text. */
export type IssueCode =
  // file and sheet shape
  | 'WORKBOOK_EMPTY'
  | 'SHEET_MISSING'
  | 'SHEET_EMPTY'
  | 'SHEET_UNKNOWN'
  | 'SHEET_TOO_LARGE'
  | 'HEADER_MISSING'
  | 'COLUMN_MISSING'
  | 'COLUMN_UNKNOWN'
  | 'COLUMN_DUPLICATE'
  | 'CELL_MERGED'
  | 'CELL_FORMULA'
  | 'CELL_NOT_TEXT'
  | 'CELL_INVALID'
  | 'SETTING_UNKNOWN'
  | 'SETTING_INVALID'
  // the script itself
  | 'FLOWS_EMPTY'
  | 'FLOW_NAME_MISSING'
  | 'FLOW_DUPLICATE'
  | 'FLOW_NO_TERMINATE'
  | 'FLOW_PROMPT_MISSING'
  | 'FLOW_JUMP_UNKNOWN'
  | 'FLOW_UNREACHABLE'
  | 'FLOW_LOOP_NO_EXIT'
  | 'FLOW_FALLS_OFF_END'
  | 'FLOW_TERMINATE_WITH_EXITS'
  | 'BRANCH_WORDS_MISSING'
  | 'BRANCH_TARGET_MISSING'
  | 'VARIABLE_UNKNOWN'
  | 'RECORDING_MISSING'
  | 'QUESTION_EMPTY'
  | 'QUESTION_ANSWER_MISSING'
  | 'QUESTION_DUPLICATE'
  | 'CORRECTION_INVALID'
  | 'CORRECTION_DUPLICATE'
  | 'GRADE_RULE_INVALID';

export interface TemplateIssue {
  readonly severity: IssueSeverity;
  readonly code: IssueCode;
  /** Sheet name as the workbook spells it (or the canonical name for templates never read from a file). */
  readonly sheet: string | null;
  /** 1-based row as the spreadsheet shows it. */
  readonly row: number | null;
  /** Column letter as the spreadsheet shows it ("A", "B", ...). */
  readonly column: string | null;
  /** The column's header, when the issue is about one cell. */
  readonly header: string | null;
  /** Where in the Template JSON, e.g. `flows[2].positiveJump`. */
  readonly path: string | null;
  readonly message: { readonly zh: string; readonly en: string };
}

export interface IssueLocation {
  sheet?: string | null;
  row?: number | null;
  column?: string | null;
  header?: string | null;
  path?: string | null;
}

export function issue(
  severity: IssueSeverity,
  code: IssueCode,
  where: IssueLocation,
  zh: string,
  en: string,
): TemplateIssue {
  return {
    severity,
    code,
    sheet: where.sheet ?? null,
    row: where.row ?? null,
    column: where.column ?? null,
    header: where.header ?? null,
    path: where.path ?? null,
    message: { zh, en },
  };
}

export function hasErrors(issues: readonly TemplateIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** "流程!C7" style, for CLIs and logs. */
export function formatLocation(i: TemplateIssue): string {
  const cell = `${i.column ?? ''}${i.row ?? ''}`;
  if (i.sheet && cell) return `${i.sheet}!${cell}`;
  if (i.sheet) return i.sheet;
  return i.path ?? '';
}
