import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { classifyPolarity, compileLexicon } from './polarity.js';
import { DEFAULT_AFFIRMATIVE, DEFAULT_NEGATIVE } from './words.js';

const lex = compileLexicon({ affirmative: DEFAULT_AFFIRMATIVE, negative: DEFAULT_NEGATIVE }, { pinyin: true });
const polarity = (text: string) => classifyPolarity(lex, analyze(text)).polarity;

describe('classifyPolarity with the default lists', () => {
  it('reads plain yes answers', () => {
    for (const s of ['是的', '是', '对的，是我', '好的好的', '可以啊', '行', '需要', '有兴趣', '感兴趣', '没问题', '不错', '当然可以', '嗯，可以', '方便', '在的', 'OK', '愿意', '没错']) {
      expect(polarity(s), s).toBe('affirmative');
    }
  });

  it('reads plain no answers', () => {
    for (const s of ['不', '不是', '不要', '不需要', '没兴趣', '不感兴趣', '没有', '不用了', '不行', '不方便', '算了吧', '不考虑', '不想', '没空', '别打了', '我在开车', '以后再说吧', 'NO']) {
      expect(polarity(s), s).toBe('negative');
    }
  });

  it('prefers the longest word: 不需要 over 需要, 没有 over 有, 没问题 and 不错 are yes', () => {
    const r = classifyPolarity(lex, analyze('不需要'));
    expect(r.hits).toEqual([{ word: '不需要', kind: 'negative', start: 0, end: 3, negated: false }]);
    expect(classifyPolarity(lex, analyze('没有')).hits).toEqual([{ word: '没有', kind: 'negative', start: 0, end: 2, negated: false }]);
    expect(classifyPolarity(lex, analyze('没问题')).hits.map((h) => h.word)).toEqual(['没问题']);
    expect(classifyPolarity(lex, analyze('还不错')).polarity).toBe('affirmative');
  });

  it('turns a negated affirmative word negative', () => {
    for (const [text, word] of [['不太需要', '需要'], ['不是很方便', '方便'], ['没什么兴趣', '兴趣'], ['我不在', '在'], ['不怎么感兴趣', '感兴趣'], ['暂时不想要', '想要']] as const) {
      const r = classifyPolarity(lex, analyze(text));
      expect(r.polarity, text).toBe('negative');
      expect(r.hits, text).toEqual([expect.objectContaining({ word, kind: 'negative', negated: true })]);
    }
  });

  it('reports the word offsets of a negated hit, after the negator', () => {
    expect(classifyPolarity(lex, analyze('我不太需要')).hits).toEqual([{ word: '需要', kind: 'negative', start: 3, end: 5, negated: true }]);
  });

  it('any refusal wins over a yes in the same utterance', () => {
    expect(polarity('好的，不过我不需要')).toBe('negative');
    expect(polarity('是我，但是现在不方便')).toBe('negative');
    expect(polarity('嗯好，你说吧')).toBe('affirmative');
  });

  it('ignores list words inside ordinary words and polite phrases', () => {
    expect(polarity('不好意思，你说什么')).toBeNull();
    expect(polarity('对不起，我听不清')).toBeNull();
    expect(polarity('没听到，你再说一遍')).toBeNull();
    expect(polarity('对不起，我不需要')).toBe('negative');
    expect(polarity('特别需要')).toBe('affirmative');
    expect(polarity('我现在方便')).toBe('affirmative');
    expect(polarity('你是哪个银行的')).toBeNull();
    expect(polarity('你好')).toBeNull();
    expect(polarity('差不多吧')).toBeNull();
    expect(polarity('我不知道')).toBeNull();
  });

  it('treats A-不-A questions as neither', () => {
    for (const s of ['是不是', '有没有', '可不可以', '需不需要', '要不要钱', '行不行啊', '方不方便', '有没有兴趣']) expect(polarity(s), s).toBeNull();
  });

  it('matches multi-character words through pinyin, single characters exactly', () => {
    expect(classifyPolarity(lex, analyze('不须要')).hits).toEqual([expect.objectContaining({ word: '不需要', kind: 'negative' })]);
    expect(polarity('事的')).toBe('affirmative'); // 是的
    expect(polarity('市')).toBeNull(); // not 是
    expect(polarity('队')).toBeNull(); // not 对
    expect(polarity('全部是的')).toBe('affirmative'); // 部是 is not 不是
  });

  it('without pinyin matches only exact words', () => {
    const exact = compileLexicon({ affirmative: DEFAULT_AFFIRMATIVE, negative: DEFAULT_NEGATIVE }, { pinyin: false });
    expect(classifyPolarity(exact, analyze('不须要')).hits.map((h) => h.word)).toEqual(['不', '要']);
    expect(classifyPolarity(exact, analyze('事的')).polarity).toBeNull();
  });

  it('is null for nothing relevant, empty and punctuation-only input', () => {
    expect(polarity('今天天气怎么样')).toBeNull();
    expect(polarity('')).toBeNull();
    expect(polarity('？？')).toBeNull();
    expect(classifyPolarity(lex, analyze('')).hits).toEqual([]);
  });
});

describe('compileLexicon with template lists', () => {
  it('uses the given lists only', () => {
    const l = compileLexicon({ affirmative: ['报名'], negative: ['不报'] }, { pinyin: true });
    expect(classifyPolarity(l, analyze('我要报名')).polarity).toBe('affirmative');
    expect(classifyPolarity(l, analyze('不报了')).polarity).toBe('negative');
    expect(classifyPolarity(l, analyze('不想报名')).hits).toEqual([{ word: '报名', kind: 'negative', start: 2, end: 4, negated: true }]);
    expect(classifyPolarity(l, analyze('是的')).polarity).toBeNull();
  });

  it('a word in both lists reads as negative', () => {
    const l = compileLexicon({ affirmative: ['再说'], negative: ['再说'] }, { pinyin: false });
    expect(classifyPolarity(l, analyze('再说')).polarity).toBe('negative');
  });

  it('a list word beats a neutral word of the same length', () => {
    const l = compileLexicon({ affirmative: [], negative: ['不过'] }, { pinyin: false });
    expect(classifyPolarity(l, analyze('不过')).polarity).toBe('negative');
  });

  it('accepts a custom neutral list', () => {
    const l = compileLexicon({ affirmative: ['好'], negative: [], neutral: ['好像'] }, { pinyin: false });
    expect(classifyPolarity(l, analyze('好像是')).polarity).toBeNull();
    expect(classifyPolarity(compileLexicon({ affirmative: ['好'], negative: [], neutral: [] }, { pinyin: false }), analyze('好像是')).polarity).toBe('affirmative');
  });
});
