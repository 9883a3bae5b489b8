/**
 * The dialog's vocabulary: what happens to a call (events), what the robot should do (effects)
 * and everything the engine remembers between the two (state, a JSON snapshot).
 */
import type { Grade } from '../template/types.js';

/** Per-call counts that grading reads. */
export interface Counters {
  /** Affirmative answers (肯定回答). */
  readonly affirmative: number;
  /** Questions asked by the callee (咨询问题). */
  readonly questions: number;
  /** Callee turns: utterances and key presses (交互次数). */
  readonly interactions: number;
  /** Negative answers (拒绝). */
  readonly refusals: number;
  /** Listen timeouts with no speech. */
  readonly silences: number;
  /** Utterances that matched nothing. */
  readonly unmatched: number;
}

export type HangupReason =
  | 'completed' // a terminating flow was said
  | 'question' // a question's answer ends the call
  | 'silence' // too many silences in a row
  | 'max-turns'
  | 'max-duration'
  | 'transferred' // an agent took the call over
  | 'callee' // the callee hung up
  | 'network'; // the line dropped

export type PromptKind = 'flow' | 'answer' | 'silence' | 'unmatched' | 'unclear' | 'goodbye' | 'transfer-hold' | 'transfer-failed';

/** What is playing now, so an utterance can be told apart as an interruption. */
export interface PlayingPrompt {
  readonly id: number;
  readonly kind: PromptKind;
  readonly bargeIn: boolean;
}

export type DialogPhase = 'ready' | 'talking' | 'transferring' | 'ended';

export interface DialogState {
  readonly v: 1;
  readonly phase: DialogPhase;
  /** Index of the current flow; -1 before the call is answered. */
  readonly node: number;
  readonly answeredAtMs: number | null;
  readonly lastAtMs: number;
  readonly counters: Counters;
  readonly silencesInRow: number;
  /** The last thing said was the silence prompt (能听到吗？): a bare yes answers it, not the flow. */
  readonly reprompted: boolean;
  /** Re-asks already made at the current flow because recognition was unsure. */
  readonly unclearHere: number;
  /** Re-asks already made at the current flow. */
  readonly unmatchedHere: number;
  readonly promptSeq: number;
  readonly playing: PlayingPrompt | null;
  readonly tags: readonly string[];
  /** Flow names entered, in order (the call's path through the script). */
  readonly path: readonly string[];
  readonly vars: Readonly<Record<string, string>>;
  readonly endReason: HangupReason | null;
  readonly grade: Grade | null;
  readonly gradeReasons: readonly string[];
}

interface EventBase {
  /** Milliseconds on the call's clock (any origin; only differences matter). */
  readonly atMs: number;
}

export type DialogEvent =
  | (EventBase & { readonly type: 'answered' })
  | (EventBase & { readonly type: 'utterance'; readonly text: string; readonly confidence?: number })
  | (EventBase & { readonly type: 'silence' })
  | (EventBase & { readonly type: 'dtmf'; readonly digit: string })
  | (EventBase & { readonly type: 'promptFinished'; readonly promptId: number })
  | (EventBase & { readonly type: 'promptInterrupted'; readonly promptId: number })
  | (EventBase & { readonly type: 'transferResult'; readonly connected: boolean })
  | (EventBase & { readonly type: 'hangup'; readonly by: 'callee' | 'network' });

export type DialogEventType = DialogEvent['type'];

/**
 * Effects run in order. A `say` completes (finished or interrupted) before the next effect
 * starts; `listen`'s timeout counts from then.
 */
export type Effect =
  | {
      readonly type: 'say';
      readonly promptId: number;
      readonly kind: PromptKind;
      /** Text with variables filled in (the transcript when a recording plays). */
      readonly text: string;
      /** Recording file to play instead of synthesizing `text` (`''`: synthesize). */
      readonly recording: string;
      readonly bargeIn: boolean;
      /** Flow the prompt belongs to. */
      readonly flow: string;
    }
  | {
      readonly type: 'listen';
      readonly timeoutMs: number;
      readonly answerKind: 'short' | 'open';
      /** Words the recognizer should favour here (hot words). */
      readonly hints: readonly string[];
      readonly flow: string;
    }
  | { readonly type: 'transfer'; readonly group: string; readonly flow: string }
  | { readonly type: 'hangup'; readonly reason: HangupReason }
  | { readonly type: 'tag'; readonly tag: string; readonly source: 'positive' | 'negative' | 'question' | 'transfer' }
  | { readonly type: 'unmatched'; readonly text: string; readonly flow: string }
  | {
      readonly type: 'graded';
      readonly grade: Grade;
      readonly reasons: readonly string[];
      readonly counters: Counters;
    };

export type EffectType = Effect['type'];

/** One decision the engine took, for people: a stable code, a Chinese note and its data. */
export interface TraceEntry {
  readonly code: string;
  readonly note: string;
  readonly data?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface Step {
  readonly state: DialogState;
  readonly effects: readonly Effect[];
  readonly trace: readonly TraceEntry[];
}

export interface StartOptions {
  /** Lead variables for prompts, e.g. `{ 姓名: '张三' }`. */
  readonly vars?: Readonly<Record<string, string>>;
  readonly atMs?: number;
}
