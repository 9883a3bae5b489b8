/**
 * Reads prompt files: 8 kHz mono WAV as 16-bit PCM, A-law or μ-law (the formats telephony
 * prompts come in). Anything else is refused with a coded error naming what the file holds;
 * resampling and mixing down arrive with the speech layer.
 */
import { readFile } from 'node:fs/promises';
import { MediaError } from './errors.js';
import { decodeG711 } from './g711.js';
import { WAV_FORMAT } from './wav-format.js';

const FORMAT_NAMES: Record<number, string> = { 1: 'PCM', 3: 'IEEE float', 6: 'A-law', 7: 'μ-law', 0x11: 'IMA ADPCM', 0x55: 'MP3' };

interface FmtChunk { format: number; channels: number; sampleRate: number; bitsPerSample: number }

function describe(fmt: FmtChunk): string {
  const name = FORMAT_NAMES[fmt.format] ?? `format 0x${fmt.format.toString(16)}`;
  return `${name}, ${fmt.channels} channel${fmt.channels === 1 ? '' : 's'}, ${fmt.sampleRate} Hz, ${fmt.bitsPerSample}-bit`;
}

function readFmt(bytes: Buffer, offset: number, size: number): FmtChunk {
  if (size < 16) throw new MediaError('WAV_MALFORMED', `WAV fmt chunk is ${size} bytes, needs at least 16`);
  let format = bytes.readUInt16LE(offset);
  // WAVE_FORMAT_EXTENSIBLE keeps the real code in the first two bytes of its sub-format GUID.
  if (format === WAV_FORMAT.extensible && size >= 26) format = bytes.readUInt16LE(offset + 24);
  return { format, channels: bytes.readUInt16LE(offset + 2), sampleRate: bytes.readUInt32LE(offset + 4), bitsPerSample: bytes.readUInt16LE(offset + 14) };
}

/**
 * Decodes a WAV file's bytes to 8 kHz mono 16-bit samples. Throws `WAV_MALFORMED` for a
 * file that is not RIFF/WAVE or lacks its chunks, `WAV_UNSUPPORTED` (naming the format found)
 * for other encodings, rates or channel counts.
 */
export function decodeWav(input: Uint8Array): Int16Array {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new MediaError('WAV_MALFORMED', 'not a RIFF/WAVE file');
  }
  let fmt: FmtChunk | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') fmt = readFmt(bytes, body, Math.min(size, bytes.length - body));
    else if (id === 'data') {
      if (!fmt) throw new MediaError('WAV_MALFORMED', 'WAV data chunk comes before its fmt chunk');
      // A streaming writer that died leaves 0 (or 0xffffffff) here: take what is in the file.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      return decodeData(fmt, bytes.subarray(body, end));
    }
    offset = body + size + (size & 1);
  }
  throw new MediaError('WAV_MALFORMED', fmt ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk');
}

function decodeData(fmt: FmtChunk, data: Buffer): Int16Array {
  const supported = fmt.channels === 1 && fmt.sampleRate === 8000 &&
    ((fmt.format === WAV_FORMAT.pcm && fmt.bitsPerSample === 16) ||
     ((fmt.format === WAV_FORMAT.alaw || fmt.format === WAV_FORMAT.mulaw) && fmt.bitsPerSample === 8));
  if (!supported) {
    throw new MediaError('WAV_UNSUPPORTED', `prompt WAV is ${describe(fmt)}; need 8000 Hz mono 16-bit PCM, A-law or μ-law`);
  }
  if (fmt.format === WAV_FORMAT.pcm) {
    const pcm = new Int16Array(data.length >> 1);
    for (let i = 0; i < pcm.length; i++) pcm[i] = data.readInt16LE(i * 2);
    return pcm;
  }
  const pcm = new Int16Array(data.length);
  decodeG711(fmt.format === WAV_FORMAT.alaw ? 'alaw' : 'mulaw', data, pcm);
  return pcm;
}

/** Reads and decodes a prompt file (see `decodeWav`). */
export async function readWavFile(path: string): Promise<Int16Array> {
  return decodeWav(await readFile(path));
}

/**
 * Splits a call recording (8 kHz 16-bit stereo PCM, as `StereoWavRecorder` writes) into its
 * customer (left) and robot/agent (right) channels; for tests and quality checks.
 */
export function decodeStereoWav(input: Uint8Array): { left: Int16Array; right: Int16Array } {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 44 || bytes.toString('ascii', 0, 4) !== 'RIFF') throw new MediaError('WAV_MALFORMED', 'not a RIFF/WAVE file');
  let offset = 12;
  let fmt: FmtChunk | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') fmt = readFmt(bytes, offset + 8, size);
    else if (id === 'data') {
      if (!fmt || fmt.format !== WAV_FORMAT.pcm || fmt.channels !== 2 || fmt.bitsPerSample !== 16) {
        throw new MediaError('WAV_UNSUPPORTED', `recording WAV is ${fmt ? describe(fmt) : 'without fmt'}; need 16-bit stereo PCM`);
      }
      const end = Math.min(bytes.length, offset + 8 + (size === 0 ? bytes.length : size));
      const frames = (end - offset - 8) >> 2;
      const left = new Int16Array(frames);
      const right = new Int16Array(frames);
      for (let i = 0, o = offset + 8; i < frames; i++, o += 4) {
        left[i] = bytes.readInt16LE(o);
        right[i] = bytes.readInt16LE(o + 2);
      }
      return { left, right };
    }
    offset += 8 + size + (size & 1);
  }
  throw new MediaError('WAV_MALFORMED', 'WAV file has no data chunk');
}
