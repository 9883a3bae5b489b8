import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.js';

describe('normalize', () => {
  it('drops Chinese punctuation and spaces, keeps hanzi', () => {
    expect(normalize('喂，您好！请问是张先生吗？')).toBe('喂您好请问是张先生吗');
    expect(normalize('“好的”、（可以）；《合同》：……——～')).toBe('好的可以合同');
    expect(normalize('  不 需 要\t\n')).toBe('不需要');
  });

  it('drops ASCII punctuation and symbols', () => {
    expect(normalize('OK! ok? o.k. ~@#$%^&*()_+-=[]{}|;:\'",<>/`')).toBe('okokok');
    expect(normalize('¥5,000 元 / 月 → 100%')).toBe('5000元月100');
  });

  it('folds full-width letters and digits to half-width and lowercases Latin', () => {
    expect(normalize('ＯＫ，１２３ＡＢＣ')).toBe('ok123abc');
    expect(normalize('Yes我要VIP')).toBe('yes我要vip');
  });

  it('folds compatibility forms (NFKC)', () => {
    expect(normalize('①号')).toBe('1号');
    expect(normalize('ｶﾀｶﾅ')).toBe('カタカナ');
  });

  it('returns empty for empty and punctuation-only input', () => {
    expect(normalize('')).toBe('');
    expect(normalize('。。。？！')).toBe('');
    expect(normalize(' ，  . ')).toBe('');
  });

  it('is idempotent', () => {
    for (const s of ['喂，您好！', 'ＯＫ１２３', '不，需要', '①②③ Ⅻ']) expect(normalize(normalize(s))).toBe(normalize(s));
  });

  it('joins clauses (documented consequence of dropping punctuation)', () => {
    expect(normalize('不，需要')).toBe('不需要');
  });
});
