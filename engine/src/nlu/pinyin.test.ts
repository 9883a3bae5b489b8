import { describe, expect, it } from 'vitest';
import { pinyin } from 'pinyin-pro';
import { readings, syllableCount, syllableName, toPinyin } from './pinyin.js';

const names = (ch: string): string[] => readings(ch.codePointAt(0)!).map(syllableName);

describe('readings', () => {
  it('gives every toneless reading of polyphones, the most common first', () => {
    expect(names('行')).toEqual(['xing', 'hang', 'heng']);
    expect(names('长')[0]).toBe('chang');
    expect(names('长')).toContain('zhang');
    expect(names('重')[0]).toBe('zhong');
    expect(names('重')).toContain('chong');
    expect(names('了')[0]).toBe('le');
    expect(names('了')).toContain('liao');
  });

  it('gives one reading for common single-reading hanzi', () => {
    expect(names('上')).toEqual(['shang']);
    expect(names('尚')).toEqual(['shang']);
    expect(names('班')).toEqual(['ban']);
    expect(names('绿')).toContain('lü');
  });

  it('is empty for non-hanzi', () => {
    for (const ch of ['a', 'Z', '1', '，', ' ', 'か', '𠀀']) expect(readings(ch.codePointAt(0)!)).toEqual([]);
    expect(readings(-1)).toEqual([]);
  });

  it('covers the whole CJK Unified Ideographs block consistently with pinyin-pro', () => {
    // Guards against a stale generated table: regenerate with `npx tsx tools/gen-pinyin-table.ts`.
    let covered = 0;
    for (let cp = 0x4e00; cp <= 0x9fff; cp++) {
      const ch = String.fromCodePoint(cp);
      const expected = [...new Set(pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }).filter((s) => /^[a-zü]+$/.test(s)))];
      // The first reading is kept first; further readings come in syllable order.
      const got = names(ch);
      const same = got[0] === expected[0] && [...got].sort().join() === [...expected].sort().join();
      if (!same) expect({ ch, got }).toEqual({ ch, got: expected });
      if (got.length > 0) covered++;
    }
    expect(covered).toBeGreaterThan(20_000);
  });
});

describe('syllableName', () => {
  it('round-trips ids and is empty for unknown ids', () => {
    expect(syllableCount()).toBeGreaterThan(400);
    for (let id = 0; id < syllableCount(); id++) expect(syllableName(id)).toMatch(/^[a-zü]+$/);
    expect(syllableName(-1)).toBe('');
    expect(syllableName(syllableCount())).toBe('');
  });
});

describe('toPinyin', () => {
  it('spells hanzi by first reading and keeps other runs as tokens', () => {
    expect(toPinyin('行不行')).toBe('xing bu xing');
    expect(toPinyin('我要ok123')).toBe('wo yao ok123');
    expect(toPinyin('上班 尚班')).toBe('shang ban shang ban');
    expect(toPinyin('')).toBe('');
  });
});
