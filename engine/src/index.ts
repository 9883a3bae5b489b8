/**
 * @waihu/engine — the pure dialog engine: script spreadsheets (as cells) to templates, matching,
 * dialog steps, grading and text simulation. No I/O, no clock, no randomness, no dependencies.
 */
export type { CellValue, CellRange, Sheet, Workbook } from './template/workbook.js';
export { columnLetter } from './template/workbook.js';
export type * from './template/types.js';
export type { TemplateIssue, IssueCode, IssueSeverity } from './template/issues.js';
export { hasErrors, formatLocation } from './template/issues.js';
export type { SheetSpec, ColumnSpec, SheetKey } from './template/layout.js';
export { SHEETS, FLOW_SHEET, QUESTION_SHEET, CORRECTION_SHEET, SETTINGS_SHEET, GRADE_SHEET } from './template/layout.js';
export type { SettingSpec, SettingKey } from './template/settings.js';
export { SETTING_SPECS, DEFAULT_SETTINGS, DEFAULT_WORDS, BUILTIN_VARIABLES } from './template/settings.js';
export type { TemplateSources, SheetSource } from './template/sources.js';
export { defaultSources } from './template/sources.js';
export type { ParseResult } from './template/parse.js';
export { parseWorkbook } from './template/parse.js';
export type { ValidateOptions } from './template/validate.js';
export { validateTemplate } from './template/validate.js';
export type { CompiledTemplate, CompiledFlow, CompileOptions, CompileResult } from './template/compile.js';
export { compileTemplate, END } from './template/compile.js';
export { exportTemplate } from './template/export.js';
export { blankWorkbook, EMPTY_TEMPLATE } from './template/blank.js';
export { fillVariables, variablesIn } from './template/variables.js';
export { newFlow, newQuestion } from './template/new.js';

export type * from './dialog/types.js';
export { start, step } from './dialog/step.js';
export type { ReplayCheck } from './dialog/replay.js';
export { replay, checkReplay } from './dialog/replay.js';

export type { GradeResult } from './grade/grade.js';
export { gradeCall, gradeUnconnected, DEFAULT_GRADE_RULES, GRADE_LABEL_ZH } from './grade/grade.js';
export { parseConditions, formatConditions } from './grade/rules-text.js';

export type { CalleeInput } from './simulate/lines.js';
export { parseLine, parseLines, LineError } from './simulate/lines.js';
export type { Simulation, SimTurn, SimulateOptions, RobotLine } from './simulate/simulate.js';
export { simulate, Conversation } from './simulate/simulate.js';

export { normalize, analyze, toPinyin } from './nlu/index.js';
