/**
 * Where each part of a Template came from in its spreadsheet, so validation can name the cell.
 * Templates built or edited without a file get the locations their exported sheet would have.
 */
import type { SheetKey } from './layout.js';
import { FLOW_SHEET, GRADE_SHEET, CORRECTION_SHEET, QUESTION_SHEET, SETTINGS_SHEET, branchHeaders, MIN_BRANCH_COLUMNS } from './layout.js';
import type { SettingKey } from './settings.js';
import { SETTING_SPECS } from './settings.js';
import type { Template } from './types.js';
import { columnLetter } from './workbook.js';

export interface SheetSource {
  /** The sheet's name as the workbook spells it. */
  readonly name: string;
  /** Column key (`name`, `branch2.target`, ...) to header text and column letter. */
  readonly columns: Readonly<Record<string, { readonly header: string; readonly letter: string }>>;
  /** 1-based spreadsheet row of each item, in Template order. */
  readonly rows: readonly number[];
}

export interface TemplateSources {
  readonly flows: SheetSource;
  /** For flow i, the branch-pair number (1-based) of each of its branches. */
  readonly flowBranchPairs: readonly (readonly number[])[];
  readonly questions: SheetSource;
  readonly corrections: SheetSource;
  readonly grades: SheetSource;
  readonly settings: SheetSource & { readonly settingRows: Readonly<Partial<Record<SettingKey, number>>> };
}

/** Rows above the data in files we write: the header and the note row. */
export const EXPORT_FIRST_DATA_ROW = 3;

export interface ExportColumn {
  readonly key: string;
  readonly header: string;
  readonly noteZh: string;
}

/** The flow sheet's columns in file order, with `pairs` branch pairs after the jumps. */
export function flowColumns(pairs: number): readonly ExportColumn[] {
  const out: ExportColumn[] = [];
  for (const c of FLOW_SHEET.columns) {
    out.push({ key: c.key, header: c.zh, noteZh: c.noteZh });
    if (c.key === 'negativeJump') {
      for (let n = 1; n <= pairs; n++) {
        const h = branchHeaders(n);
        out.push({ key: `branch${n}.words`, header: h.words, noteZh: n === 1 ? '分支的词：客户说到其中一个（用 、 分隔）就走这个分支' : '同上，可按需增加分支列' });
        out.push({ key: `branch${n}.target`, header: h.target, noteZh: n === 1 ? '这个分支跳转到的流程' : '同上' });
      }
    }
  }
  return out;
}

export function simpleColumns(spec: typeof QUESTION_SHEET): readonly ExportColumn[] {
  return spec.columns.map((c) => ({ key: c.key, header: c.zh, noteZh: c.noteZh }));
}

export function branchPairsNeeded(template: Template): number {
  return Math.max(MIN_BRANCH_COLUMNS, ...template.flows.map((f) => f.branches.length));
}

function sheetSource(name: string, cols: readonly ExportColumn[], count: number): SheetSource {
  const columns: Record<string, { header: string; letter: string }> = {};
  cols.forEach((c, i) => { columns[c.key] = { header: c.header, letter: columnLetter(i) }; });
  return { name, columns, rows: Array.from({ length: count }, (_, i) => i + EXPORT_FIRST_DATA_ROW) };
}

/** The locations `exportTemplate` gives each item. */
export function defaultSources(template: Template): TemplateSources {
  const settingRows: Partial<Record<SettingKey, number>> = {};
  SETTING_SPECS.forEach((spec, i) => { settingRows[spec.key] = i + EXPORT_FIRST_DATA_ROW; });
  return {
    flows: sheetSource(FLOW_SHEET.zh, flowColumns(branchPairsNeeded(template)), template.flows.length),
    flowBranchPairs: template.flows.map((f) => f.branches.map((_, k) => k + 1)),
    questions: sheetSource(QUESTION_SHEET.zh, simpleColumns(QUESTION_SHEET), template.questions.length),
    corrections: sheetSource(CORRECTION_SHEET.zh, simpleColumns(CORRECTION_SHEET), template.corrections.length),
    grades: sheetSource(GRADE_SHEET.zh, simpleColumns(GRADE_SHEET), template.gradeRules.length),
    settings: { ...sheetSource(SETTINGS_SHEET.zh, simpleColumns(SETTINGS_SHEET), 0), settingRows },
  };
}

export type SourceSheetKey = Exclude<SheetKey, 'settings'>;
