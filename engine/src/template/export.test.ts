import { describe, expect, it } from 'vitest';
import { exportTemplate } from './export.js';
import { parseWorkbook } from './parse.js';
import { blankWorkbook, EMPTY_TEMPLATE } from './blank.js';
import { flow, question, template } from '../test-support.js';
import { DEFAULT_SETTINGS, DEFAULT_WORDS } from './settings.js';
import type { Template } from './types.js';

const rich: Template = template({
  flows: [
    flow('开场白', '您好，请问是{姓名}吗？', { recording: 'open.wav', negativeJump: '结束', negativeTag: '非本人', bargeIn: false, silenceTimeoutMs: 4500, answerKind: 'short' }),
    flow('需求', '您现在是上班还是做生意？', {
      branches: [{ words: ['上班', '打工'], target: '上班族' }, { words: ['做生意', '老板'], target: '生意人' }, { words: ['退休'], target: '结束' }, { words: ['学生'], target: '结束' }],
      ignoreUnmatched: true, positiveTag: '有需求', note: '关键分支',
    }),
    flow('上班族', '上班族可以申请信用贷。', { ignoreNegative: true, transferGroup: '贷款顾问' }),
    flow('生意人', '经营贷额度更高。', { positiveJump: '结束' }),
    flow('结束', '感谢接听，再见。', { terminate: true }),
  ],
  questions: [question('你们是哪个公司的', '我们是XX金融。', { alternatives: ['哪家公司', '你是谁'], after: 'wait', tag: '问公司' }), question('利息多少', '月息低至4厘。', { after: 'hangup' })],
  corrections: [{ keyword: '尚班', correction: '上班' }, { keyword: '做身意', correction: '做生意' }],
  words: { ...DEFAULT_WORDS, affirmative: ['是', '好的', '可以'] },
  settings: { ...DEFAULT_SETTINGS, name: '贷款邀约', industry: '贷款', variables: ['产品'], maxSilences: 3, minConfidence: 0.45, maxCallMs: 240_000, pinyinMatching: false },
  gradeRules: [{ grade: 'A', conditions: [{ counter: 'affirmative', op: '>=', value: 2 }], note: '两次肯定' }, { grade: 'D', conditions: [{ counter: 'refusals', op: '>', value: 0 }, { counter: 'interactions', op: '<=', value: 2 }], note: '' }],
});

describe('exportTemplate', () => {
  it('re-imports to the same template, with no issues', () => {
    const back = parseWorkbook(exportTemplate(rich));
    expect(back.issues).toEqual([]);
    expect(back.template).toEqual(rich);
  });

  it('re-exports identically (a fixed point)', () => {
    const once = exportTemplate(rich);
    const twice = exportTemplate(parseWorkbook(once).template!);
    expect(twice).toEqual(once);
  });

  it('locates rows the way the exported file numbers them', () => {
    const back = parseWorkbook(exportTemplate(rich));
    expect(back.sources?.flows.rows).toEqual([3, 4, 5, 6, 7]);
    expect(back.sources?.flowBranchPairs[1]).toEqual([1, 2, 3, 4]);
  });
});

describe('blank template', () => {
  it('documents every column in a # note row and reads back as an empty script', () => {
    const wb = blankWorkbook();
    expect(wb.sheets.map((s) => s.name)).toEqual(['说明', '流程', '问题', '纠正', '设置', '等级规则']);
    const flows = wb.sheets[1]!;
    expect(flows.rows[0]).toContain('流程名称');
    expect(String(flows.rows[1]![0])).toMatch(/^# /);
    const back = parseWorkbook(wb);
    expect(back.template).toEqual(EMPTY_TEMPLATE);
    expect(back.issues).toEqual([]);
  });
});
