import { describe, expect, it } from 'vitest';
import { applyCorrections, compileCorrections } from './corrections.js';

const c = (keyword: string, correction: string) => ({ keyword, correction });

describe('applyCorrections', () => {
  it('replaces a recurring ASR error and reports where', () => {
    const index = compileCorrections([c('尚班', '上班'), c('代款', '贷款')]);
    const r = applyCorrections(index, '我在尚班，不要代款。');
    expect(r.text).toBe('我在上班不要贷款');
    expect(r.applied).toEqual([
      { keyword: '尚班', correction: '上班', at: 2 },
      { keyword: '代款', correction: '贷款', at: 6 },
    ]);
  });

  it('returns normalized text even when nothing applies', () => {
    expect(applyCorrections(compileCorrections([]), '好的，ＯＫ！')).toEqual({ text: '好的ok', applied: [] });
    expect(applyCorrections(compileCorrections([c('尚班', '上班')]), '好的，ＯＫ！')).toEqual({ text: '好的ok', applied: [] });
  });

  it('takes the longest keyword at a position', () => {
    const index = compileCorrections([c('信用', '信誉'), c('信用卡', '信用卡片'), c('信', '新')]);
    expect(applyCorrections(index, '办信用卡').text).toBe('办信用卡片');
    expect(applyCorrections(index, '信用好').text).toBe('信誉好');
    expect(applyCorrections(index, '写信').text).toBe('写新');
  });

  it('goes left to right without overlapping: the earlier keyword wins', () => {
    const index = compileCorrections([c('ab', 'X'), c('bc', 'Y')]);
    const r = applyCorrections(index, 'abc');
    expect(r.text).toBe('xc');
    expect(r.applied).toEqual([{ keyword: 'ab', correction: 'X', at: 0 }]);
  });

  it('never re-applies to replaced text (no chains, no loops)', () => {
    const index = compileCorrections([c('尚班', '上班'), c('上班', '加班'), c('a', 'aa')]);
    expect(applyCorrections(index, '尚班').text).toBe('上班');
    expect(applyCorrections(index, '上班').text).toBe('加班');
    expect(applyCorrections(index, 'aaa').text).toBe('aaaaaa');
  });

  it('normalizes keywords and corrections at compile time', () => {
    const index = compileCorrections([c(' 代 款 ', '贷款。'), c('ＶＩＰ', 'vip会员')]);
    expect(applyCorrections(index, '代款，VIP').text).toBe('贷款vip会员');
  });

  it('drops empty keywords and keeps the first of duplicates', () => {
    const index = compileCorrections([c('', 'x'), c('，', 'y'), c('嗯', '恩'), c('嗯', '哦')]);
    expect(index.size).toBe(1);
    expect(applyCorrections(index, '嗯嗯').text).toBe('恩恩');
  });

  it('allows deleting a keyword (empty correction)', () => {
    const index = compileCorrections([c('那个', '')]);
    expect(applyCorrections(index, '那个，我那个不需要').text).toBe('我不需要');
  });

  it('offsets count code points of the normalized text', () => {
    const index = compileCorrections([c('好', '行')]);
    expect(applyCorrections(index, '𠀀，好').applied[0]!.at).toBe(1);
  });

  it('works with thousands of corrections', () => {
    const pairs = Array.from({ length: 2000 }, (_, i) => c(`词${i}号`, `W${i}`));
    const index = compileCorrections(pairs);
    expect(index.size).toBe(2000);
    expect(applyCorrections(index, '词1999号和词7号，词20').text).toBe('w1999和w7词20');
  });

  it('handles empty and punctuation-only input', () => {
    const index = compileCorrections([c('尚班', '上班')]);
    expect(applyCorrections(index, '')).toEqual({ text: '', applied: [] });
    expect(applyCorrections(index, '？！')).toEqual({ text: '', applied: [] });
  });
});
