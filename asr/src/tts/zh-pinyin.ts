/**
 * Chinese text to the input espeak-ng's `cmn-latn-pinyin` voice reads: tone-numbered pinyin
 * syllables separated by spaces, with sentence and clause punctuation kept as pauses.
 * pinyin-pro picks polyphone readings from context (银行 háng, 行不行 xíng), which the engine's
 * toneless matching table cannot do.
 */
import { pinyin } from 'pinyin-pro';
import { numbersToHanzi } from './zh-numbers.js';

const SYLLABLE = /^[a-zv]+[0-5]$/;
const SENTENCE = /[。！？!?；;….]/;
const CLAUSE = /[，,、：:（）()「」『』“”"'《》—\-~～]/;

/**
 * `您好，我是小王。` → `nin2 hao3 , wo3 shi4 xiao3 wang2 .` (neutral tone as 5, ü as v).
 * Latin words pass through lower-cased; other symbols are dropped.
 */
export function toEspeakPinyin(text: string): string {
  const prepared = numbersToHanzi(text.normalize('NFKC').replace(/[+＋]/g, '加'));
  const parts = pinyin(prepared, { toneType: 'num', type: 'array', v: true, nonZh: 'consecutive' });
  const out: string[] = [];
  const pause = (mark: string): void => {
    if (out.length === 0) return;
    const last = out[out.length - 1]!;
    if (last === '.' || last === ',') { if (mark === '.') out[out.length - 1] = '.'; return; }
    out.push(mark);
  };
  for (const part of parts) {
    if (SYLLABLE.test(part)) { out.push(part.endsWith('0') ? part.slice(0, -1) + '5' : part); continue; }
    let word = '';
    const flush = (): void => { if (word) out.push(word.toLowerCase()); word = ''; };
    for (const ch of part) {
      if (/[A-Za-z]/.test(ch)) { word += ch; continue; }
      flush();
      if (SENTENCE.test(ch) || ch === '\n') pause('.');
      else if (CLAUSE.test(ch)) pause(',');
    }
    flush();
  }
  while (out.length > 0 && out[out.length - 1] === ',') out.pop();
  return out.join(' ');
}
