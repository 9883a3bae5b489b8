/**
 * Grading (等级) per PRODUCT.md §3: the refusal rules of D first, then the first of A, B, C that
 * holds, D for the rest; E and F come from calls that never connected.
 */
import type { Condition, Grade, GradeRule, RuleGrade } from '../template/types.js';
import type { Counters } from '../dialog/types.js';
import { COUNTER_LABEL_ZH, formatConditions } from './rules-text.js';

const rule = (grade: RuleGrade, note: string, ...conditions: Condition[]): GradeRule => ({ grade, conditions, note });
const c = (counter: Condition['counter'], op: Condition['op'], value: number): Condition => ({ counter, op, value });

/** The seeds' rules (智营 AI机器人 §8.4), as PRODUCT.md §3 states them. */
export const DEFAULT_GRADE_RULES: readonly GradeRule[] = [
  rule('A', '有1个肯定回答', c('affirmative', '>=', 1)),
  rule('A', '咨询2个问题', c('questions', '>=', 2)),
  rule('A', '交互5次以上', c('interactions', '>=', 5)),
  rule('B', '咨询1个问题', c('questions', '>=', 1)),
  rule('B', '交互4次以上', c('interactions', '>=', 4)),
  rule('C', '交互3次', c('interactions', '>=', 3)),
  rule('D', '拒绝3次以上', c('refusals', '>=', 3)),
  rule('D', '拒绝1次且交互少于3次', c('refusals', '>=', 1), c('interactions', '<', 3)),
  rule('D', '拒绝2次且交互少于5次', c('refusals', '>=', 2), c('interactions', '<', 5)),
  rule('D', '交互少于2次', c('interactions', '<', 2)),
];

export const GRADE_LABEL_ZH: Readonly<Record<Grade, string>> = {
  A: '意向客户', B: '一般意向', C: '简单对话', D: '明确拒绝', E: '未接通', F: '多次未接通',
};

export interface GradeResult {
  readonly grade: Grade;
  readonly reasons: readonly string[];
}

function holds(cond: Condition, counters: Counters): boolean {
  const v = counters[cond.counter];
  switch (cond.op) {
    case '>=': return v >= cond.value;
    case '>': return v > cond.value;
    case '<=': return v <= cond.value;
    case '<': return v < cond.value;
    case '=': return v === cond.value;
  }
}

const describe = (r: GradeRule, counters: Counters): string => {
  const seen = [...new Set(r.conditions.map((x) => x.counter))]
    .map((k) => `${COUNTER_LABEL_ZH[k]}=${counters[k]}`)
    .join('，');
  return `${r.grade} ${GRADE_LABEL_ZH[r.grade]}：${formatConditions(r.conditions)}${r.note ? `（${r.note}）` : ''}；本次${seen}`;
};

/** Grades a connected call from its counters. */
export function gradeCall(rules: readonly GradeRule[], counters: Counters): GradeResult {
  // A D rule that counts refusals overrides A–C: a callee who said no is not a lead, however long they talked.
  const refusal = rules.find((r) => r.grade === 'D' && r.conditions.some((x) => x.counter === 'refusals') && r.conditions.every((x) => holds(x, counters)));
  if (refusal) return { grade: 'D', reasons: [describe(refusal, counters)] };
  for (const grade of ['A', 'B', 'C'] as const) {
    const hit = rules.find((r) => r.grade === grade && r.conditions.every((x) => holds(x, counters)));
    if (hit) return { grade, reasons: [describe(hit, counters)] };
  }
  const other = rules.find((r) => r.grade === 'D' && r.conditions.every((x) => holds(x, counters)));
  if (other) return { grade: 'D', reasons: [describe(other, counters)] };
  const summary = (['affirmative', 'questions', 'interactions', 'refusals'] as const)
    .map((k) => `${COUNTER_LABEL_ZH[k]}=${counters[k]}`)
    .join('，');
  return { grade: 'D', reasons: [`D ${GRADE_LABEL_ZH.D}：不满足 A、B、C 的任何条件；本次${summary}`] };
}

/**
 * A call that never connected is E while retries remain and F once they are used up.
 * `attempts` counts dials made so far, including this one.
 */
export function gradeUnconnected(attempts: number, maxAttempts: number, outcome: string): GradeResult {
  if (attempts >= Math.max(1, maxAttempts) && maxAttempts > 1) {
    return { grade: 'F', reasons: [`F ${GRADE_LABEL_ZH.F}：${attempts} 次均未接通（最后一次：${outcome}）`] };
  }
  return { grade: 'E', reasons: [`E ${GRADE_LABEL_ZH.E}：${outcome}（第 ${attempts} 次，共 ${maxAttempts} 次）`] };
}
