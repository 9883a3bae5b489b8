/** Data rows of the flow, question and correction sheets into Template parts. */
import type { Branch, Correction, FlowNode, Question, QuestionAfter, AnswerKind } from './types.js';
import type { Table } from './table.js';
import { RowReader, splitList, cellText } from './table.js';
import type { TemplateIssue } from './issues.js';
import { columnLetter } from './workbook.js';

export const ANSWER_KIND_WORDS: Readonly<Record<string, AnswerKind>> = {
  短答: 'short', 短: 'short', 简短: 'short', short: 'short', 开放: 'open', 长答: 'open', open: 'open',
};

export const AFTER_WORDS: Readonly<Record<string, QuestionAfter>> = {
  返回: 'return', 返回流程: 'return', 重说: 'return', return: 'return',
  等待: 'wait', 继续听: 'wait', wait: 'wait',
  下一步: 'next', 下一流程: 'next', 继续: 'next', next: 'next',
  挂断: 'hangup', 结束: 'hangup', hangup: 'hangup', 'hang up': 'hangup',
};

export interface FlowRows {
  readonly flows: FlowNode[];
  readonly rows: number[];
  readonly branchPairs: number[][];
}

export function readFlows(table: Table, issues: TemplateIssue[]): FlowRows {
  const out: FlowRows = { flows: [], rows: [], branchPairs: [] };
  for (const row of table.rows) {
    const r = new RowReader(table, row, issues);
    const branches: Branch[] = [];
    const pairs: number[] = [];
    for (const n of table.branchPairs) {
      const words = r.list(`branch${n}.words`);
      const target = r.text(`branch${n}.target`);
      if (words.length === 0 && target === '') continue;
      branches.push({ words, target });
      pairs.push(n);
    }
    out.flows.push({
      name: r.text('name'),
      prompt: r.text('prompt'),
      recording: r.text('recording'),
      positiveTag: r.text('positiveTag'),
      negativeTag: r.text('negativeTag'),
      positiveJump: r.text('positiveJump'),
      negativeJump: r.text('negativeJump'),
      branches,
      terminate: r.bool('terminate') ?? false,
      ignoreUnmatched: r.bool('ignoreUnmatched') ?? false,
      ignoreNegative: r.bool('ignoreNegative') ?? false,
      transferGroup: r.text('transferGroup'),
      bargeIn: r.bool('bargeIn'),
      silenceTimeoutMs: r.seconds('silenceTimeoutMs', 1, 60),
      answerKind: r.choice('answerKind', ANSWER_KIND_WORDS),
      note: r.text('note'),
    });
    out.rows.push(row.row);
    out.branchPairs.push(pairs);
  }
  return out;
}

export function readQuestions(table: Table, issues: TemplateIssue[]): { questions: Question[]; rows: number[] } {
  const questions: Question[] = [];
  const rows: number[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, issues);
    questions.push({
      question: r.text('question'),
      alternatives: r.list('alternatives'),
      answer: r.text('answer'),
      recording: r.text('recording'),
      after: r.choice('after', AFTER_WORDS) ?? 'return',
      tag: r.text('tag'),
      note: r.text('note'),
    });
    rows.push(row.row);
  }
  return { questions, rows };
}

export function readCorrections(table: Table, issues: TemplateIssue[]): { corrections: Correction[]; rows: number[] } {
  const corrections: Correction[] = [];
  const rows: number[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, issues);
    corrections.push({ keyword: r.text('keyword'), correction: r.text('correction') });
    rows.push(row.row);
  }
  return { corrections, rows };
}

/** Header cells of a table, as a source column map. */
export function tableColumns(table: Table): Record<string, { header: string; letter: string }> {
  const out: Record<string, { header: string; letter: string }> = {};
  for (const [key, c] of table.columns) out[key] = { header: c.header, letter: columnLetter(c.index) };
  return out;
}

export { splitList, cellText };
