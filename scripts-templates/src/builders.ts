/**
 * Builders for the sample scripts: a flow, a question or a whole template with only what the
 * script says, the rest at the values an empty spreadsheet cell reads back as (`''`, `false`,
 * `null`), so a definition deep-equals the template read back from its exported .xlsx.
 */
import { DEFAULT_GRADE_RULES, DEFAULT_SETTINGS, DEFAULT_WORDS, newFlow, newQuestion } from '@waihu/engine';
import type { Correction, FlowNode, Question, Template, TemplateSettings, WordLists } from '@waihu/engine';

export const flow = newFlow;

/** A flow the robot hangs up after. */
export function ending(name: string, prompt: string, more: Partial<FlowNode> = {}): FlowNode {
  return flow(name, prompt, { terminate: true, ...more });
}

export function question(q: string, alternatives: readonly string[], answer: string, more: Partial<Question> = {}): Question {
  return newQuestion(q, answer, { alternatives, ...more });
}

/** Keyword → correction pairs, written `['尚班', '上班']`. */
export function corrections(...pairs: readonly (readonly [string, string])[]): Correction[] {
  return pairs.map(([keyword, correction]) => ({ keyword, correction }));
}

export interface SampleParts {
  readonly settings: Partial<TemplateSettings> & Pick<TemplateSettings, 'name' | 'industry'>;
  readonly flows: readonly FlowNode[];
  readonly questions: readonly Question[];
  readonly corrections: readonly Correction[];
  /** Word lists that replace the defaults (start from `DEFAULT_WORDS` to extend them). */
  readonly words?: Partial<WordLists>;
}

/** A sample script: default grade rules; default settings and word lists except those given. */
export function sample(parts: SampleParts): Template {
  return {
    flows: parts.flows,
    questions: parts.questions,
    corrections: parts.corrections,
    words: { ...DEFAULT_WORDS, ...parts.words },
    settings: { ...DEFAULT_SETTINGS, ...parts.settings },
    gradeRules: DEFAULT_GRADE_RULES,
  };
}
