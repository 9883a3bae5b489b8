import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { compileQuestions, matchQuestion } from './questions.js';

/** A typical loan-campaign question list: main phrasing then 子问题. */
const QUESTIONS = [
  ['你们是哪个公司的', '你是哪里', '你们是做什么的'],
  ['多少钱', '怎么收费', '利息多少'],
  ['怎么知道我电话的', '哪来的我号码', '你怎么有我的电话'],
  ['你是机器人吗', '是真人吗'],
  ['在哪里办理', '地址在哪'],
];
const index = compileQuestions(QUESTIONS, { pinyin: true });
const match = (text: string, threshold = 0.6) => matchQuestion(index, analyze(text), threshold);

describe('matchQuestion', () => {
  it('matches by containment with score 1', () => {
    expect(match('多少钱啊')).toEqual({ question: 1, phrase: '多少钱', score: 1, via: 'text' });
    expect(match('喂，你们是做什么的？')).toEqual({ question: 0, phrase: '你们是做什么的', score: 1, via: 'text' });
  });

  it('matches a close rephrasing by character pairs', () => {
    const m = match('你们哪个公司的');
    expect(m).toMatchObject({ question: 0, phrase: '你们是哪个公司的', via: 'text' });
    // One character (是) lost from eight: 1 − 2 / 16.
    expect(m!.score).toBeCloseTo(0.875);
  });

  it('matches homophones through pinyin', () => {
    expect(match('你们是那个公司的')).toEqual({ question: 0, phrase: '你们是哪个公司的', score: 1, via: 'pinyin' });
    expect(match('你是机器仁吗')).toMatchObject({ question: 3, score: 1, via: 'pinyin' });
    const exact = compileQuestions(QUESTIONS, { pinyin: false });
    expect(matchQuestion(exact, analyze('你是机器仁吗'), 0.6)).toMatchObject({ question: 3, phrase: '你是机器人吗', via: 'text' });
    // One character changed in six: 1 − 2 / 12.
    expect(matchQuestion(exact, analyze('你是机器仁吗'), 0.6)!.score).toBeCloseTo(5 / 6);
  });

  it('returns null for answers and small talk', () => {
    expect(match('我不需要')).toBeNull();
    expect(match('好的')).toBeNull();
    expect(match('嗯嗯')).toBeNull();
    expect(match('')).toBeNull();
    expect(match('？？？')).toBeNull();
  });

  it('applies the threshold to partial matches only', () => {
    expect(match('你们哪个公司的', 0.9)).toBeNull();
    expect(match('多少钱啊', 1)).toMatchObject({ question: 1, score: 1 });
  });

  it('lets short phrasings match only by containment', () => {
    const q = compileQuestions([['地址'], ['你是谁啊']], { pinyin: true });
    expect(matchQuestion(q, analyze('地址呢'), 0.6)).toMatchObject({ question: 0, score: 1 });
    expect(matchQuestion(q, analyze('地方'), 0.1)).toBeNull();
    // A short phrasing may gain a word or drop a particle, never lose a word.
    expect(matchQuestion(q, analyze('是谁'), 0.3)).toBeNull();
    expect(matchQuestion(q, analyze('你是谁'), 0.6)).toMatchObject({ question: 1, phrase: '你是谁啊', score: 1 });
    expect(matchQuestion(q, analyze('你到底是谁啊'), 0.6)).toBeNull();
    const rates = compileQuestions([['利率多少'], ['线上可以吗']], { pinyin: true });
    expect(matchQuestion(rates, analyze('利率是多少'), 0.75)).toMatchObject({ question: 0, score: 0.875 });
    expect(matchQuestion(rates, analyze('平时晚上可以吗'), 0.5)).toBeNull();
  });

  it('breaks ties by longer phrasing, then earlier question', () => {
    const q = compileQuestions([['收费'], ['怎么收费'], ['怎么收费']], { pinyin: false });
    expect(matchQuestion(q, analyze('你们怎么收费的'), 0.6)).toMatchObject({ question: 1, phrase: '怎么收费' });
  });

  it('prefers containment over a partial score', () => {
    const q = compileQuestions([['你们公司在哪里办理业务'], ['在哪里']], { pinyin: false });
    expect(matchQuestion(q, analyze('你们公司在哪里'), 0.5)).toMatchObject({ question: 1, score: 1 });
  });

  it('counts polyphones by any reading in pairs', () => {
    const q = compileQuestions([['银行卡能用吗']], { pinyin: true });
    expect(matchQuestion(q, analyze('银航卡能用'), 0.6)).toMatchObject({ question: 0, via: 'pinyin' });
  });

  it('ignores empty phrasings and questions without phrasings', () => {
    const q = compileQuestions([[], ['', '。'], ['多少钱']], { pinyin: true });
    expect(matchQuestion(q, analyze('多少钱'), 0.6)).toMatchObject({ question: 2 });
    expect(matchQuestion(compileQuestions([], { pinyin: true }), analyze('多少钱'), 0.6)).toBeNull();
  });

  it('scales to hundreds of questions without losing the right one', () => {
    const many = Array.from({ length: 500 }, (_, i) => [`第${i}个问题是什么`, `问题${i}怎么办`]);
    many.push(['你们是哪个公司的']);
    const q = compileQuestions(many, { pinyin: true });
    expect(matchQuestion(q, analyze('你们哪个公司的'), 0.6)).toMatchObject({ question: 500 });
    expect(matchQuestion(q, analyze('问题42怎么办'), 0.6)).toMatchObject({ question: 42, score: 1 });
  });
});
