import { describe, expect, it } from 'vitest';
import { gbkLength, splitForSynthesis, toEspeakPinyin } from '../../src/index.js';
import { numbersToHanzi, readCardinal } from '../../src/tts/zh-numbers.js';

describe('text preparation', () => {
  it('counts GBK bytes as Baidu does: ASCII one, hanzi two', () => {
    expect(gbkLength('abc')).toBe(3);
    expect(gbkLength('你好ab')).toBe(6);
  });

  it('splits at sentence ends first, then clauses, never past the limit, losing nothing', () => {
    const text = '第一句话比较短。第二句话稍微长一点，但是也不算太长。第三句！';
    const pieces = splitForSynthesis(text, 40);
    for (const p of pieces) expect(gbkLength(p)).toBeLessThanOrEqual(40);
    expect(pieces.join('')).toBe(text);
    expect(pieces[0]).toBe('第一句话比较短。');
    expect(splitForSynthesis('没有标点的一长串文字没有标点的一长串文字', 10)).toEqual(['没有标点的', '一长串文字', '没有标点的', '一长串文字']);
    expect(splitForSynthesis('  ', 10)).toEqual([]);
  });

  it('reads numbers the way a Mandarin speaker would', () => {
    expect(readCardinal(12)).toBe('十二');
    expect(readCardinal(105)).toBe('一百零五');
    expect(readCardinal(10086)).toBe('一万零八十六');
    expect(readCardinal(2000000)).toBe('二百万');
    expect(readCardinal(100010000)).toBe('一亿零一万');
    expect(numbersToHanzi('电话13800138000')).toBe('电话幺三八零零幺三八零零零');
    expect(numbersToHanzi('2024年利率3.5%')).toBe('二零二四年利率百分之三点五');
    expect(numbersToHanzi('验证码0571')).toBe('验证码零五七幺');
    expect(numbersToHanzi('贷款50000元')).toBe('贷款五万元');
  });

  it('turns Chinese into tone-numbered pinyin for espeak-ng, punctuation into pauses', () => {
    expect(toEspeakPinyin('您好，我是小王。')).toBe('nin2 hao3 , wo3 shi4 xiao3 wang2 .');
    expect(toEspeakPinyin('银行的女儿')).toBe('yin2 hang2 de5 nv3 er2');
    expect(toEspeakPinyin('打3折!')).toBe('da3 san1 zhe2 .');
    expect(toEspeakPinyin('OK吗？')).toBe('ok ma5 .');
    expect(toEspeakPinyin('……，，')).toBe('');
  });
});
