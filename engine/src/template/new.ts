/**
 * New flows and questions with every field at its empty value — what an empty spreadsheet cell
 * reads back as — so a template built in code deep-equals the same template read from its file.
 */
import type { FlowNode, Question } from './types.js';

export function newFlow(name: string, prompt: string, more: Partial<FlowNode> = {}): FlowNode {
  return {
    name, prompt, recording: '', positiveTag: '', negativeTag: '', positiveJump: '', negativeJump: '', branches: [],
    terminate: false, ignoreUnmatched: false, ignoreNegative: false, transferGroup: '', bargeIn: null,
    silenceTimeoutMs: null, answerKind: null, note: '', ...more,
  };
}

export function newQuestion(question: string, answer: string, more: Partial<Question> = {}): Question {
  return { question, alternatives: [], answer, recording: '', after: 'return', tag: '', note: '', ...more };
}
