import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { compileBackchannel, isBackchannel } from './backchannel.js';
import { DEFAULT_BACKCHANNEL } from './words.js';

const bc = compileBackchannel(DEFAULT_BACKCHANNEL);
const is = (text: string): boolean => isBackchannel(bc, analyze(text));

describe('isBackchannel', () => {
  it('accepts utterances made only of backchannel words, repeated or mixed', () => {
    for (const s of ['嗯', '嗯嗯', '嗯嗯嗯嗯', '啊', '哦哦', '对对对', '嗯，对', '是是是', '恩。', '嗯……好', '呃，嗯']) {
      expect(is(s), s).toBe(true);
    }
  });

  it('rejects anything with other content', () => {
    for (const s of ['嗯，不需要', '对，我需要', '好的呀谢谢', '你说', '嗯哪位', '喂', 'ok']) expect(is(s), s).toBe(false);
  });

  it('is false for empty and punctuation-only utterances', () => {
    expect(is('')).toBe(false);
    expect(is('。。。')).toBe(false);
  });

  it('uses the template words, normalized and exact (no pinyin)', () => {
    const custom = compileBackchannel(['嗯', 'OK', '']);
    expect(isBackchannel(custom, analyze('嗯，ok'))).toBe(true);
    expect(isBackchannel(custom, analyze('恩'))).toBe(false);
    expect(isBackchannel(compileBackchannel([]), analyze('嗯'))).toBe(false);
  });
});
