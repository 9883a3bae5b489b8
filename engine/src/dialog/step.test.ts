import { describe, expect, it } from 'vitest';
import { start, step } from './step.js';
import { checkReplay, replay } from './replay.js';
import type { DialogEvent, DialogState, Effect, Step } from './types.js';
import { compiled, flow, question, template } from '../test-support.js';
import { DEFAULT_SETTINGS } from '../template/settings.js';
import type { Template } from '../template/types.js';

const base: Template = template({
  flows: [
    flow('开场白', '您好，请问是{姓名}吗？', { negativeJump: '打扰', negativeTag: '非本人', positiveTag: '本人' }),
    flow('需求', '您现在是上班还是做生意？', { branches: [{ words: ['上班'], target: '上班族' }, { words: ['做生意', '开店'], target: '生意人' }] }),
    flow('上班族', '上班族可以申请信用贷，需要吗？', { positiveJump: '转接', negativeJump: '结束', positiveTag: '有意向' }),
    flow('生意人', '经营贷额度更高，需要吗？', { positiveJump: '转接', negativeJump: '结束' }),
    flow('转接', '好的，我请顾问和您详细说。', { transferGroup: '贷款顾问' }),
    flow('结束', '感谢接听，再见。', { terminate: true }),
    flow('打扰', '不好意思打扰了，再见。', { terminate: true }),
  ],
  questions: [
    question('你们是哪个公司的', '我们是安心金融。', { alternatives: ['你是谁'], tag: '问公司' }),
    question('利息多少', '月息低至四厘。', { after: 'wait' }),
    question('你们是骗子', '我们是正规持牌机构，不打扰您了。', { after: 'hangup' }),
  ],
  corrections: [{ keyword: '尚班', correction: '上班' }],
});
const t = compiled(base);

type Ev = { [K in DialogEvent['type']]: Omit<Extract<DialogEvent, { type: K }>, 'atMs'> }[DialogEvent['type']];

/** Drives a call: answered at 0, then the given events one second apart. */
function call(events: Ev[], tpl = t, vars: Record<string, string> = { 姓名: '张先生' }): { steps: Step[]; state: DialogState; effects: Effect[] } {
  let s = start(tpl, { vars, atMs: 0 }).state;
  const steps: Step[] = [];
  [{ type: 'answered' } as const, ...events].forEach((e, i) => {
    const r = step(tpl, s, { ...e, atMs: i * 1000 } as DialogEvent);
    steps.push(r);
    s = r.state;
    // The callee answers after the robot has finished speaking.
    if (s.playing) s = step(tpl, s, { type: 'promptFinished', atMs: i * 1000 + 900, promptId: s.playing.id }).state;
  });
  return { steps, state: s, effects: steps.flatMap((x) => x.effects) };
}
const says = (effects: readonly Effect[]): string[] => effects.flatMap((e) => (e.type === 'say' ? [e.text] : []));
const say = (text: string): Ev => ({ type: 'utterance', text, confidence: 0.9 });

