/**
 * ITU-T G.711 A-law and μ-law, bit-exact with the reference coder (the Sun/CCITT g711.c that
 * every softswitch uses). Encoding is one lookup in a 64 KiB table per law, decoding one in a
 * 256-entry table; the tables are built once when the module loads, so the per-frame path is a
 * plain loop with no allocation.
 */

/** The two G.711 companding laws: PCMU (μ-law, payload type 0) and PCMA (A-law, 8). */
export type G711Law = 'mulaw' | 'alaw';

const SIGN_BIT = 0x80;
const QUANT_MASK = 0x0f;
const SEG_SHIFT = 4;
const SEG_MASK = 0x70;
const ULAW_BIAS = 0x84;
const ULAW_CLIP = 8159;
const SEG_UEND = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const SEG_AEND = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function segment(value: number, ends: readonly number[]): number {
  for (let i = 0; i < ends.length; i++) if (value <= ends[i]!) return i;
  return ends.length;
}

/** One 16-bit sample to a μ-law byte, as in g711.c `linear2ulaw` (the sample is cut to 14 bits). */
function ulawFromLinear(sample: number): number {
  let pcm = sample >> 2;
  let mask: number;
  if (pcm < 0) { pcm = -pcm; mask = 0x7f; } else mask = 0xff;
  if (pcm > ULAW_CLIP) pcm = ULAW_CLIP;
  pcm += ULAW_BIAS >> 2;
  const seg = segment(pcm, SEG_UEND);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((pcm >> (seg + 1)) & 0xf)) ^ mask;
}

/** One 16-bit sample to an A-law byte, as in g711.c `linear2alaw` (the sample is cut to 13 bits). */
function alawFromLinear(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) mask = 0xd5; else { mask = 0x55; pcm = -pcm - 1; }
  const seg = segment(pcm, SEG_AEND);
  if (seg >= 8) return 0x7f ^ mask;
  let aval = seg << SEG_SHIFT;
  aval |= seg < 2 ? (pcm >> 1) & QUANT_MASK : (pcm >> seg) & QUANT_MASK;
  return aval ^ mask;
}

function linearFromUlaw(byte: number): number {
  const u = ~byte & 0xff;
  let t = ((u & QUANT_MASK) << 3) + ULAW_BIAS;
  t <<= (u & SEG_MASK) >> SEG_SHIFT;
  return u & SIGN_BIT ? ULAW_BIAS - t : t - ULAW_BIAS;
}

function linearFromAlaw(byte: number): number {
  const a = byte ^ 0x55;
  let t = (a & QUANT_MASK) << 4;
  const seg = (a & SEG_MASK) >> SEG_SHIFT;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & SIGN_BIT ? t : -t;
}

function buildEncodeTable(encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  // Indexed by the sample's 16 bits as unsigned, so a lookup is `table[sample & 0xffff]`.
  for (let i = 0; i < 65536; i++) table[i] = encode(i >= 32768 ? i - 65536 : i);
  return table;
}

function buildDecodeTable(decode: (byte: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) table[i] = decode(i);
  return table;
}

const ULAW_ENCODE = buildEncodeTable(ulawFromLinear);
const ALAW_ENCODE = buildEncodeTable(alawFromLinear);
const ULAW_DECODE = buildDecodeTable(linearFromUlaw);
const ALAW_DECODE = buildDecodeTable(linearFromAlaw);

/** The byte each law uses for digital silence (a zero sample). */
export const G711_SILENCE: Readonly<Record<G711Law, number>> = { mulaw: 0xff, alaw: 0xd5 };

/** The RTP static payload type of each law (RFC 3551). */
export const G711_PAYLOAD_TYPE: Readonly<Record<G711Law, number>> = { mulaw: 0, alaw: 8 };

/** One 16-bit sample to one μ-law byte. */
export const mulawEncodeSample = (sample: number): number => ULAW_ENCODE[sample & 0xffff]!;
/** One μ-law byte to one 16-bit sample. */
export const mulawDecodeSample = (byte: number): number => ULAW_DECODE[byte & 0xff]!;
/** One 16-bit sample to one A-law byte. */
export const alawEncodeSample = (sample: number): number => ALAW_ENCODE[sample & 0xffff]!;
/** One A-law byte to one 16-bit sample. */
export const alawDecodeSample = (byte: number): number => ALAW_DECODE[byte & 0xff]!;

/**
 * Encodes `count` samples of `pcm` (from `pcmOffset`) into `out` at `outOffset`, writing in
 * place so a caller can encode straight behind an RTP header. Returns the bytes written.
 */
export function encodeG711(law: G711Law, pcm: Int16Array, out: Uint8Array, outOffset = 0, pcmOffset = 0, count = pcm.length - pcmOffset): number {
  const table = law === 'mulaw' ? ULAW_ENCODE : ALAW_ENCODE;
  const n = Math.min(count, out.length - outOffset, pcm.length - pcmOffset);
  for (let i = 0; i < n; i++) out[outOffset + i] = table[pcm[pcmOffset + i]! & 0xffff]!;
  return n;
}

/**
 * Decodes `bytes` into `out` at `outOffset`; returns the samples written (at most the room
 * left in `out`).
 */
export function decodeG711(law: G711Law, bytes: Uint8Array, out: Int16Array, outOffset = 0): number {
  const table = law === 'mulaw' ? ULAW_DECODE : ALAW_DECODE;
  const n = Math.min(bytes.length, out.length - outOffset);
  for (let i = 0; i < n; i++) out[outOffset + i] = table[bytes[i]!]!;
  return n;
}

/** Encodes a whole buffer into a new array; for prompts and tests, not the per-frame path. */
export function encodeG711Array(law: G711Law, pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  encodeG711(law, pcm, out);
  return out;
}

/** Decodes a whole buffer into a new array; for prompts and tests, not the per-frame path. */
export function decodeG711Array(law: G711Law, bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  decodeG711(law, bytes, out);
  return out;
}
