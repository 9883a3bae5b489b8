/** Compact builders for tests: a flow or a template with only what a test cares about. */
import type { FlowNode, Template } from './template/types.js';
import { newFlow, newQuestion } from './template/new.js';
import { EMPTY_TEMPLATE } from './template/blank.js';
import { compileTemplate } from './template/compile.js';
import type { CompiledTemplate } from './template/compile.js';

export const flow = newFlow;
export const question = newQuestion;

export function template(more: Partial<Template> & { flows: readonly FlowNode[] }): Template {
  return { ...EMPTY_TEMPLATE, ...more };
}

export function compiled(t: Template): CompiledTemplate {
  const r = compileTemplate(t);
  if (!r.template) throw new Error(`test template has errors: ${r.issues.map((i) => `${i.code} ${i.message.en}`).join('; ')}`);
  return r.template;
}
