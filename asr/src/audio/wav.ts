/**
 * WAV (RIFF/WAVE) reading and writing. Reads PCM 8/16/24/32-bit, IEEE float 32/64-bit, G.711
 * A-law and μ-law, plain or WAVE_FORMAT_EXTENSIBLE, any rate, 1–8 channels; writes 16-bit PCM.
 * Anything else is refused with a coded error naming what the file holds.
 */
import { AudioError } from './errors.js';
import { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from './g711.js';

/** How a WAV file's samples are stored. */
export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64' | 'alaw' | 'mulaw';

/** What a WAV header says, without decoding the samples. */
export interface WavInfo {
  readonly encoding: WavEncoding;
  readonly sampleRate: number;
  readonly channelCount: number;
  /** Samples per channel. */
  readonly frameCount: number;
  readonly durationMs: number;
  /** Where the sample data starts and how many bytes of it are present. */
  readonly dataOffset: number;
  readonly dataBytes: number;
}

/** A decoded WAV file: one float array (−1…1) per channel. */
export interface WavAudio extends WavInfo {
  readonly channels: Float32Array[];
}

/** Names of format tags people meet, so the refusal says what the file is. */
const TAG_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM', 0x0011: 'IMA ADPCM', 0x0016: 'ITU G.723 ADPCM', 0x0031: 'GSM 6.10',
  0x0040: 'ITU G.721 ADPCM', 0x0050: 'MPEG audio', 0x0055: 'MPEG Layer 3 (mp3 in a WAV)',
  0x0064: 'ITU G.726 ADPCM', 0x0092: 'AC-3', 0x00ff: 'AAC', 0x1610: 'AAC (ADTS)', 0x2000: 'AC-3',
};

function fourcc(b: Uint8Array, o: number): string {
  return String.fromCharCode(b[o] ?? 0, b[o + 1] ?? 0, b[o + 2] ?? 0, b[o + 3] ?? 0);
}

function malformed(what: string, details: Record<string, string | number> = {}): AudioError {
  return new AudioError('WAV_MALFORMED', `not a readable WAV file: ${what}`, details);
}

