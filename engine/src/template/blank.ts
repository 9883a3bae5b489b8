/** The blank template marketers download: every sheet and column explained, defaults filled in. */
import type { Template } from './types.js';
import type { Workbook } from './workbook.js';
import { exportTemplate } from './export.js';
import { DEFAULT_SETTINGS, DEFAULT_WORDS } from './settings.js';
import { DEFAULT_GRADE_RULES } from '../grade/grade.js';

export const EMPTY_TEMPLATE: Template = {
  flows: [],
  questions: [],
  corrections: [],
  words: DEFAULT_WORDS,
  settings: DEFAULT_SETTINGS,
  gradeRules: DEFAULT_GRADE_RULES,
};

export function blankWorkbook(): Workbook {
  return exportTemplate(EMPTY_TEMPLATE);
}