describe('the dialog', () => {
  it('greets with the lead filled in, then listens with the flow timeout and hints', () => {
    const { effects, state } = call([]);
    expect(effects).toEqual([
      { type: 'say', promptId: 1, kind: 'flow', text: '您好，请问是张先生吗？', recording: '', bargeIn: true, flow: '开场白' },
      { type: 'listen', timeoutMs: 6000, answerKind: 'open', hints: ['上班'], flow: '开场白' },
    ]);
    expect(state.path).toEqual(['开场白']);
  });

  it('follows yes to the next flow and no to the negative jump, tagging both', () => {
    const yes = call([say('是我，你说')]);
    expect(yes.state.path).toEqual(['开场白', '需求']);
    expect(yes.state.tags).toEqual(['本人']);
    expect(yes.state.counters).toMatchObject({ affirmative: 1, interactions: 1 });
    const no = call([say('不是，你打错了')]);
    expect(no.state.path).toEqual(['开场白', '打扰']);
    expect(no.state.tags).toEqual(['非本人']);
    expect(no.state.endReason).toBe('completed');
    expect(no.effects.filter((e) => e.type === 'hangup')).toEqual([{ type: 'hangup', reason: 'completed' }]);
  });

  it('takes branch words, through corrections and homophones, and not when negated', () => {
    expect(call([say('对'), say('我在上班')]).state.path.at(-1)).toBe('上班族');
    const corrected = call([say('对'), say('尚班呢')]);
    expect(corrected.state.path.at(-1)).toBe('上班族');
    expect(corrected.steps[2]!.trace.map((x) => x.code)).toEqual(expect.arrayContaining(['correction', 'branch']));
    expect(call([say('对'), say('开点小店')]).state.path.at(-1)).toBe('生意人'); // 开点 sounds like 开店
    expect(call([say('对'), say('带孩子呢')]).state.path.at(-1)).toBe('需求');
    expect(call([say('对'), say('我不上班，自己做生意')]).state.path.at(-1)).toBe('生意人');
  });

  it('answers questions and returns to the flow it was in', () => {
    const { steps, state } = call([say('你们是哪个公司的？')]);
    expect(says(steps[1]!.effects)).toEqual(['我们是安心金融。', '您好，请问是张先生吗？']);
    expect(steps[1]!.effects.at(-1)).toMatchObject({ type: 'listen', flow: '开场白' });
    expect(state.counters.questions).toBe(1);
    expect(state.tags).toEqual(['问公司']);
    expect(state.path).toEqual(['开场白']);
  });

  it('honours what a question says to do after answering', () => {
    const wait = call([say('利息多少')]).steps[1]!.effects;
    expect(says(wait)).toEqual(['月息低至四厘。']);
    expect(wait.at(-1)?.type).toBe('listen');
    const bye = call([say('你们是骗子吧')]);
    expect(bye.state.endReason).toBe('question');
  });

  it('re-asks once when nothing matched, then moves on, reporting each unmatched text', () => {
    const { steps, state } = call([say('今天天气不错啊哈哈'.replace('不错', '晴朗')), say('嗯哼哈哈哈')]);
    expect(says(steps[1]!.effects)).toEqual([DEFAULT_SETTINGS.unmatchedPrompt, '您好，请问是张先生吗？']);
    expect(steps[1]!.effects).toContainEqual({ type: 'unmatched', text: '今天天气晴朗啊哈哈', flow: '开场白' });
    expect(state.path).toEqual(['开场白', '需求']);
    expect(state.counters.unmatched).toBe(2);
  });

  it('moves straight on when the flow ignores unmatched answers', () => {
    const tpl = compiled({ ...base, flows: base.flows.map((f, i) => (i === 0 ? { ...f, ignoreUnmatched: true } : f)) });
    expect(call([say('今天天气晴朗')], tpl).state.path).toEqual(['开场白', '需求']);
  });

  it('treats a no as moving on when the flow ignores negatives, still counting the refusal', () => {
    const tpl = compiled({ ...base, flows: base.flows.map((f, i) => (i === 0 ? { ...f, ignoreNegative: true } : f)) });
    const r = call([say('不需要')], tpl);
    expect(r.state.path).toEqual(['开场白', '需求']);
    expect(r.state.counters.refusals).toBe(1);
  });

  it('re-prompts on silence and hangs up politely after the limit', () => {
    const { steps, state } = call([{ type: 'silence' }, { type: 'silence' }]);
    expect(says(steps[1]!.effects)).toEqual(['喂，您好，能听到吗？']);
    expect(says(steps[2]!.effects)).toEqual([DEFAULT_SETTINGS.silenceGoodbye]);
    expect(state).toMatchObject({ endReason: 'silence', grade: 'D', phase: 'ended' });
    expect(state.counters.silences).toBe(2);
  });

  it('resets the silence count when the callee speaks', () => {
    const { state } = call([{ type: 'silence' }, say('是的'), { type: 'silence' }]);
    expect(state.phase).toBe('talking');
  });

  it('reads key presses as answers', () => {
    expect(call([{ type: 'dtmf', digit: '1' }]).state.path).toEqual(['开场白', '需求']);
    expect(call([{ type: 'dtmf', digit: '2' }]).state.path).toEqual(['开场白', '打扰']);
  });

  it('transfers, and carries on when no agent answers', () => {
    const transfer = call([say('是'), say('上班'), say('需要')]);
    expect(transfer.state.phase).toBe('transferring');
    expect(transfer.effects.at(-1)).toEqual({ type: 'transfer', group: '贷款顾问', flow: '转接' });
    const ok = call([say('是'), say('上班'), say('需要'), { type: 'transferResult', connected: true }]);
    expect(ok.state).toMatchObject({ phase: 'ended', endReason: 'transferred', grade: 'A' });
    const failed = call([say('是'), say('上班'), say('需要'), { type: 'transferResult', connected: false }]);
    expect(failed.state.tags).toContain('转人工未接通');
    expect(failed.state.path.at(-1)).toBe('结束');
    expect(failed.state.endReason).toBe('completed');
  });

  it('asks again when recognition is unsure', () => {
    const { steps, state } = call([{ type: 'utterance', text: '是的', confidence: 0.1 }]);
    expect(says(steps[1]!.effects)).toEqual([DEFAULT_SETTINGS.unclearPrompt]);
    expect(state.counters.interactions).toBe(0);
  });

  it('lets a backchannel during a prompt pass without interrupting', () => {
    let s = start(t, { vars: {} }).state;
    s = step(t, s, { type: 'answered', atMs: 0 }).state;
    const r = step(t, s, { type: 'utterance', atMs: 500, text: '嗯嗯', confidence: 0.9 });
    expect(r.effects).toEqual([]);
    expect(r.state.counters.interactions).toBe(0);
    const after = step(t, step(t, s, { type: 'promptFinished', atMs: 900, promptId: 1 }).state, { type: 'utterance', atMs: 2000, text: '嗯嗯', confidence: 0.9 });
    expect(after.state.counters.interactions).toBe(1);
  });

  it('ends calls that run too long or too many turns', () => {
    const long = compiled({ ...base, settings: { ...DEFAULT_SETTINGS, maxCallMs: 2000 } });
    expect(call([say('你是谁'), say('你是谁'), say('你是谁')], long).state.endReason).toBe('max-duration');
    const chatty = compiled({ ...base, settings: { ...DEFAULT_SETTINGS, maxTurns: 3 } });
    const r = call([say('你是谁'), say('你是谁'), say('你是谁'), say('你是谁')], chatty);
    expect(r.state.endReason).toBe('max-turns');
    expect(r.state.counters.interactions).toBe(3);
  });

  it('grades when the callee hangs up, and ignores anything after the end', () => {
    const r = call([say('你是谁'), { type: 'hangup', by: 'callee' }, say('喂')]);
    expect(r.state).toMatchObject({ endReason: 'callee', grade: 'B' });
    expect(r.effects.filter((e) => e.type === 'graded')).toHaveLength(1);
    expect(r.steps.at(-1)!.effects).toEqual([]);
  });

  it('keeps its state as JSON and replays stored events to the same effects', () => {
    const events: DialogEvent[] = [
      { type: 'answered', atMs: 0 }, { type: 'promptFinished', atMs: 3000, promptId: 1 },
      { type: 'utterance', atMs: 5000, text: '是的', confidence: 0.9 },
      { type: 'utterance', atMs: 9000, text: '做生意的', confidence: 0.8 },
      { type: 'silence', atMs: 16000 }, { type: 'utterance', atMs: 20000, text: '需要', confidence: 0.9 },
      { type: 'transferResult', atMs: 30000, connected: true },
    ];
    const steps = replay(t, { vars: { 姓名: '李女士' } }, events);
    expect(checkReplay(t, { vars: { 姓名: '李女士' } }, events, steps.map((s) => s.effects))).toEqual({ same: true });
    // Continuing from a JSON round trip of the state gives the same step as from the live state.
    const mid = steps[3]!.state;
    const revived = JSON.parse(JSON.stringify(mid)) as DialogState;
    expect(step(t, revived, events[4]!)).toEqual(step(t, mid, events[4]!));
    const changed = checkReplay(t, { vars: { 姓名: '王先生' } }, events, steps.map((s) => s.effects));
    expect(changed).toMatchObject({ same: false, eventIndex: 0 });
  });

  it('hears a yes beside a question: answers, then takes the yes instead of re-asking', () => {
    const { steps, state } = call([say('是我，你们是哪个公司的？')]);
    expect(says(steps[1]!.effects)).toEqual(['我们是安心金融。', '您现在是上班还是做生意？']);
    expect(state.path).toEqual(['开场白', '需求']);
    expect(state.counters).toMatchObject({ questions: 1, affirmative: 1 });
  });

  it('does not count a question that ends the call as interest', () => {
    const r = call([say('你们是骗子吧')]);
    expect(r.state.counters.questions).toBe(0);
    expect(r.state.grade).toBe('D');
  });

  it('sends an unknown question to unmatched handling, not to yes/no', () => {
    const { steps, state } = call([say('利率是多少')]);
    expect(steps[1]!.trace.map((x) => x.code)).toContain('unknown-question');
    expect(state.counters).toMatchObject({ affirmative: 0, unmatched: 1 });
    expect(steps[1]!.effects).toContainEqual({ type: 'unmatched', text: '利率是多少', flow: '开场白' });
  });

  it('takes a yes after the silence prompt as "I can hear you", and asks the flow again', () => {
    const { steps, state } = call([{ type: 'silence' }, say('在的，你说')]);
    expect(says(steps[2]!.effects)).toEqual(['您好，请问是张先生吗？']);
    expect(state.counters.affirmative).toBe(0);
    expect(call([{ type: 'silence' }, say('在的，你说'), say('是我')]).state.path).toEqual(['开场白', '需求']);
    // A real answer after the silence prompt is still an answer.
    expect(call([{ type: 'silence' }, say('不是，打错了')]).state.path).toEqual(['开场白', '打扰']);
  });

  it('keeps unsure-recognition re-asks apart from unmatched re-asks', () => {
    const { state } = call([{ type: 'utterance', text: '嗯哼', confidence: 0.1 }, say('今天天气晴朗')]);
    expect(state.path).toEqual(['开场白']);
    expect(state.unmatchedHere).toBe(1);
  });
});