/** Reads the header of a WAV file (throws WAV_MALFORMED / WAV_UNSUPPORTED). */
export function readWavInfo(bytes: Uint8Array): WavInfo {
  if (bytes.length < 12) throw malformed(`${bytes.length} bytes is too short for a RIFF header`, { bytes: bytes.length });
  const riff = fourcc(bytes, 0);
  if (riff === 'RF64' || riff === 'BW64') throw new AudioError('WAV_UNSUPPORTED', `${riff} (64-bit WAV) is not supported; save as a plain WAV`, { found: riff });
  if (riff !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') throw malformed(`starts with "${riff}…${fourcc(bytes, 8)}", not "RIFF…WAVE"`, { found: riff });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { tag: number; channels: number; rate: number; blockAlign: number; bits: number } | undefined;
  let pos = 12;
  while (pos + 8 <= bytes.length) {
    const id = fourcc(bytes, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw malformed(`fmt chunk of ${size} bytes is too short`, { fmtBytes: size });
      let tag = view.getUint16(body, true);
      if (tag === 0xfffe) {
        // WAVE_FORMAT_EXTENSIBLE: the real tag is the first two bytes of the sub-format GUID.
        if (size < 40 || body + 26 > bytes.length) throw malformed('WAVE_FORMAT_EXTENSIBLE fmt chunk is truncated');
        tag = view.getUint16(body + 24, true);
      }
      fmt = { tag, channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), blockAlign: view.getUint16(body + 12, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!fmt) throw malformed('data chunk before the fmt chunk');
      // Streaming writers (espeak-ng --stdout, sox to a pipe) leave the size at 0x7fffffff or
      // similar, and a recorder that died before closing leaves 0: trust the bytes that are there.
      const dataBytes = size === 0 ? bytes.length - body : Math.min(size, bytes.length - body);
      const encoding = encodingOf(fmt.tag, fmt.bits);
      if (fmt.channels < 1 || fmt.channels > 8) throw new AudioError('WAV_UNSUPPORTED', `${fmt.channels} channels (1–8 supported)`, { channels: fmt.channels });
      if (fmt.rate < 1000 || fmt.rate > 384000) throw new AudioError('WAV_UNSUPPORTED', `sample rate ${fmt.rate} Hz is out of range`, { sampleRate: fmt.rate });
      const frameBytes = (bitsOf(encoding) / 8) * fmt.channels;
      const frameCount = Math.floor(dataBytes / frameBytes);
      return { encoding, sampleRate: fmt.rate, channelCount: fmt.channels, frameCount, durationMs: (frameCount * 1000) / fmt.rate, dataOffset: body, dataBytes: frameCount * frameBytes };
    }
    pos = body + size + (size & 1); // chunks are word-aligned
  }
  throw malformed(fmt ? 'no data chunk' : 'no fmt chunk');
}

function bitsOf(e: WavEncoding): number {
  switch (e) {
    case 'pcm8': case 'alaw': case 'mulaw': return 8;
    case 'pcm16': return 16;
    case 'pcm24': return 24;
    case 'pcm32': case 'float32': return 32;
    case 'float64': return 64;
  }
}

function encodingOf(tag: number, bits: number): WavEncoding {
  const unsupported = (what: string): AudioError => new AudioError('WAV_UNSUPPORTED', `WAV holds ${what}; supported: PCM 8/16/24/32-bit, float 32/64-bit, G.711 A-law/μ-law`, { formatTag: tag, bitsPerSample: bits });
  if (tag === 1) {
    if (bits === 8) return 'pcm8';
    if (bits === 16) return 'pcm16';
    if (bits === 24) return 'pcm24';
    if (bits === 32) return 'pcm32';
    throw unsupported(`${bits}-bit PCM`);
  }
  if (tag === 3) {
    if (bits === 32) return 'float32';
    if (bits === 64) return 'float64';
    throw unsupported(`${bits}-bit float`);
  }
  if (tag === 6 && bits === 8) return 'alaw';
  if (tag === 7 && bits === 8) return 'mulaw';
  const name = TAG_NAMES[tag];
  throw unsupported(`format tag 0x${tag.toString(16).padStart(4, '0')}${name ? ` (${name})` : ''}, ${bits} bits per sample`);
}

/** Decodes a WAV file into float channels (−1…1). */
export function readWav(bytes: Uint8Array): WavAudio {
  const info = readWavInfo(bytes);
  const { channelCount: nc, frameCount: n, encoding } = info;
  const view = new DataView(bytes.buffer, bytes.byteOffset + info.dataOffset, info.dataBytes);
  const channels = Array.from({ length: nc }, () => new Float32Array(n));
  const step = bitsOf(encoding) / 8;
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nc; c++) {
      let v: number;
      switch (encoding) {
        case 'pcm8': v = (view.getUint8(o) - 128) / 128; break;
        case 'pcm16': v = view.getInt16(o, true) / 32768; break;
        case 'pcm24': v = ((view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608); break;
        case 'pcm32': v = view.getInt32(o, true) / 2147483648; break;
        case 'float32': v = view.getFloat32(o, true); break;
        case 'float64': v = view.getFloat64(o, true); break;
        case 'alaw': v = (ALAW_TO_LINEAR[view.getUint8(o)] as number) / 32768; break;
        case 'mulaw': v = (ULAW_TO_LINEAR[view.getUint8(o)] as number) / 32768; break;
      }
      (channels[c] as Float32Array)[i] = Number.isFinite(v) ? v : 0;
      o += step;
    }
  }
  return { ...info, channels };
}

/**
 * Writes 16-bit PCM as a WAV file. `samples` is interleaved when `channelCount` > 1.
 */
export function writeWav(samples: Int16Array, sampleRate: number, channelCount = 1): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const put = (o: number, s: string): void => { for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i); };
  put(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channelCount, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channelCount * 2, true);
  v.setUint16(32, channelCount * 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, samples[i] as number, true);
  return out;
}

/**
 * Reads a mono 16-bit PCM WAV as-is (prompts, test fixtures); anything else — other encodings,
 * more channels — is refused with WAV_UNSUPPORTED naming it (use `convertVoiceFile` for those).
 */
export function readWavPcm16Mono(bytes: Uint8Array): { samples: Int16Array; sampleRate: number } {
  const info = readWavInfo(bytes);
  if (info.encoding !== 'pcm16' || info.channelCount !== 1) {
    throw new AudioError('WAV_UNSUPPORTED', `expected mono 16-bit PCM, found ${info.channelCount} channel(s) of ${info.encoding}`, { encoding: info.encoding, channels: info.channelCount });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + info.dataOffset, info.dataBytes);
  const samples = new Int16Array(info.frameCount);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return { samples, sampleRate: info.sampleRate };
}
