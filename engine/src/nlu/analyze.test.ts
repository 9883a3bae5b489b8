import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { readings } from './pinyin.js';

describe('analyze', () => {
  it('normalizes once and splits into code points with readings', () => {
    const a = analyze('喂，OK 行！');
    expect(a.raw).toBe('喂，OK 行！');
    expect(a.text).toBe('喂ok行');
    expect(a.chars).toEqual(['喂', 'o', 'k', '行']);
    expect(a.readings).toHaveLength(4);
    expect(a.readings[1]).toEqual([]);
    expect(a.readings[3]).toEqual(readings('行'.codePointAt(0)!));
    expect(a.readings[3]!.length).toBe(3);
  });

  it('keeps a supplementary-plane character as one char', () => {
    const a = analyze('𠀀好');
    expect(a.chars).toEqual(['𠀀', '好']);
    expect(a.readings[0]).toEqual([]);
  });

  it('handles empty and punctuation-only input', () => {
    for (const s of ['', '，。？！']) {
      const a = analyze(s);
      expect(a.text).toBe('');
      expect(a.chars).toEqual([]);
      expect(a.readings).toEqual([]);
    }
  });
});
