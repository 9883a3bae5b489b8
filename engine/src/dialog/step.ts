/**
 * The dialog engine: `start` a call, then `step(template, state, event)` for everything that
 * happens to it. Pure: the same template, state and event always give the same step.
 */
import type { CompiledTemplate } from '../template/compile.js';
import { Draft, REASON_ZH } from './draft.js';
import { answeredNo, answeredYes, handleUtterance, unmatched } from './answer.js';
import type { Counters, DialogEvent, DialogState, StartOptions, Step } from './types.js';
import { analyze, isBackchannel } from '../nlu/index.js';

const ZERO: Counters = { affirmative: 0, questions: 0, interactions: 0, refusals: 0, silences: 0, unmatched: 0 };

/** A call that has been dialed but not yet answered. */
export function start(_t: CompiledTemplate, opts: StartOptions = {}): Step {
  const state: DialogState = {
    v: 1,
    phase: 'ready',
    node: -1,
    answeredAtMs: null,
    lastAtMs: opts.atMs ?? 0,
    counters: ZERO,
    silencesInRow: 0,
    reprompted: false,
    unclearHere: 0,
    unmatchedHere: 0,
    promptSeq: 0,
    playing: null,
    tags: [],
    path: [],
    vars: { ...(opts.vars ?? {}) },
    endReason: null,
    grade: null,
    gradeReasons: [],
  };
  return { state, effects: [], trace: [{ code: 'start', note: '等待接通' }] };
}

/**
 * Applies one event. A step that returns effects replaces whatever effects of earlier steps have
 * not run yet (an answer to a barge-in cancels the rest of the prompt and its listen); a step
 * with no effects (a prompt finished, a backchannel) leaves them running.
 */
export function step(t: CompiledTemplate, state: DialogState, event: DialogEvent): Step {
  const d = new Draft(t, state, event.atMs);
  if (state.phase === 'ended') {
    d.trace('ignored', `通话已结束，忽略 ${event.type}`);
    return { state, effects: [], trace: d.done().trace };
  }
  switch (event.type) {
    case 'answered':
      if (state.phase !== 'ready') return ignore(d, '已经接通');
      d.s.answeredAtMs = event.atMs;
      d.s.phase = 'talking';
      d.trace('answered', '客户接通');
      d.enter(0, '开始');
      break;
    case 'hangup':
      d.trace('hangup', event.by === 'callee' ? '客户挂断' : '线路断开');
      d.finish(event.by === 'callee' ? 'callee' : 'network');
      break;
    case 'promptFinished':
    case 'promptInterrupted':
      if (state.playing?.id === event.promptId) {
        d.s.playing = null;
        if (event.type === 'promptInterrupted') d.trace('interrupted', '客户打断了机器人', { promptId: event.promptId });
      }
      break;
    case 'transferResult':
      if (state.phase !== 'transferring') return ignore(d, '没有在转接');
      if (event.connected) {
        d.trace('transferred', '坐席已接听，机器人退出');
        d.end('transferred');
      } else {
        d.s.phase = 'talking';
        d.trace('transfer-failed', '没有坐席接听，机器人继续');
        d.tag('转人工未接通', 'transfer');
        d.say('transfer-failed', t.settings.transferFailedPrompt, '', false);
        if (d.flow.node.terminate) d.end('completed');
        else d.next('转接失败');
      }
      break;
    case 'silence':
      if (state.phase !== 'talking') return ignore(d, '不在对话中');
      if (guard(d, event.atMs)) break;
      onSilence(d);
      break;
    case 'dtmf':
      if (state.phase !== 'talking') return ignore(d, '不在对话中');
      if (guard(d, event.atMs)) break;
      onDtmf(d, event.digit);
      break;
    case 'utterance':
      if (state.phase !== 'talking') return ignore(d, '不在对话中');
      if (guard(d, event.atMs)) break;
      onUtterance(d, event.text, event.confidence ?? 1);
      break;
  }
  return d.done();
}

function ignore(d: Draft, why: string): Step {
  d.trace('ignored', why);
  const done = d.done();
  return { state: done.state, effects: [], trace: done.trace };
}

/** Ends a call that has run too long; checked on every callee event. */
function guard(d: Draft, atMs: number): boolean {
  const answered = d.s.answeredAtMs ?? atMs;
  if (atMs - answered >= d.t.settings.maxCallMs) {
    d.trace('guard', `通话已 ${Math.round((atMs - answered) / 1000)} 秒，达到上限`);
    d.end('max-duration', d.t.settings.guardGoodbye);
    return true;
  }
  return false;
}

function countTurn(d: Draft): boolean {
  d.counters.interactions++;
  d.s.silencesInRow = 0;
  if (d.counters.interactions > d.t.settings.maxTurns) {
    d.trace('guard', `客户已说了 ${d.counters.interactions - 1} 次，达到${REASON_ZH['max-turns']}`);
    d.counters.interactions--;
    d.end('max-turns', d.t.settings.guardGoodbye);
    return false;
  }
  return true;
}

function onSilence(d: Draft): void {
  d.counters.silences++;
  d.s.silencesInRow++;
  if (d.s.silencesInRow >= d.t.settings.maxSilences) {
    d.trace('silence', `连续 ${d.s.silencesInRow} 次没有说话`);
    d.end('silence', d.t.settings.silenceGoodbye);
    return;
  }
  d.trace('silence', `客户没有说话（连续第 ${d.s.silencesInRow} 次），提醒一下`);
  d.say('silence', d.t.settings.silencePrompt, '', d.flow.bargeIn);
  d.s.reprompted = true;
  d.listen();
}

function onDtmf(d: Draft, digit: string): void {
  if (!countTurn(d)) return;
  d.s.reprompted = false;
  const f = d.flow;
  const branch = f.branches.findIndex((b) => b.words.includes(digit));
  if (branch >= 0) {
    d.trace('branch', `按键 ${digit} 命中分支${branch + 1}`, { branch: branch + 1, digit });
    d.enter(f.branches[branch]!.target, `分支${branch + 1}`);
  } else if (d.t.settings.dtmfAffirmative.includes(digit)) {
    d.trace('affirmative', `按键 ${digit} 表示肯定`, { digit });
    answeredYes(d);
  } else if (d.t.settings.dtmfNegative.includes(digit)) {
    d.trace('negative', `按键 ${digit} 表示否定`, { digit });
    answeredNo(d);
  } else {
    unmatched(d, `按键${digit}`);
  }
}

function onUtterance(d: Draft, text: string, confidence: number): void {
  const a = analyze(text);
  if (a.text === '') {
    d.trace('empty', '识别结果为空，按没说话处理');
    onSilence(d);
    return;
  }
  // A backchannel (嗯, 对) while the robot talks is the callee listening, not answering.
  if (d.s.playing !== null && isBackchannel(d.t.backchannel, a)) {
    d.trace('backchannel', `“${text}”是附和，不打断`);
    return;
  }
  if (confidence < d.t.settings.minConfidence && d.s.unclearHere < d.t.settings.maxUnmatched) {
    d.s.unclearHere++;
    d.trace('unclear', `置信度 ${confidence.toFixed(2)} 低于 ${d.t.settings.minConfidence}，请客户再说一遍`, { confidence });
    d.say('unclear', d.t.settings.unclearPrompt, '', d.flow.bargeIn);
    d.listen();
    return;
  }
  if (!countTurn(d)) return;
  d.s.playing = null;
  const afterSilence = d.s.reprompted;
  d.s.reprompted = false;
  handleUtterance(d, text, afterSilence);
}
