/**
 * Grade-rule conditions as marketers write them in the 等级规则 sheet: `拒绝>=1 且 交互<3`.
 * Parsing and formatting live together so an exported rule re-imports to the same rule.
 */
import type { Comparison, Condition, Counter } from '../template/types.js';

const COUNTER_NAMES: Readonly<Record<string, Counter>> = {
  肯定: 'affirmative', 肯定回答: 'affirmative', 肯定次数: 'affirmative', affirmative: 'affirmative', yes: 'affirmative',
  问题: 'questions', 咨询: 'questions', 问题次数: 'questions', questions: 'questions', question: 'questions',
  交互: 'interactions', 交互次数: 'interactions', interactions: 'interactions', turns: 'interactions',
  拒绝: 'refusals', 否定: 'refusals', 拒绝次数: 'refusals', refusals: 'refusals', no: 'refusals',
  静默: 'silences', silences: 'silences',
  未匹配: 'unmatched', unmatched: 'unmatched',
};

export const COUNTER_LABEL_ZH: Readonly<Record<Counter, string>> = {
  affirmative: '肯定', questions: '问题', interactions: '交互', refusals: '拒绝', silences: '静默', unmatched: '未匹配',
};

const OPS: Readonly<Record<string, Comparison>> = {
  '>=': '>=', '≥': '>=', '=>': '>=', '>': '>', '<=': '<=', '≤': '<=', '=<': '<=', '<': '<', '=': '=', '==': '=',
};

const JOINERS = /\s*(?:并且|而且|且|和|&&|&|\band\b|[,，;；])\s*/i;
const CONDITION = /^([^\s<>=≥≤]+)\s*(>=|=>|<=|=<|==|>|<|=|≥|≤)\s*(\d+)$/;

export type ParsedConditions =
  | { readonly ok: true; readonly conditions: readonly Condition[] }
  | { readonly ok: false; readonly zh: string; readonly en: string };

/** Parses `拒绝>=1 且 交互<3`; every part must be a known counter, an operator and a whole number. */
export function parseConditions(text: string): ParsedConditions {
  const source = text.normalize('NFKC').trim();
  if (source === '') return { ok: false, zh: '条件为空', en: 'the condition is empty' };
  const conditions: Condition[] = [];
  for (const part of source.split(JOINERS)) {
    if (part === '') continue;
    const m = CONDITION.exec(part.replace(/\s+/g, ''));
    const counter = m ? COUNTER_NAMES[m[1]!.toLowerCase()] : undefined;
    const op = m ? OPS[m[2]!] : undefined;
    if (!m || !counter || !op) {
      return {
        ok: false,
        zh: `无法理解条件“${part}”：应写成 计数 比较 数字，如 肯定>=1（计数可用 肯定、问题、交互、拒绝、静默、未匹配）`,
        en: `cannot read condition "${part}": write counter, comparison, number, e.g. 肯定>=1`,
      };
    }
    conditions.push({ counter, op, value: Number(m[3]) });
  }
  if (conditions.length === 0) return { ok: false, zh: '条件为空', en: 'the condition is empty' };
  return { ok: true, conditions };
}

export function formatCondition(c: Condition): string {
  return `${COUNTER_LABEL_ZH[c.counter]}${c.op}${c.value}`;
}

export function formatConditions(conditions: readonly Condition[]): string {
  return conditions.map(formatCondition).join(' 且 ');
}
