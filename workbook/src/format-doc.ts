/**
 * The script format's reference page (docs/script-format.md), rendered from the same layout
 * table the reader uses, so the documentation cannot drift from what is accepted.
 */
import { BUILTIN_VARIABLES, DEFAULT_GRADE_RULES, DEFAULT_SETTINGS, DEFAULT_WORDS, SETTING_SPECS, SHEETS, formatConditions } from '@waihu/engine';
import type { SettingSpec } from '@waihu/engine';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultOf(spec: SettingSpec): string {
  if (spec.key.startsWith('words.')) return DEFAULT_WORDS[spec.key.slice(6) as keyof typeof DEFAULT_WORDS].join('、');
  const v = DEFAULT_SETTINGS[spec.key as keyof typeof DEFAULT_SETTINGS];
  if (Array.isArray(v)) return v.join('、') || '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (spec.kind === 'seconds') return `${(v as number) / 1000}`;
  if (spec.kind === 'answerKind') return v === 'short' ? '短答' : '开放';
  return v === '' ? '（空）' : String(v);
}

export function formatDoc(): string {
  const out: string[] = [
    '# 话术模板格式 · Script spreadsheet format',
    '',
    '<!-- Generated from engine/src/template/layout.ts and settings.ts by `npm run docs:format`; a test keeps it current. -->',
    '',
    'A script is an `.xlsx` or legacy `.xls` workbook. Sheets and columns are found by name (Chinese or English, any order,',
    'case and spaces ignored); a row whose first non-empty cell starts with `#`, or (in .xlsx) is in red font as in the',
    "classic templates, is an instruction and is skipped (the blank template's second row on every sheet is such a note",
    'row). Title rows above the header are allowed. Lists (words, sub-questions) are separated by 、 ， , ; ； | or new',
    'lines. Yes/no cells take 是/否, Y/N, yes/no, true/false, 1/0.',
    'A sheet named 说明 (readme) is ignored. Download the blank template with `npm run template:blank -- 空白模板.xlsx`.',
    '',
    `Prompts may use variables: \`{姓名}\`, or \`{姓名|您}\` with a fallback when the lead has no value. Built in: ${BUILTIN_VARIABLES.join('、')};`,
    'declare others in the 设置 sheet\'s 变量 row.',
    '',
  ];
  for (const sheet of SHEETS) {
    out.push(`## ${sheet.zh} (${sheet.aliases.join(', ')})${sheet.required ? ' — required' : ''}`, '', sheet.noteZh, '');
    out.push('| 列 column | also accepted | 说明 | meaning |', '|---|---|---|---|');
    for (const c of sheet.columns) {
      out.push(`| ${c.zh}${c.required ? ' **(必填)**' : ''} | ${cell(c.aliases.join(', '))} | ${cell(c.noteZh)} | ${cell(c.noteEn)} |`);
      if (c.key === 'negativeJump') {
        out.push('| 分支1词, 分支1跳转, 分支2词, … | branch 1 words, branch 1 target, … | 分支：客户说到其中一个词（同音也算，前面有“不/没”不算）就跳到该流程；列可按需增加 | Branch words and the flow they lead to; add pairs as needed |');
      }
    }
    out.push('');
    if (sheet.key === 'settings') {
      out.push('Settings (项目 names; English names accepted too):', '', '| 项目 | also | 默认 default | 说明 |', '|---|---|---|---|');
      for (const s of SETTING_SPECS) out.push(`| ${s.zh} | ${cell(s.aliases.join(', '))} | ${cell(defaultOf(s))} | ${cell(s.noteZh)} |`);
      out.push('');
    }
    if (sheet.key === 'grades') {
      out.push('Without this sheet the default rules apply:', '', '| 等级 | 条件 | 说明 |', '|---|---|---|');
      for (const r of DEFAULT_GRADE_RULES) out.push(`| ${r.grade} | ${cell(formatConditions(r.conditions))} | ${cell(r.note)} |`);
      out.push('', 'Counters: 肯定 (affirmative answers), 问题 (questions asked), 交互 (callee turns), 拒绝 (refusals), 静默 (silences), 未匹配 (unmatched). E and F are not rules: E is a call that did not connect, F one that did not connect on any attempt.', '');
    }
  }
  return out.join('\n');
}
