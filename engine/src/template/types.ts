/**
 * The script as the marketer wrote it (the source form the server stores and edits). It is plain
 * JSON; `compile` turns it into the indexed form the dialog runs on.
 *
 * Absent text is `''` and absent per-flow overrides are `null`, so a template read back from its
 * own exported spreadsheet is deep-equal to the original.
 */

export interface Branch {
  /** Words any of which picks this branch (pinyin-aware, negation-aware). */
  readonly words: readonly string[];
  /** Flow to jump to. */
  readonly target: string;
}

/** What the robot does after answering a question. */
export type QuestionAfter = 'return' | 'wait' | 'next' | 'hangup';

/** How long an answer the flow expects: short answers end sooner (endpointing). */
export type AnswerKind = 'short' | 'open';

export interface FlowNode {
  readonly name: string;
  /** Prompt text; may use `{变量}` or `{变量|默认}`. With a recording it is the recording's transcript. */
  readonly prompt: string;
  /** Recording file name (optional). */
  readonly recording: string;
  readonly positiveTag: string;
  readonly negativeTag: string;
  /** Flow to go to after an affirmative answer; `''` means the next flow. */
  readonly positiveJump: string;
  /** Flow to go to after a negative answer; `''` means the next flow. */
  readonly negativeJump: string;
  readonly branches: readonly Branch[];
  /** The robot hangs up after this prompt. */
  readonly terminate: boolean;
  /** An unrelated answer or unknown question moves on instead of re-asking. */
  readonly ignoreUnmatched: boolean;
  /** A negative answer moves on to the next flow instead of taking the negative jump. */
  readonly ignoreNegative: boolean;
  /** Agent group to hand the call to after this prompt (`''`: none). */
  readonly transferGroup: string;
  /** May the callee interrupt this prompt? `null`: the template's setting. */
  readonly bargeIn: boolean | null;
  /** How long to wait for an answer; `null`: the template's setting. */
  readonly silenceTimeoutMs: number | null;
  /** `null`: the template's setting. */
  readonly answerKind: AnswerKind | null;
  readonly note: string;
}

export interface Question {
  /** The main phrasing, e.g. 你们是哪个公司的. */
  readonly question: string;
  /** Other phrasings with the same answer (子问题). */
  readonly alternatives: readonly string[];
  readonly answer: string;
  readonly recording: string;
  readonly after: QuestionAfter;
  /** Tag added to the call when this question is asked (`''`: none). */
  readonly tag: string;
  readonly note: string;
}

/** Applied to recognized text before matching: `keyword` becomes `correction`. */
export interface Correction {
  readonly keyword: string;
  readonly correction: string;
}

export interface WordLists {
  readonly affirmative: readonly string[];
  readonly negative: readonly string[];
  /** Short sounds (嗯, 啊, 对) that do not interrupt a prompt unless the flow allows it. */
  readonly backchannel: readonly string[];
}

export interface TemplateSettings {
  readonly name: string;
  readonly industry: string;
  /** Declared lead variables beyond the built-in ones, usable as `{名字}` in prompts. */
  readonly variables: readonly string[];
  readonly bargeIn: boolean;
  readonly silenceTimeoutMs: number;
  readonly answerKind: AnswerKind;
  /** Said when the callee is silent (喂，您好，能听到吗？). */
  readonly silencePrompt: string;
  /** Silences in a row before the robot hangs up. */
  readonly maxSilences: number;
  /** Said before hanging up after too many silences. */
  readonly silenceGoodbye: string;
  /** Said before re-asking when nothing matched. */
  readonly unmatchedPrompt: string;
  /** Re-asks of one flow before moving on. */
  readonly maxUnmatched: number;
  /** Said when confidence is too low to act on. */
  readonly unclearPrompt: string;
  /** Below this ASR confidence an utterance is treated as unclear (0–1). */
  readonly minConfidence: number;
  /** Share of a question's character pairs an utterance must contain to match it (0–1). */
  readonly questionThreshold: number;
  /** Match homophones through pinyin (尚班 hits 上班). */
  readonly pinyinMatching: boolean;
  /** Callee turns before the robot ends the call. */
  readonly maxTurns: number;
  /** Longest call from answer, in milliseconds. */
  readonly maxCallMs: number;
  /** Said when a guard (turns, call length) ends the call. */
  readonly guardGoodbye: string;
  /** Said to the callee while a transfer rings (`''`: the transfer flow's prompt is enough). */
  readonly transferHoldPrompt: string;
  /** Said when no agent answered and the robot carries on. */
  readonly transferFailedPrompt: string;
  /** DTMF keys read as yes / no. */
  readonly dtmfAffirmative: string;
  readonly dtmfNegative: string;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
/** Grades a connected call can get from rules. */
export type RuleGrade = 'A' | 'B' | 'C' | 'D';
export type Counter = 'affirmative' | 'questions' | 'interactions' | 'refusals' | 'silences' | 'unmatched';
export type Comparison = '>=' | '>' | '<=' | '<' | '=';

export interface Condition {
  readonly counter: Counter;
  readonly op: Comparison;
  readonly value: number;
}

/** One row of the grade-rule sheet: the grade holds when all conditions hold. */
export interface GradeRule {
  readonly grade: RuleGrade;
  readonly conditions: readonly Condition[];
  readonly note: string;
}

export interface Template {
  readonly flows: readonly FlowNode[];
  readonly questions: readonly Question[];
  readonly corrections: readonly Correction[];
  readonly words: WordLists;
  readonly settings: TemplateSettings;
  readonly gradeRules: readonly GradeRule[];
}
