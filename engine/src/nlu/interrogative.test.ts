import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { isInterrogative } from './interrogative.js';
import { classifyPolarity, compileLexicon } from './polarity.js';
import { isNegatedAt } from './negation.js';
import { DEFAULT_AFFIRMATIVE, DEFAULT_NEGATIVE } from './words.js';

const lex = compileLexicon({ affirmative: DEFAULT_AFFIRMATIVE, negative: DEFAULT_NEGATIVE }, { pinyin: true });
const polarity = (text: string): string | null => classifyPolarity(lex, analyze(text)).polarity;

describe('questions are not answers', () => {
  it.each(['利率是多少', '你是机器人吗', '比别家便宜吗', '有优惠没有', '你们在哪', '这是什么东西', '好不好？'])('%s is a question and neither yes nor no', (text) => {
    expect(isInterrogative(analyze(text))).toBe(true);
    expect(polarity(text)).toBeNull();
  });

  it.each(['没什么兴趣', '是的', '好的', '有的', '不需要', '我在上班'])('%s is not a question', (text) => {
    expect(isInterrogative(analyze(text))).toBe(false);
  });

  it('still hears a clear yes or no beside a question', () => {
    expect(polarity('可以，什么时候来')).toBe('affirmative');
    expect(polarity('不需要，你们哪来的我电话？')).toBe('negative');
  });
});

describe('one-character yes words', () => {
  it.each([
    ['我在外面吃饭呢', null],
    ['今天外面好大的雨', null],
    ['我是做生意的', null],
    ['那行，你让顾问报个价', 'affirmative'],
    ['好，你说', 'affirmative'],
    ['嗯好吧', 'affirmative'],
    ['在', 'affirmative'],
    ['我在', 'affirmative'],
  ])('%s → %s', (text, expected) => {
    expect(polarity(text)).toBe(expected);
  });
});

describe('negated verbs negate their object', () => {
  it.each([['还没上小学', 2], ['我不做生意', 3], ['没买车', 2]])('%s', (text, at) => {
    expect(isNegatedAt(analyze(text), at)).toBe(true);
  });
});
