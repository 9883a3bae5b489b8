import { describe, expect, it } from 'vitest';
import { validateTemplate } from './validate.js';
import { flow, question, template } from '../test-support.js';
import { DEFAULT_SETTINGS } from './settings.js';

const codes = (issues: ReturnType<typeof validateTemplate>): string[] => issues.map((i) => i.code);
const end = flow('结束', '再见', { terminate: true });

describe('validateTemplate', () => {
  it('passes a sound script', () => {
    expect(validateTemplate(template({ flows: [flow('开场白', '您好{姓名}', { negativeJump: '结束' }), end] }))).toEqual([]);
  });

  it('needs flows and a terminating one', () => {
    expect(codes(validateTemplate(template({ flows: [] })))).toEqual(['FLOWS_EMPTY']);
    const i = validateTemplate(template({ flows: [flow('a', 'x')] }));
    expect(codes(i)).toContain('FLOW_NO_TERMINATE');
  });

  it('locates jumps to unknown flows at their cell, with a JSON path', () => {
    const i = validateTemplate(template({ flows: [flow('a', 'x', { positiveJump: '不存在' }), end] }));
    expect(i[0]).toMatchObject({ code: 'FLOW_JUMP_UNKNOWN', sheet: '流程', row: 3, column: 'F', header: '肯定跳转', path: 'flows[0].positiveJump' });
  });

  it('finds duplicate names, missing prompts and half-made branches', () => {
    const i = validateTemplate(template({
      flows: [
        flow('a', '', { branches: [{ words: [], target: '结束' }, { words: ['上班'], target: '' }] }),
        flow('a', 'y'),
        end,
      ],
    }));
    expect(codes(i)).toEqual(expect.arrayContaining(['FLOW_DUPLICATE', 'FLOW_PROMPT_MISSING', 'BRANCH_WORDS_MISSING', 'BRANCH_TARGET_MISSING']));
    expect(i.find((x) => x.code === 'BRANCH_TARGET_MISSING')).toMatchObject({ column: 'K', path: 'flows[0].branches[1].target' });
  });

  it('knows built-in and declared variables only', () => {
    const t = template({
      flows: [flow('a', '{姓名}您好，{产品}了解一下？', { negativeJump: '结束' }), end],
      settings: { ...DEFAULT_SETTINGS, silencePrompt: '{昵称}在吗' },
    });
    const i = validateTemplate(t);
    expect(i.map((x) => [x.code, x.path])).toEqual([['VARIABLE_UNKNOWN', 'flows[0].prompt'], ['VARIABLE_UNKNOWN', 'settings.silencePrompt']]);
    expect(validateTemplate({ ...t, settings: { ...t.settings, variables: ['产品', '昵称'] } })).toEqual([]);
  });

  it('warns about unreachable flows', () => {
    const i = validateTemplate(template({ flows: [flow('a', 'x', { positiveJump: '结束', negativeJump: '结束', terminate: false }), end, flow('孤儿', 'z', { terminate: true })] }));
    expect(i.map((x) => [x.code, x.severity])).toContainEqual(['FLOW_UNREACHABLE', 'warning']);
  });

  it('finds loops a callee cannot leave by answering', () => {
    const i = validateTemplate(template({
      flows: [
        flow('开场', 'x'),
        flow('介绍', 'y', { positiveJump: '追问', negativeJump: '追问' }),
        flow('追问', 'z', { positiveJump: '介绍', negativeJump: '介绍' }),
        end,
      ],
    }));
    const loop = i.find((x) => x.code === 'FLOW_LOOP_NO_EXIT');
    expect(loop).toMatchObject({ severity: 'error', row: 4 });
    expect(loop?.message.zh).toContain('“介绍”→“追问”');
    // A branch out of the loop is a way out.
    const fixed = validateTemplate(template({
      flows: [flow('开场', 'x'), flow('介绍', 'y', { positiveJump: '追问', negativeJump: '追问' }),
        flow('追问', 'z', { positiveJump: '介绍', negativeJump: '介绍', branches: [{ words: ['再见'], target: '结束' }] }), end],
    }));
    expect(codes(fixed)).not.toContain('FLOW_LOOP_NO_EXIT');
  });

  it('checks recordings against uploaded files when given, ignoring case and extension', () => {
    const t = template({ flows: [flow('a', 'x', { recording: 'Open.WAV' }), flow('b', 'y', { recording: '结束.mp3', terminate: true })] });
    expect(codes(validateTemplate(t))).toEqual([]);
    expect(validateTemplate(t, null, { files: ['open.wav'] }).map((x) => [x.code, x.path])).toEqual([['RECORDING_MISSING', 'flows[1].recording']]);
  });

  it('checks questions and corrections', () => {
    const i = validateTemplate(template({
      flows: [end],
      questions: [question('多少钱', ''), question('', '好'), question('价格', '免费', { alternatives: ['多少钱'] })],
      corrections: [{ keyword: '', correction: 'x' }, { keyword: '尚班', correction: '上班' }, { keyword: '尚班', correction: '上般' }],
    }));
    expect(codes(i)).toEqual(['QUESTION_ANSWER_MISSING', 'QUESTION_EMPTY', 'QUESTION_DUPLICATE', 'CORRECTION_INVALID', 'CORRECTION_DUPLICATE']);
    expect(i[0]).toMatchObject({ sheet: '问题', row: 3, column: 'C' });
  });

  it('warns that a last flow without an end falls off the script', () => {
    expect(codes(validateTemplate(template({ flows: [end, flow('b', 'y')] })))).toContain('FLOW_FALLS_OFF_END');
  });
});
