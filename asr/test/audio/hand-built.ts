/**
 * Minimal files of formats no encoder here can produce (Debian's sox has no mp3 or AAC
 * encoder, and there is no ffmpeg/lame): built bit by bit so the conversion tests still run the
 * real decoders on them.
 */

/** MSB-first bit writer. */
class Bits {
  readonly bytes: Uint8Array;
  private pos = 0;
  constructor(n: number) {
    this.bytes = new Uint8Array(n);
  }
  put(value: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) {
      if ((value >> i) & 1) this.bytes[this.pos >> 3] = (this.bytes[this.pos >> 3] as number) | (0x80 >> (this.pos & 7));
      this.pos++;
    }
  }
}

/**
 * An MPEG-1 Layer III (mp3) file, 44.1 kHz mono, 32 kbit/s, whose every granule holds one
 * MDCT line (line 24, Huffman table 1): it decodes to a steady tone at 24.5·44100/1152 ≈ 938 Hz.
 */
export function mp3Tone(frames: number, globalGain = 170): Uint8Array {
  const frameBytes = 104; // 144 · 32000 / 44100, no padding
  const out = new Uint8Array(frames * frameBytes);
  for (let f = 0; f < frames; f++) {
    const b = new Bits(frameBytes);
    b.put(0xfffb, 16); // sync, MPEG-1, layer III, no CRC
    b.put(0x1, 4); // 32 kbit/s
    b.put(0, 2); // 44.1 kHz
    b.put(0, 2); // no padding, private
    b.put(3, 2); // mono
    b.put(0, 6); // mode extension, copyright, original, emphasis
    // Side information (17 bytes for mono).
    b.put(0, 9); // main_data_begin: no bit reservoir
    b.put(0, 5); // private bits
    b.put(0, 4); // scfsi
    for (let gr = 0; gr < 2; gr++) {
      b.put(15, 12); // part2_3_length: 12×"1" + "01" + sign
      b.put(13, 9); // big_values: 13 pairs (lines 0–25)
      b.put(globalGain, 8);
      b.put(0, 4); // scalefac_compress: no scale factors
      b.put(0, 1); // long blocks
      b.put(1, 5); b.put(1, 5); b.put(1, 5); // table_select: Huffman table 1
      b.put(15, 4); b.put(7, 3); // region counts (all 13 pairs fall in region 0)
      b.put(0, 3); // preflag, scalefac_scale, count1table_select
    }
    // Main data: per granule, 12 pairs (0,0) = "1", then (1,0) = "01" and a + sign.
    for (let gr = 0; gr < 2; gr++) {
      for (let i = 0; i < 12; i++) b.put(1, 1);
      b.put(0b01, 2);
      b.put(0, 1);
    }
    out.set(b.bytes, f * frameBytes);
  }
  return out;
}

/** A raw AAC-LC frame of silence for one channel (max_sfb = 0). */
const SILENT_AAC_MONO = Uint8Array.of(0x00, 0xc8, 0x00, 0x80, 0x23, 0x80);

/** An ADTS AAC-LC stream, 16 kHz mono, of `frames` silent frames (1024 samples each). */
export function adtsSilence(frames: number): Uint8Array {
  const len = 7 + SILENT_AAC_MONO.length;
  const out = new Uint8Array(frames * len);
  for (let f = 0; f < frames; f++) {
    const b = new Bits(7);
    b.put(0xfff, 12); b.put(0, 1); b.put(0, 2); b.put(1, 1); // sync, MPEG-4, layer, no CRC
    b.put(1, 2); b.put(8, 4); b.put(0, 1); b.put(1, 3); // LC, 16 kHz, private, mono
    b.put(0, 4); b.put(len, 13); b.put(0x7ff, 11); b.put(0, 2);
    out.set(b.bytes, f * len);
    out.set(SILENT_AAC_MONO, f * len + 7);
  }
  return out;
}

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const size = 8 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  let o = 8;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function u32s(...v: number[]): Uint8Array {
  const out = new Uint8Array(v.length * 4);
  const d = new DataView(out.buffer);
  v.forEach((x, i) => d.setUint32(i * 4, x));
  return out;
}

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** What goes in the MP4's one sound sample entry. */
export type Mp4Audio =
  | { readonly kind: 'aac-silence'; readonly frames: number }
  | { readonly kind: 'pcm'; readonly samples: Int16Array; readonly sampleRate: number };

/**
 * A minimal .m4a (ISO BMFF: ftyp, moov with one sound track, mdat): either AAC-LC (16 kHz
 * mono, silent frames, with its esds AudioSpecificConfig) or 16-bit little-endian PCM ('sowt').
 */
export function m4a(audio: Mp4Audio): Uint8Array {
  let entry: Uint8Array;
  let samples: Uint8Array[];
  let timescale: number;
  if (audio.kind === 'aac-silence') {
    timescale = 16000;
    samples = Array.from({ length: audio.frames }, () => SILENT_AAC_MONO);
    // ES_Descriptor → DecoderConfigDescriptor (AAC, oti 0x40) → AudioSpecificConfig: LC, 16 kHz, mono.
    const esds = box('esds', u32s(0), Uint8Array.of(0x03, 25, 0, 1, 0, 0x04, 17, 0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 2, 0x14, 0x08, 0x06, 1, 2));
    entry = box('mp4a', new Uint8Array(6), Uint8Array.of(0, 1), new Uint8Array(8), Uint8Array.of(0, 1, 0, 16, 0, 0, 0, 0), u32s(16000 * 65536), esds);
  } else {
    timescale = audio.sampleRate;
    const bytes = new Uint8Array(audio.samples.length * 2);
    const d = new DataView(bytes.buffer);
    audio.samples.forEach((v, i) => d.setInt16(i * 2, v, true));
    samples = [];
    for (let o = 0; o < bytes.length; o += 320) samples.push(bytes.subarray(o, Math.min(bytes.length, o + 320)));
    entry = box('sowt', new Uint8Array(6), Uint8Array.of(0, 1), new Uint8Array(8), Uint8Array.of(0, 1, 0, 16, 0, 0, 0, 0), u32s(audio.sampleRate * 65536));
  }
  const ftyp = box('ftyp', ascii('M4A '), u32s(0), ascii('M4A isom'));
  const build = (mdatOffset: number): Uint8Array => {
    const stbl = box('stbl',
      box('stsd', u32s(0, 1), entry),
      box('stts', u32s(0, 1, samples.length, audio.kind === 'pcm' ? 160 : 1024)),
      box('stsc', u32s(0, 1, 1, samples.length, 1)),
      box('stsz', u32s(0, 0, samples.length, ...samples.map((s) => s.length))),
      box('stco', u32s(0, 1, mdatOffset)));
    const mdia = box('mdia',
      box('mdhd', u32s(0, 0, 0, timescale, 0), new Uint8Array(4)),
      box('hdlr', u32s(0, 0), ascii('soun'), u32s(0, 0, 0), Uint8Array.of(0)),
      box('minf', stbl));
    return box('moov', box('mvhd', u32s(0, 0, 0, 1000, 0), new Uint8Array(80)), box('trak', box('tkhd', u32s(7, 0, 0, 1, 0, 0), new Uint8Array(64)), mdia));
  };
  const moovSize = build(0).length;
  const moov = build(ftyp.length + moovSize + 8);
  const mdat = box('mdat', ...samples);
  const out = new Uint8Array(ftyp.length + moov.length + mdat.length);
  out.set(ftyp);
  out.set(moov, ftyp.length);
  out.set(mdat, ftyp.length + moov.length);
  return out;
}
