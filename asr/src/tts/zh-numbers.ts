/**
 * Digits to how a Mandarin speaker reads them, for synthesizers that only know hanzi (espeak-ng
 * through pinyin). Phone-like runs are read digit by digit with 1 as 幺; amounts as values.
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const PHONE_DIGITS = ['零', '幺', '二', '三', '四', '五', '六', '七', '八', '九'];
const SMALL_UNITS = ['', '十', '百', '千'];

/** Reads 0–9999. */
function below10k(n: number): string {
  let out = '';
  let zeroPending = false;
  for (let u = 3; u >= 0; u--) {
    const d = Math.floor(n / 10 ** u) % 10;
    if (d === 0) {
      if (out !== '') zeroPending = true;
      continue;
    }
    if (zeroPending) { out += '零'; zeroPending = false; }
    out += DIGITS[d]! + SMALL_UNITS[u]!;
  }
  return out;
}

/** Reads a non-negative integer below 10^16 as a value: 12 → 十二, 10086 → 一万零八十六. */
export function readCardinal(n: number): string {
  if (n === 0) return '零';
  const groups: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 10000)) groups.push(v % 10000);
  const bigUnits = ['', '万', '亿', '万亿'];
  let out = '';
  let zeroPending = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const value = groups[g]!;
    if (value === 0) { if (out !== '') zeroPending = true; continue; }
    if (out !== '' && (zeroPending || value < 1000)) out += '零';
    zeroPending = false;
    out += below10k(value) + bigUnits[g]!;
  }
  // 一十二 is said 十二 at the start of a number.
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** Reads digits one by one; `phone` reads 1 as 幺 so it is not confused with 7. */
export function readDigits(digits: string, phone: boolean): string {
  const table = phone ? PHONE_DIGITS : DIGITS;
  let out = '';
  for (const ch of digits) out += table[ch.charCodeAt(0) - 48]!;
  return out;
}

/**
 * Replaces every number in `text` with its reading: decimals (3.5 → 三点五), percentages
 * (5% → 百分之五), years (2024年 → 二零二四年), codes and phone numbers (a leading 0, or 7+
 * digits: digit by digit), other integers as values.
 */
export function numbersToHanzi(text: string): string {
  return text.replace(/(\d+)(?:\.(\d+))?(%|％)?/g, (_m, int: string, frac: string | undefined, pct: string | undefined, offset: number, whole: string) => {
    let reading: string;
    const next = whole[offset + _m.length];
    if (frac === undefined && !pct && (int.length >= 7 || (int.length > 1 && int.startsWith('0')))) {
      reading = readDigits(int, true);
    } else if (frac === undefined && !pct && int.length === 4 && next === '年') {
      reading = readDigits(int, false);
    } else {
      reading = int.length > 16 ? readDigits(int, false) : readCardinal(Number(int));
      if (frac !== undefined) reading += '点' + readDigits(frac, false);
      if (pct) reading = '百分之' + reading;
    }
    return reading;
  });
}
