/**
 * A workbook's cells into a Template, with every problem located. Nothing here throws on bad
 * input: a sheet that cannot be read becomes issues, and the rest is still read so the
 * marketer sees every problem at once.
 */
import type { Template } from './types.js';
import type { Sheet, Workbook } from './workbook.js';
import type { SheetSpec } from './layout.js';
import { CORRECTION_SHEET, FLOW_SHEET, GRADE_SHEET, QUESTION_SHEET, README_SHEET_NAMES, SETTINGS_SHEET, SHEETS, headerKey } from './layout.js';
import type { TemplateIssue } from './issues.js';
import { issue } from './issues.js';
import type { Table } from './table.js';
import { readTable } from './table.js';
import { readCorrections, readFlows, readQuestions, tableColumns } from './parse-rows.js';
import { readGrades, readSettings } from './parse-settings.js';
import type { SheetSource, TemplateSources } from './sources.js';
import { DEFAULT_GRADE_RULES } from '../grade/grade.js';

export interface ParseResult {
  /** `null` only when nothing usable could be read (no flow sheet, no header). */
  readonly template: Template | null;
  readonly sources: TemplateSources | null;
  readonly issues: readonly TemplateIssue[];
}

function findSheet(wb: Workbook, spec: SheetSpec): Sheet | undefined {
  const names = [spec.zh, ...spec.aliases].map(headerKey);
  return wb.sheets.find((s) => names.includes(headerKey(s.name)));
}

const emptySource = (name: string): SheetSource => ({ name, columns: {}, rows: [] });
const source = (table: Table | null, fallback: string, rows: readonly number[]): SheetSource =>
  table ? { name: table.sheet.name, columns: tableColumns(table), rows } : { ...emptySource(fallback), rows };

export function parseWorkbook(wb: Workbook): ParseResult {
  const issues: TemplateIssue[] = [];
  const meaningful = wb.sheets.filter((s) => s.rows.some((r) => r.some((c) => c !== null && String(c).trim() !== '')));
  if (meaningful.length === 0) {
    issues.push(issue('error', 'WORKBOOK_EMPTY', {}, '文件里没有任何内容', 'the workbook has no content'));
    return { template: null, sources: null, issues };
  }
  const known = new Set<Sheet>();
  const tables = new Map<string, Table | null>();
  for (const spec of SHEETS) {
    const sheet = findSheet(wb, spec);
    if (!sheet) {
      if (spec.required) {
        issues.push(issue('error', 'SHEET_MISSING', { sheet: spec.zh },
          `缺少“${spec.zh}”工作表（现有：${wb.sheets.map((s) => s.name).join('、')}）`,
          `sheet "${spec.zh}" (${spec.aliases.at(-2) ?? spec.key}) is missing; found: ${wb.sheets.map((s) => s.name).join(', ')}`));
      }
      tables.set(spec.key, null);
      continue;
    }
    known.add(sheet);
    tables.set(spec.key, readTable(sheet, spec, issues));
  }
  for (const s of wb.sheets) {
    if (known.has(s) || README_SHEET_NAMES.includes(headerKey(s.name))) continue;
    if (!meaningful.includes(s)) continue;
    issues.push(issue('warning', 'SHEET_UNKNOWN', { sheet: s.name },
      `不认识的工作表“${s.name}”，已忽略（可用：${SHEETS.map((x) => x.zh).join('、')}）`,
      `unknown sheet "${s.name}" ignored`));
  }

  const flowTable = tables.get('flows') ?? null;
  if (!flowTable) return { template: null, sources: null, issues };
  const flows = readFlows(flowTable, issues);
  const qTable = tables.get('questions') ?? null;
  const questions = qTable ? readQuestions(qTable, issues) : { questions: [], rows: [] };
  const cTable = tables.get('corrections') ?? null;
  const corrections = cTable ? readCorrections(cTable, issues) : { corrections: [], rows: [] };
  const sTable = tables.get('settings') ?? null;
  const settings = readSettings(sTable, issues);
  const gTable = tables.get('grades') ?? null;
  const grades = gTable ? readGrades(gTable, issues) : { rules: [...DEFAULT_GRADE_RULES], rows: [] };

  const template: Template = {
    flows: flows.flows,
    questions: questions.questions,
    corrections: corrections.corrections,
    words: settings.words,
    settings: settings.settings,
    gradeRules: grades.rules,
  };
  const sources: TemplateSources = {
    flows: source(flowTable, FLOW_SHEET.zh, flows.rows),
    flowBranchPairs: flows.branchPairs,
    questions: source(qTable, QUESTION_SHEET.zh, questions.rows),
    corrections: source(cTable, CORRECTION_SHEET.zh, corrections.rows),
    grades: source(gTable, GRADE_SHEET.zh, grades.rows),
    settings: { ...source(sTable, SETTINGS_SHEET.zh, []), settingRows: settings.settingRows },
  };
  return { template, sources, issues };
}
