import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { compilePhrases, findPhrases } from './phrases.js';

const find = (phrases: string[], text: string, pinyin = true) => findPhrases(compilePhrases(phrases, { pinyin }), analyze(text));

describe('findPhrases', () => {
  it('finds exact occurrences with char offsets', () => {
    expect(find(['上班', '退休'], '我在上班呢')).toEqual([{ phrase: 0, start: 2, end: 4, via: 'text' }]);
  });

  it('matches homophones through pinyin, both ways', () => {
    expect(find(['上班'], '我在尚班')).toEqual([{ phrase: 0, start: 2, end: 4, via: 'pinyin' }]);
    expect(find(['尚班'], '我在上班')).toEqual([{ phrase: 0, start: 2, end: 4, via: 'pinyin' }]);
  });

  it('does not match homophones with pinyin off', () => {
    expect(find(['上班'], '我在尚班', false)).toEqual([]);
    expect(find(['上班'], '我在上班', false)).toHaveLength(1);
  });

  it('matches polyphones by any reading', () => {
    // 银行 (yin hang) vs 银航: 行 reads xing/hang/heng.
    expect(find(['银行'], '去银航办')).toEqual([{ phrase: 0, start: 1, end: 3, via: 'pinyin' }]);
    // 长 zhang / chang, 重 zhong / chong.
    expect(find(['涨价'], '长价了')).toHaveLength(1);
    expect(find(['重新'], '虫新来')).toHaveLength(1);
    expect(find(['行不行'], '航不航')).toHaveLength(1);
    expect(find(['还行'], '还航')).toHaveLength(1);
  });

  it('keeps negation characters exact: 部是 is not 不是', () => {
    expect(find(['不是'], '全部是的')).toEqual([]);
    expect(find(['没有'], '梅有')).toEqual([]);
    expect(find(['上班'], '我上板')).toHaveLength(1);
  });

  it('matches single characters exactly only (by default)', () => {
    expect(find(['贵'], '有点鬼')).toEqual([]);
    expect(find(['贵'], '有点贵')).toHaveLength(1);
    expect(findPhrases(compilePhrases(['贵'], { pinyin: true, minPinyinChars: 1 }), analyze('有点鬼'))).toHaveLength(1);
  });

  it('accepts custom exact characters', () => {
    const index = compilePhrases(['不是'], { pinyin: true, exactChars: '' });
    expect(findPhrases(index, analyze('全部是的'))).toEqual([{ phrase: 0, start: 1, end: 3, via: 'pinyin' }]);
  });

  it('matches Latin letters and digits exactly and as whole words', () => {
    expect(find(['ok'], '好的OK')).toEqual([{ phrase: 0, start: 2, end: 4, via: 'text' }]);
    expect(find(['ok'], 'book')).toEqual([]);
    expect(find(['ok'], 'okay')).toEqual([]);
    expect(find(['1'], '按10')).toEqual([]);
    expect(find(['1'], '按1号')).toHaveLength(1);
    expect(find(['vip会员'], '我是VIP会员')).toHaveLength(1);
  });

  it('reports every occurrence, overlapping too, longest first at a position', () => {
    const hits = find(['需要', '不需要', '要'], '不需要，不需要');
    expect(hits.map((h) => [h.phrase, h.start, h.end])).toEqual([
      [1, 0, 3], [0, 1, 3], [2, 2, 3],
      [1, 3, 6], [0, 4, 6], [2, 5, 6],
    ]);
  });

  it('normalizes phrases; empty phrases never match', () => {
    expect(find(['上 班！', '', '，'], '上班')).toEqual([{ phrase: 0, start: 0, end: 2, via: 'text' }]);
  });

  it('finds nothing in empty or punctuation-only text', () => {
    expect(find(['上班'], '')).toEqual([]);
    expect(find(['上班'], '。。。')).toEqual([]);
  });

  it('stays correct with many phrases sharing first syllables', () => {
    const phrases = Array.from({ length: 3000 }, (_, i) => `上${String.fromCodePoint(0x4e00 + i)}`);
    phrases.push('尚班');
    const hits = find(phrases, '我在上班');
    expect(hits.map((h) => phrases[h.phrase])).toEqual(expect.arrayContaining(['尚班']));
    expect(hits.every((h) => h.start === 2 && h.end === 4)).toBe(true);
  });
});
