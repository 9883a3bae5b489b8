import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { isNegatedAt } from './negation.js';

/** Is the first occurrence of `word` in `text` negated? */
const negated = (text: string, word: string): boolean => {
  const a = analyze(text);
  const at = Array.from(a.text.slice(0, a.text.indexOf(word))).length;
  expect(a.text.includes(word)).toBe(true);
  return isNegatedAt(a, at);
};

describe('isNegatedAt', () => {
  it('sees the listed negators right before the word', () => {
    for (const neg of ['不', '没', '没有', '别', '未', '无', '不太', '不是很', '不怎么', '不大', '并不', '也不', '不是']) {
      expect(negated(`我${neg}上班`, '上班'), neg).toBe(true);
    }
  });

  it('sees common spoken variants', () => {
    expect(negated('我不想上班', '上班')).toBe(true);
    expect(negated('我没在上班', '上班')).toBe(true);
    expect(negated('不用去上班', '上班')).toBe(true);
    expect(negated('对这个没什么兴趣', '兴趣')).toBe(true);
    expect(negated('暂时不打算买', '买')).toBe(true);
    expect(negated('不，不，上班', '上班')).toBe(true); // punctuation is gone: 不上班
  });

  it('is false without a negator', () => {
    expect(negated('我在上班', '上班')).toBe(false);
    expect(negated('上班', '上班')).toBe(false);
    expect(negated('我不知道你说的上班', '上班')).toBe(false);
    expect(negated('不错，需要', '需要')).toBe(false);
  });

  it('does not read 特别 / 区别 as 别', () => {
    expect(negated('特别需要', '需要')).toBe(false);
    expect(negated('区别在于价格', '在于')).toBe(false);
    expect(negated('别需要', '需要')).toBe(true);
  });

  it('does not read A-不-A questions or 不得不 as negation', () => {
    expect(negated('要不要上班', '上班')).toBe(false);
    expect(negated('是不是需要', '需要')).toBe(false);
    expect(negated('有没有需要', '需要')).toBe(false);
    expect(negated('不得不买', '买')).toBe(false);
  });

  it('allows at most two bridge characters', () => {
    expect(negated('不是很想要', '要')).toBe(false); // 是很想 is three
    expect(negated('不太想要', '要')).toBe(true);
  });

  it('is false at the start and for empty text', () => {
    expect(isNegatedAt(analyze(''), 0)).toBe(false);
    expect(isNegatedAt(analyze('上班'), 0)).toBe(false);
  });
});
