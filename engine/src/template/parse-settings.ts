/** The settings sheet (key/value rows, word lists included) and the grade-rule sheet. */
import type { GradeRule, RuleGrade, TemplateSettings, WordLists } from './types.js';
import type { Table } from './table.js';
import { RowReader, splitList } from './table.js';
import type { TemplateIssue } from './issues.js';
import { issue } from './issues.js';
import { headerKey } from './layout.js';
import type { SettingKey, SettingSpec } from './settings.js';
import { DEFAULT_SETTINGS, DEFAULT_WORDS, SETTING_SPECS } from './settings.js';
import { ANSWER_KIND_WORDS } from './parse-rows.js';
import { parseConditions } from '../grade/rules-text.js';
import { columnLetter } from './workbook.js';

const BOOL: Readonly<Record<string, boolean>> = {
  是: true, y: true, yes: true, true: true, '1': true, 开: true, on: true,
  否: false, n: false, no: false, false: false, '0': false, 关: false, off: false,
};

function findSpec(name: string): SettingSpec | undefined {
  const k = headerKey(name);
  return SETTING_SPECS.find((s) => headerKey(s.zh) === k || s.aliases.some((a) => headerKey(a) === k));
}

export interface SettingsResult {
  readonly settings: TemplateSettings;
  readonly words: WordLists;
  readonly settingRows: Partial<Record<SettingKey, number>>;
}

export function readSettings(table: Table | null, issues: TemplateIssue[]): SettingsResult {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const words: Record<string, readonly string[]> = { ...DEFAULT_WORDS };
  const settingRows: Partial<Record<SettingKey, number>> = {};
  if (!table) return { settings: settings as unknown as TemplateSettings, words: words as unknown as WordLists, settingRows };
  const valueCol = table.columns.get('value');
  for (const row of table.rows) {
    const r = new RowReader(table, row, issues);
    const name = r.text('key');
    const at = { sheet: table.sheet.name, row: row.row, column: valueCol ? columnLetter(valueCol.index) : null, header: valueCol?.header ?? null };
    const spec = findSpec(name);
    if (!spec) {
      issues.push(issue('warning', 'SETTING_UNKNOWN', { ...at, column: columnLetter(table.columns.get('key')!.index) },
        `不认识的设置“${name}”，已忽略`, `unknown setting "${name}" ignored`));
      continue;
    }
    if (settingRows[spec.key] !== undefined) {
      issues.push(issue('warning', 'SETTING_INVALID', at,
        `设置“${spec.zh}”写了两次，使用第 ${settingRows[spec.key]} 行的值`, `setting "${spec.zh}" repeats; row ${settingRows[spec.key]} wins`));
      continue;
    }
    const text = r.plain('value');
    const value = convert(spec, text);
    if (value === undefined) {
      issues.push(issue('error', 'SETTING_INVALID', at, `设置“${spec.zh}”的值“${text}”无效：${describeKind(spec)}`,
        `setting "${spec.zh}": "${text}" is invalid (${spec.kind}${spec.min !== undefined ? ` ${spec.min}–${spec.max}` : ''})`));
      continue;
    }
    settingRows[spec.key] = row.row;
    if (spec.key.startsWith('words.')) words[spec.key.slice(6)] = value as string[];
    else settings[spec.key] = value;
  }
  return { settings: settings as unknown as TemplateSettings, words: words as unknown as WordLists, settingRows };
}

function describeKind(spec: SettingSpec): string {
  switch (spec.kind) {
    case 'bool': return '应为 是 或 否';
    case 'int': return `应为 ${spec.min}–${spec.max} 的整数`;
    case 'seconds': return `应为 ${spec.min}–${spec.max} 秒`;
    case 'ratio': return `应为 ${spec.min}–${spec.max} 之间的小数`;
    case 'answerKind': return '应为 短答 或 开放';
    default: return '格式不对';
  }
}

function convert(spec: SettingSpec, text: string): unknown {
  const t = text.normalize('NFKC').trim();
  const num = Number(t.replace(/秒$/, ''));
  const inRange = (n: number): boolean => Number.isFinite(n) && n >= (spec.min ?? -Infinity) && n <= (spec.max ?? Infinity);
  switch (spec.kind) {
    case 'text': return text;
    case 'list': return splitList(text);
    case 'bool': return BOOL[t.toLowerCase()];
    case 'int': return t !== '' && Number.isInteger(num) && inRange(num) ? num : undefined;
    case 'seconds': return t !== '' && inRange(num) ? Math.round(num * 1000) : undefined;
    case 'ratio': return t !== '' && inRange(num) ? num : undefined;
    case 'answerKind': return ANSWER_KIND_WORDS[t.toLowerCase()];
  }
}

const GRADES: Readonly<Record<string, RuleGrade>> = { a: 'A', b: 'B', c: 'C', d: 'D' };

export function readGrades(table: Table, issues: TemplateIssue[]): { rules: GradeRule[]; rows: number[] } {
  const rules: GradeRule[] = [];
  const rows: number[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, issues);
    const gradeText = r.text('grade');
    const where = (key: string): { sheet: string; row: number; column: string | null; header: string | null } => {
      const c = table.columns.get(key);
      return { sheet: table.sheet.name, row: row.row, column: c ? columnLetter(c.index) : null, header: c?.header ?? null };
    };
    // "A", "A级", "A 意向客户" all name grade A; "AB" or "E" do not.
    const m = /^([a-d])(?![a-z0-9])/i.exec(gradeText.normalize('NFKC').trim());
    const grade = m ? GRADES[m[1]!.toLowerCase()] : undefined;
    if (!grade) {
      issues.push(issue('error', 'GRADE_RULE_INVALID', where('grade'),
        `等级“${gradeText}”无效：规则只能给 A、B、C、D（E、F 由未接通自动给出）`,
        `grade "${gradeText}" is invalid: rules give A, B, C or D (E and F come from unanswered calls)`));
      continue;
    }
    const parsed = parseConditions(r.text('conditions'));
    if (!parsed.ok) {
      issues.push(issue('error', 'GRADE_RULE_INVALID', where('conditions'), parsed.zh, parsed.en));
      continue;
    }
    rules.push({ grade, conditions: parsed.conditions, note: r.text('note') });
    rows.push(row.row);
  }
  return { rules, rows };
}
