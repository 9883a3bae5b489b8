/** Compact builders for tests: a flow or a template with only what a test cares about. */
import type { FlowNode, Question, Template } from './template/types.js';
import { EMPTY_TEMPLATE } from './template/blank.js';
import { compileTemplate } from './template/compile.js';
import type { CompiledTemplate } from './template/compile.js';

export function flow(name: string, prompt: string, more: Partial<FlowNode> = {}): FlowNode {
  return {
    name, prompt, recording: '', positiveTag: '', negativeTag: '', positiveJump: '', negativeJump: '', branches: [],
    terminate: false, ignoreUnmatched: false, ignoreNegative: false, transferGroup: '', bargeIn: null,
    silenceTimeoutMs: null, answerKind: null, note: '', ...more,
  };
}

export function question(q: string, answer: string, more: Partial<Question> = {}): Question {
  return { question: q, alternatives: [], answer, recording: '', after: 'return', tag: '', note: '', ...more };
}

export function template(more: Partial<Template> & { flows: readonly FlowNode[] }): Template {
  return { ...EMPTY_TEMPLATE, ...more };
}

export function compiled(t: Template): CompiledTemplate {
  const r = compileTemplate(t);
  if (!r.template) throw new Error(`test template has errors: ${r.issues.map((i) => `${i.code} ${i.message.en}`).join('; ')}`);
  return r.template;
}
