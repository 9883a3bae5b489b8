/**
 * One step under construction: a copy of the state that handlers change, the effects they
 * emit and the trace that explains them. The robot's moves (say, listen, enter a flow, end the
 * call) live here so every handler moves the same way.
 */
import type { CompiledFlow, CompiledTemplate } from '../template/compile.js';
import { END } from '../template/compile.js';
import { fillVariables } from '../template/variables.js';
import { gradeCall } from '../grade/grade.js';
import type { Counters, DialogState, Effect, HangupReason, PromptKind, Step, TraceEntry } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type TraceData = Readonly<Record<string, string | number | boolean | null>>;

export class Draft {
  readonly s: Mutable<DialogState>;
  readonly counters: Mutable<Counters>;
  private readonly effects: Effect[] = [];
  private readonly traceEntries: TraceEntry[] = [];

  constructor(readonly t: CompiledTemplate, prior: DialogState, atMs: number) {
    this.counters = { ...prior.counters };
    this.s = { ...prior, counters: this.counters, lastAtMs: atMs };
  }

  get flow(): CompiledFlow {
    return this.t.flows[this.s.node]!;
  }

  trace(code: string, note: string, data?: TraceData): void {
    this.traceEntries.push(data ? { code, note, data } : { code, note });
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  tag(tag: string, source: 'positive' | 'negative' | 'question' | 'transfer'): void {
    if (tag === '') return;
    if (!this.s.tags.includes(tag)) this.s.tags = [...this.s.tags, tag];
    this.emit({ type: 'tag', tag, source });
    this.trace('tag', `加标签“${tag}”`, { tag, source });
  }

  say(kind: PromptKind, text: string, recording = '', bargeIn = this.s.node >= 0 ? this.flow.bargeIn : false): void {
    const filled = fillVariables(text, this.s.vars);
    if (filled === '' && recording === '') return;
    const promptId = this.s.promptSeq + 1;
    this.s.promptSeq = promptId;
    this.s.playing = { id: promptId, kind, bargeIn };
    this.emit({ type: 'say', promptId, kind, text: filled, recording, bargeIn, flow: this.s.node >= 0 ? this.flow.node.name : '' });
  }

  sayFlowPrompt(): void {
    this.say('flow', this.flow.node.prompt, this.flow.node.recording);
  }

  listen(): void {
    const f = this.flow;
    this.emit({ type: 'listen', timeoutMs: f.silenceTimeoutMs, answerKind: f.answerKind, hints: f.hints, flow: f.node.name });
  }

  /** Moves to flow `index` and does what it says: speak, then listen, transfer or hang up. */
  enter(index: number, why: string): void {
    if (index === END) {
      this.trace('end-of-script', `${why}：后面没有流程了，说结束语挂断`);
      this.end('completed', this.t.settings.guardGoodbye);
      return;
    }
    this.s.node = index;
    this.s.unmatchedHere = 0;
    this.s.unclearHere = 0;
    this.s.path = [...this.s.path, this.flow.node.name];
    const node = this.flow.node;
    this.trace('enter', `${why}：进入流程“${node.name}”`, { flow: node.name });
    this.sayFlowPrompt();
    if (node.terminate) {
      this.end('completed');
    } else if (node.transferGroup !== '') {
      this.say('transfer-hold', this.t.settings.transferHoldPrompt, '', false);
      this.s.phase = 'transferring';
      this.emit({ type: 'transfer', group: node.transferGroup, flow: node.name });
      this.trace('transfer', `转接坐席组“${node.transferGroup}”`, { group: node.transferGroup });
    } else {
      this.listen();
    }
  }

  /** Goes on to the current flow's next one. */
  next(why: string): void {
    this.enter(this.flow.next, why);
  }

  /** Ends the call from the robot's side (optionally saying goodbye first) and grades it. */
  end(reason: HangupReason, goodbye = ''): void {
    if (goodbye !== '') this.say('goodbye', goodbye, '', false);
    this.emit({ type: 'hangup', reason });
    this.trace('hangup', `挂断：${REASON_ZH[reason]}`, { reason });
    this.finish(reason);
  }

  /** Marks the call over (the line is already down, or was just hung up) and grades it. */
  finish(reason: HangupReason): void {
    this.s.phase = 'ended';
    this.s.endReason = reason;
    this.s.playing = null;
    const result = gradeCall(this.t.gradeRules, this.counters);
    this.s.grade = result.grade;
    this.s.gradeReasons = result.reasons;
    this.emit({ type: 'graded', grade: result.grade, reasons: result.reasons, counters: { ...this.counters } });
    this.trace('graded', `评为 ${result.reasons[0] ?? result.grade}`, { grade: result.grade });
  }

  done(): Step {
    return { state: this.s, effects: this.effects, trace: this.traceEntries };
  }
}

export const REASON_ZH: Readonly<Record<HangupReason, string>> = {
  completed: '流程走完',
  question: '回答问题后结束',
  silence: '客户多次没有说话',
  'max-turns': '达到最大轮次',
  'max-duration': '达到最长通话时间',
  transferred: '已转给坐席',
  callee: '客户挂断',
  network: '线路断开',
};
