/**
 * A validated Template into the form the dialog runs on: jumps resolved to indexes, every word
 * list and question indexed once, so a step costs the same with 5 questions or 500.
 */
import type { AnswerKind, FlowNode, GradeRule, Question, Template, TemplateSettings } from './types.js';
import type { TemplateIssue } from './issues.js';
import { hasErrors } from './issues.js';
import type { TemplateSources } from './sources.js';
import type { ValidateOptions } from './validate.js';
import { validateTemplate } from './validate.js';
import { flowIndex } from './graph.js';
import type { BackchannelIndex, CorrectionIndex, Lexicon, PhraseIndex, QuestionIndex } from '../nlu/index.js';
import { compileBackchannel, compileCorrections, compileLexicon, compilePhrases, compileQuestions, normalize } from '../nlu/index.js';

/** No such flow: the call ends when it would go there. */
export const END = -1;

export interface CompiledBranch {
  readonly target: number;
  readonly words: readonly string[];
}

export interface CompiledFlow {
  readonly index: number;
  readonly node: FlowNode;
  readonly next: number;
  readonly positive: number;
  readonly negative: number;
  readonly branches: readonly CompiledBranch[];
  /** All branch words in one index; phrase k is `branchPhrases[k]` of branch `branchOf[k]`. */
  readonly branchWords: PhraseIndex;
  readonly branchPhrases: readonly string[];
  readonly branchOf: readonly number[];
  readonly bargeIn: boolean;
  readonly silenceTimeoutMs: number;
  readonly answerKind: AnswerKind;
  readonly hints: readonly string[];
}

export interface CompiledTemplate {
  readonly source: Template;
  readonly settings: TemplateSettings;
  readonly flows: readonly CompiledFlow[];
  readonly byName: ReadonlyMap<string, number>;
  readonly questions: readonly Question[];
  readonly questionIndex: QuestionIndex;
  readonly corrections: CorrectionIndex;
  readonly lexicon: Lexicon;
  readonly backchannel: BackchannelIndex;
  readonly gradeRules: readonly GradeRule[];
}

export interface CompileOptions extends ValidateOptions {
  readonly sources?: TemplateSources | null;
}

export interface CompileResult {
  /** `null` when the template has errors. */
  readonly template: CompiledTemplate | null;
  readonly issues: readonly TemplateIssue[];
}

const HINT_LIMIT = 50;

export function compileTemplate(t: Template, opts: CompileOptions = {}): CompileResult {
  const issues = validateTemplate(t, opts.sources ?? null, opts);
  if (hasErrors(issues)) return { template: null, issues };
  return { template: buildCompiled(t), issues };
}

function buildCompiled(t: Template): CompiledTemplate {
  const byName = flowIndex(t.flows);
  const pinyin = t.settings.pinyinMatching;
  const correctionTargets = t.corrections.map((c) => c.correction).filter((w) => w !== '');
  const flows = t.flows.map((node, index): CompiledFlow => {
    const next = index + 1 < t.flows.length ? index + 1 : END;
    const jump = (name: string): number => (name === '' ? next : byName.get(name) ?? END);
    const branches = node.branches.map((b) => ({ target: byName.get(b.target) ?? END, words: b.words }));
    const phrases: string[] = [];
    const branchOf: number[] = [];
    branches.forEach((b, k) => b.words.forEach((w) => { phrases.push(w); branchOf.push(k); }));
    return {
      index,
      node,
      next,
      positive: jump(node.positiveJump),
      negative: node.ignoreNegative ? next : jump(node.negativeJump),
      branches,
      branchWords: compilePhrases(phrases, { pinyin }),
      branchPhrases: phrases,
      branchOf,
      bargeIn: node.bargeIn ?? t.settings.bargeIn,
      silenceTimeoutMs: node.silenceTimeoutMs ?? t.settings.silenceTimeoutMs,
      answerKind: node.answerKind ?? t.settings.answerKind,
      hints: [...new Set([...phrases, ...correctionTargets])].slice(0, HINT_LIMIT),
    };
  });
  return {
    source: t,
    settings: t.settings,
    flows,
    byName,
    questions: t.questions,
    questionIndex: compileQuestions(firstPhrasings(t.questions), { pinyin }),
    corrections: compileCorrections(t.corrections),
    lexicon: compileLexicon(t.words, { pinyin }),
    backchannel: compileBackchannel(t.words.backchannel),
    gradeRules: t.gradeRules,
  };
}

/**
 * Each question's phrasings, less any an earlier question already has: the first question wins
 * (as validation warns), and a phrasing repeated under hundreds of questions costs nothing.
 */
function firstPhrasings(questions: readonly Question[]): string[][] {
  const seen = new Set<string>();
  return questions.map((q) => [q.question, ...q.alternatives].filter((p) => {
    const key = normalize(p);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  }));
}
