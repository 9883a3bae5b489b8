/**
 * Splits prompt text into pieces a cloud synthesizer accepts, at the most natural place
 * available: sentence ends first, then clause punctuation, then spaces, and only as a last
 * resort in the middle of a run of characters.
 */

/**
 * Bytes of `text` in GBK, the measure Baidu's limits use: ASCII is one byte, everything else
 * two (characters GBK cannot encode are refused by Baidu anyway, so the estimate is enough).
 */
export function gbkLength(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return n;
}

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '；', ';', '…', '\n']);
const CLAUSE_END = new Set(['，', ',', '、', '：', ':', '）', ')', '」', '』', '”']);

/**
 * Pieces of at most `maxBytes` GBK bytes whose concatenation is `text` (whitespace at the cut
 * points trimmed, empty pieces dropped). Each piece ends at the last sentence end that fits,
 * else the last clause mark, else the last space, else wherever the limit falls.
 */
export function splitForSynthesis(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must be at least 4');
  const chars = Array.from(text);
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let bytes = 0;
    let end = start;
    let sentenceCut = -1;
    let clauseCut = -1;
    let spaceCut = -1;
    while (end < chars.length) {
      const ch = chars[end]!;
      const b = ch.codePointAt(0)! < 0x80 ? 1 : 2;
      if (bytes + b > maxBytes) break;
      bytes += b;
      end++;
      if (SENTENCE_END.has(ch)) sentenceCut = end;
      else if (CLAUSE_END.has(ch)) clauseCut = end;
      else if (ch === ' ') spaceCut = end;
    }
    let cut = end;
    if (end < chars.length) {
      // A cut too early would leave many tiny requests; only accept punctuation past a quarter.
      const min = start + Math.max(1, Math.floor((end - start) / 4));
      if (sentenceCut >= min) cut = sentenceCut;
      else if (clauseCut >= min) cut = clauseCut;
      else if (spaceCut >= min) cut = spaceCut;
    }
    const piece = chars.slice(start, cut).join('').trim();
    if (piece !== '') pieces.push(piece);
    start = cut;
  }
  return pieces;
}
