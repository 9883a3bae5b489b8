/**
 * What the callee said, in the order PRODUCT.md §2 fixes: corrections, questions, branch words,
 * affirmative/negative, then unmatched handling; each decision goes into the trace.
 */
import type { Draft } from './draft.js';
import type { AnalyzedText } from '../nlu/index.js';
import { analyze, applyCorrections, classifyPolarity, findPhrases, isNegatedAt, matchQuestion, toPinyin } from '../nlu/index.js';

export function handleUtterance(d: Draft, raw: string): void {
  const corrected = applyCorrections(d.t.corrections, raw);
  for (const c of corrected.applied) {
    d.trace('correction', `纠正“${c.keyword}”→“${c.correction}”`, { keyword: c.keyword, correction: c.correction });
  }
  const a = analyze(corrected.text);
  if (answerQuestion(d, a)) return;
  if (takeBranch(d, a)) return;
  const polarity = classifyPolarity(d.t.lexicon, a);
  const words = polarity.hits.map((h) => `${h.negated ? '(否定)' : ''}${h.word}`).join('、');
  if (polarity.polarity === 'affirmative') {
    d.trace('affirmative', `肯定回答（${words}）`, { words });
    answeredYes(d);
  } else if (polarity.polarity === 'negative') {
    d.trace('negative', `否定回答（${words}）`, { words });
    answeredNo(d);
  } else {
    unmatched(d, corrected.text);
  }
}

function answerQuestion(d: Draft, a: AnalyzedText): boolean {
  const hit = matchQuestion(d.t.questionIndex, a, d.t.settings.questionThreshold);
  if (!hit) return false;
  const q = d.t.questions[hit.question]!;
  d.counters.questions++;
  const how = hit.via === 'pinyin' ? '（按拼音）' : '';
  d.trace('question', `问到问题“${q.question}”：匹配“${hit.phrase}”，相似度 ${hit.score.toFixed(2)}${how}`,
    { question: q.question, phrase: hit.phrase, score: Number(hit.score.toFixed(3)), via: hit.via });
  d.tag(q.tag, 'question');
  d.say('answer', q.answer, q.recording);
  switch (q.after) {
    case 'return':
      d.trace('return', `回答后回到流程“${d.flow.node.name}”`);
      d.sayFlowPrompt();
      d.listen();
      break;
    case 'wait':
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
