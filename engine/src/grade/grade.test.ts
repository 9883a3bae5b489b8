import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_RULES, gradeCall, gradeUnconnected } from './grade.js';
import { formatConditions, parseConditions } from './rules-text.js';
import type { Counters } from '../dialog/types.js';

const counts = (affirmative: number, questions: number, interactions: number, refusals: number): Counters =>
  ({ affirmative, questions, interactions, refusals, silences: 0, unmatched: 0 });

describe('default grade rules (PRODUCT.md §3)', () => {
  const cases: [string, Counters, string][] = [
    ['one affirmative answer is A', counts(1, 0, 2, 0), 'A'],
    ['two questions are A', counts(0, 2, 2, 0), 'A'],
    ['five interactions are A', counts(0, 0, 5, 0), 'A'],
    ['one question is B', counts(0, 1, 2, 0), 'B'],
    ['four interactions are B', counts(0, 0, 4, 0), 'B'],
    ['three interactions are C', counts(0, 0, 3, 0), 'C'],
    ['three refusals are D even after many interactions', counts(1, 2, 9, 3), 'D'],
    ['one refusal and fewer than 3 interactions is D over an affirmative', counts(1, 0, 2, 1), 'D'],
    ['two refusals and fewer than 5 interactions is D over two questions', counts(0, 2, 4, 2), 'D'],
    ['two refusals with 5 interactions is A by interactions', counts(0, 0, 5, 2), 'A'],
    ['one refusal with 3 interactions is C', counts(0, 0, 3, 1), 'C'],
    ['fewer than 2 interactions is D', counts(0, 0, 1, 0), 'D'],
    ['two plain interactions fall through to D', counts(0, 0, 2, 0), 'D'],
    ['one affirmative in a single turn is A (no refusal)', counts(1, 0, 1, 0), 'A'],
  ];
  for (const [name, c, grade] of cases) {
    it(name, () => {
      const r = gradeCall(DEFAULT_GRADE_RULES, c);
      expect(r.grade).toBe(grade);
      expect(r.reasons[0]).toMatch(new RegExp(`^${grade} `));
    });
  }

  it('says which rule decided and the counts it saw', () => {
    expect(gradeCall(DEFAULT_GRADE_RULES, counts(0, 2, 3, 0)).reasons[0]).toBe('A 意向客户：问题>=2（咨询2个问题）；本次问题=2');
  });

  it('follows edited rules', () => {
    const strict = [{ grade: 'A' as const, conditions: [{ counter: 'affirmative' as const, op: '>=' as const, value: 2 }], note: '' }];
    expect(gradeCall(strict, counts(1, 0, 6, 0)).grade).toBe('D');
    expect(gradeCall(strict, counts(2, 0, 2, 0)).grade).toBe('A');
  });
});

describe('unconnected calls', () => {
  it('is E while retries remain and F after the last', () => {
    expect(gradeUnconnected(1, 3, '无人接听').grade).toBe('E');
    expect(gradeUnconnected(3, 3, '无人接听').grade).toBe('F');
    expect(gradeUnconnected(1, 1, '用户忙').grade).toBe('E');
  });
});

describe('rule text', () => {
  it('reads the ways people write conditions', () => {
    const r = parseConditions('拒绝 ≥ 1 且 交互＜3');
    expect(r).toEqual({ ok: true, conditions: [{ counter: 'refusals', op: '>=', value: 1 }, { counter: 'interactions', op: '<', value: 3 }] });
    expect(parseConditions('questions>=2 and interactions>1').ok).toBe(true);
  });

  it('formats to text that parses back to the same rule', () => {
    for (const rule of DEFAULT_GRADE_RULES) {
      const again = parseConditions(formatConditions(rule.conditions));
      expect(again).toEqual({ ok: true, conditions: rule.conditions });
    }
  });

  it('names the part it cannot read', () => {
    const r = parseConditions('肯定>=1 且 心情好');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.zh).toContain('心情好');
    expect(parseConditions('').ok).toBe(false);
    expect(parseConditions('肯定>=x').ok).toBe(false);
  });
});
