/**
 * What the callee said, in the order PRODUCT.md §2 fixes: corrections, questions, branch words,
 * affirmative/negative, then unmatched handling; each decision goes into the trace.
 */
import type { Draft } from './draft.js';
import type { AnalyzedText } from '../nlu/index.js';
import { analyze, applyCorrections, classifyPolarity, findPhrases, isNegatedAt, matchQuestion, toPinyin } from '../nlu/index.js';

/** Clause boundaries as ASR punctuates them; corrections apply per clause so the boundaries survive. */
const CLAUSE = /[\s,，。.!！?？;；、~～…]+/;

export function handleUtterance(d: Draft, raw: string, afterSilencePrompt: boolean): void {
  const clauses: string[] = [];
  for (const part of raw.split(CLAUSE)) {
    const corrected = applyCorrections(d.t.corrections, part);
    if (corrected.text === '') continue;
    for (const c of corrected.applied) {
      d.trace('correction', `纠正“${c.keyword}”→“${c.correction}”`, { keyword: c.keyword, correction: c.correction });
    }
    clauses.push(corrected.text);
  }
  const text = clauses.join('，');
  const a = analyze(text);
  if (answerQuestion(d, a, clauses)) return;
  if (takeBranch(d, a)) return;
  const polarity = classifyPolarity(d.t.lexicon, a);
  if (polarity.polarity === 'affirmative' && afterSilencePrompt) {
    // "在的，你说" answers 能听到吗, not the flow's question: say the flow's prompt again.
    d.trace('acknowledged', `“${text}”是在回应“能听到吗”，重说当前流程`);
    d.sayFlowPrompt();
    d.listen();
    return;
  }
  if (!answerYesNo(d, polarity)) {
    if (polarity.interrogative) d.trace('unknown-question', '客户在提问，但问题列表里没有这个问题');
    unmatched(d, text);
  }
}

/** Takes the yes/no path when the polarity says one; false when it says neither. */
function answerYesNo(d: Draft, polarity: ReturnType<typeof classifyPolarity>): boolean {
  const words = polarity.hits.map((h) => `${h.negated ? '(否定)' : ''}${h.word}`).join('、');
  if (polarity.polarity === 'affirmative') {
    d.trace('affirmative', `肯定回答（${words}）`, { words });
    answeredYes(d);
    return true;
  }
  if (polarity.polarity === 'negative') {
    d.trace('negative', `否定回答（${words}）`, { words });
    answeredNo(d);
    return true;
  }
  return false;
}

function answerQuestion(d: Draft, a: AnalyzedText, clauses: readonly string[]): boolean {
  const hit = matchQuestion(d.t.questionIndex, a, d.t.settings.questionThreshold);
  if (!hit) return false;
  const q = d.t.questions[hit.question]!;
  const how = hit.via === 'pinyin' ? '（按拼音）' : '';
  d.trace('question', `问到问题“${q.question}”：匹配“${hit.phrase}”，相似度 ${hit.score.toFixed(2)}${how}`,
    { question: q.question, phrase: hit.phrase, score: Number(hit.score.toFixed(3)), via: hit.via });
  // A question that ends the call (是不是骗子, 我在开车) is not interest: it is not counted as 咨询.
  if (q.after !== 'hangup') d.counters.questions++;
  d.tag(q.tag, 'question');
  d.say('answer', q.answer, q.recording);
  switch (q.after) {
    case 'return':
    case 'wait':
      if (answerOtherClauses(d, clauses)) return true;
      if (q.after === 'wait') {
        d.listen();
        return true;
      }
      d.trace('return', `回答后回到流程“${d.flow.node.name}”`);
      d.sayFlowPrompt();
      d.listen();
      break;
    case 'next':
      d.next('回答后进入下一流程');
      break;
    case 'hangup':
      d.end('question');
      break;
  }
  return true;
}

/**
 * "有啊，能贷多少？" both answers and asks: after answering the question, the clauses that asked
 * nothing still count as the answer to the flow.
 */
function answerOtherClauses(d: Draft, clauses: readonly string[]): boolean {
  if (clauses.length < 2) return false;
  const rest = clauses.filter((c) => matchQuestion(d.t.questionIndex, analyze(c), d.t.settings.questionThreshold) === null);
  if (rest.length === 0 || rest.length === clauses.length) return false;
  const a = analyze(rest.join('，'));
  if (takeBranch(d, a)) return true;
  const polarity = classifyPolarity(d.t.lexicon, a);
  return polarity.polarity !== null && answerYesNo(d, polarity);
}

function takeBranch(d: Draft, a: AnalyzedText): boolean {
  const f = d.flow;
  if (f.branches.length === 0) return false;
  let best: { branch: number; word: string; via: string } | null = null;
  for (const hit of findPhrases(f.branchWords, a)) {
    const branch = f.branchOf[hit.phrase]!;
    const word = f.branchPhrases[hit.phrase]!;
    if (isNegatedAt(a, hit.start)) {
      d.trace('branch-negated', `分支词“${word}”前面有否定词，不算`, { word });
      continue;
    }
    if (best === null || branch < best.branch) best = { branch, word, via: hit.via };
  }
  if (best === null) return false;
  const how = best.via === 'pinyin' ? `（按拼音 ${toPinyin(best.word)}）` : '';
  d.trace('branch', `命中分支${best.branch + 1}的词“${best.word}”${how}`, { branch: best.branch + 1, word: best.word, via: best.via });
  d.enter(f.branches[best.branch]!.target, `分支${best.branch + 1}`);
  return true;
}

export function answeredYes(d: Draft): void {
  const f = d.flow;
  d.counters.affirmative++;
  d.tag(f.node.positiveTag, 'positive');
  d.enter(f.positive, f.node.positiveJump ? `肯定跳转` : '肯定，进入下一流程');
}

export function answeredNo(d: Draft): void {
  const f = d.flow;
  d.counters.refusals++;
  d.tag(f.node.negativeTag, 'negative');
  const why = f.node.ignoreNegative ? '忽略否定，进入下一流程' : f.node.negativeJump ? '否定跳转' : '否定，进入下一流程';
  d.enter(f.negative, why);
}

export function unmatched(d: Draft, text: string): void {
  const f = d.flow;
  d.counters.unmatched++;
  d.emit({ type: 'unmatched', text, flow: f.node.name });
  if (f.node.ignoreUnmatched) {
    d.trace('unmatched', `没有匹配，流程设了忽略未匹配`, { text });
    d.next('忽略未匹配，进入下一流程');
    return;
  }
  if (d.s.unmatchedHere < d.t.settings.maxUnmatched) {
    d.s.unmatchedHere++;
    d.trace('unmatched', `没有匹配，重问（第 ${d.s.unmatchedHere} 次）`, { text });
    d.say('unmatched', d.t.settings.unmatchedPrompt, '', f.bargeIn);
    d.sayFlowPrompt();
    d.listen();
    return;
  }
  d.trace('unmatched', `没有匹配，已重问 ${d.s.unmatchedHere} 次`, { text });
  d.next('重问次数用完，进入下一流程');
}
