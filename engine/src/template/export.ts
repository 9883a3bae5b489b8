/**
 * A Template back into spreadsheet cells, in our documented layout: a header row, a note row
 * explaining each column (skipped on import by its leading `#`), then the data. Reading the
 * result gives back an equal Template.
 */
import type { AnswerKind, FlowNode, QuestionAfter, Template } from './types.js';
import type { CellValue, Sheet, Workbook } from './workbook.js';
import type { ExportColumn } from './sources.js';
import { branchPairsNeeded, flowColumns, simpleColumns } from './sources.js';
import { CORRECTION_SHEET, FLOW_SHEET, GRADE_SHEET, QUESTION_SHEET, SETTINGS_SHEET, SHEETS } from './layout.js';
import { SETTING_SPECS } from './settings.js';
import type { SettingSpec } from './settings.js';
import { formatConditions } from '../grade/rules-text.js';

const LIST_SEPARATOR = '、';
const yesNo = (b: boolean | null): string => (b === null ? '' : b ? '是' : '否');
const ANSWER_KIND_ZH: Readonly<Record<AnswerKind, string>> = { short: '短答', open: '开放' };
const AFTER_ZH: Readonly<Record<QuestionAfter, string>> = { return: '返回', wait: '等待', next: '下一步', hangup: '挂断' };

function table(name: string, columns: readonly ExportColumn[], rows: readonly (readonly CellValue[])[]): Sheet {
  const header = columns.map((c) => c.header);
  const notes = columns.map((c, i) => (i === 0 ? `# ${c.noteZh}` : c.noteZh));
  return { name, rows: [header, notes, ...rows] };
}

function flowCell(f: FlowNode, key: string): CellValue {
  const branch = /^branch(\d+)\.(words|target)$/.exec(key);
  if (branch) {
    const b = f.branches[Number(branch[1]) - 1];
    if (!b) return '';
    return branch[2] === 'words' ? b.words.join(LIST_SEPARATOR) : b.target;
  }
  switch (key) {
    case 'terminate': case 'ignoreUnmatched': case 'ignoreNegative': return yesNo(f[key]);
    case 'bargeIn': return yesNo(f.bargeIn);
    case 'silenceTimeoutMs': return f.silenceTimeoutMs === null ? '' : f.silenceTimeoutMs / 1000;
    case 'answerKind': return f.answerKind === null ? '' : ANSWER_KIND_ZH[f.answerKind];
    default: return f[key as 'name'];
  }
}

function settingValue(t: Template, spec: SettingSpec): CellValue {
  const v = spec.key.startsWith('words.') ? t.words[spec.key.slice(6) as 'affirmative'] : t.settings[spec.key as 'name'];
  switch (spec.kind) {
    case 'list': return (v as unknown as readonly string[]).join(LIST_SEPARATOR);
    case 'bool': return yesNo(v as unknown as boolean);
    case 'seconds': return (v as unknown as number) / 1000;
    case 'answerKind': return ANSWER_KIND_ZH[v as unknown as AnswerKind];
    default: return v as unknown as CellValue;
  }
}

/** Every sheet, documented; the first sheet explains the layout for people. */
export function exportTemplate(t: Template): Workbook {
  const fcols = flowColumns(branchPairsNeeded(t));
  const qcols = simpleColumns(QUESTION_SHEET);
  return {
    sheets: [
      readmeSheet(),
      table(FLOW_SHEET.zh, fcols, t.flows.map((f) => fcols.map((c) => flowCell(f, c.key)))),
      table(QUESTION_SHEET.zh, qcols, t.questions.map((q) => [
        q.question, q.alternatives.join(LIST_SEPARATOR), q.answer, q.recording, AFTER_ZH[q.after], q.tag, q.note,
      ])),
      table(CORRECTION_SHEET.zh, simpleColumns(CORRECTION_SHEET), t.corrections.map((c) => [c.keyword, c.correction])),
      table(SETTINGS_SHEET.zh, simpleColumns(SETTINGS_SHEET), SETTING_SPECS.map((s) => [s.zh, settingValue(t, s), s.noteZh])),
      table(GRADE_SHEET.zh, simpleColumns(GRADE_SHEET), t.gradeRules.map((r) => [r.grade, formatConditions(r.conditions), r.note])),
    ],
  };
}

/** The 说明 sheet: what every sheet and column means (ignored on import). */
function readmeSheet(): Sheet {
  const rows: CellValue[][] = [
    ['Waihu 外呼 话术模板', '', ''],
    ['以 # 开头的行会被忽略；每个工作表的第 2 行是说明，可以删除。列的顺序随意，表头用中文或英文都可以。', '', ''],
    ['工作表', '列', '说明'],
  ];
  for (const sheet of SHEETS) {
    rows.push([sheet.zh, '', sheet.noteZh]);
    const cols = sheet.key === 'flows' ? flowColumns(1) : simpleColumns(sheet);
    for (const c of cols) {
      const spec = sheet.columns.find((x) => x.key === c.key);
      const must = spec?.required ? '（必填）' : '';
      rows.push(['', `${c.header}${must}`, `${c.noteZh}${spec ? `｜${spec.aliases.join(' / ')}` : ''}`]);
    }
  }
  rows.push([SETTINGS_SHEET.zh, '（项目）', '（说明）']);
  for (const s of SETTING_SPECS) rows.push(['', s.zh, s.noteZh]);
  return { name: '说明', rows };
}
