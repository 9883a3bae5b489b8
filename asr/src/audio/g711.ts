/**
 * G.711 A-law and μ-law expansion (ITU-T G.711), for reading A-law/μ-law WAV files. The
 * telephony layer has its own codec in dialogs/; asr cannot import dialogs (dependency
 * direction dialogs → asr), and expansion is a 256-entry table anyway.
 */

function alawToLinear(a: number): number {
  a ^= 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let v = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if (!sign) v = -v;
  return v;
}

function ulawToLinear(u: number): number {
  u = ~u & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const v = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -v : v;
}

/** A-law byte → 16-bit linear sample. */
export const ALAW_TO_LINEAR: Int16Array = Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i));
/** μ-law byte → 16-bit linear sample. */
export const ULAW_TO_LINEAR: Int16Array = Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i));
