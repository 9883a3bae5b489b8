/**
 * Reads prompt files: 8 kHz mono WAV as 16-bit PCM, A-law or μ-law (the formats telephony
 * prompts come in). Anything else is refused with a coded error naming what the file holds;
 * other formats are converted by the speech layer's `convertVoiceFile`.
 */
import { readFile } from 'node:fs/promises';
import { isAudioError, readWavInfo, type WavInfo } from '@waihu/asr';
import { MediaError } from './errors.js';
import { decodeG711 } from './g711.js';

/**
 * The chunk walk is the speech layer's (`readWavInfo`: extensible headers, pipe-written sizes,
 * refusals naming the format); this side only says which of those a call can play.
 */
function infoOf(bytes: Uint8Array): WavInfo {
  try {
    return readWavInfo(bytes);
  } catch (e) {
    if (isAudioError(e) && (e.code === 'WAV_MALFORMED' || e.code === 'WAV_UNSUPPORTED')) throw new MediaError(e.code, e.message);
    throw e;
  }
}

const ENCODING_NAMES: Record<WavInfo['encoding'], string> = {
  pcm8: 'PCM, 8-bit', pcm16: 'PCM, 16-bit', pcm24: 'PCM, 24-bit', pcm32: 'PCM, 32-bit',
  float32: 'IEEE float, 32-bit', float64: 'IEEE float, 64-bit', alaw: 'A-law, 8-bit', mulaw: 'μ-law, 8-bit',
};

function describe(info: WavInfo): string {
  return `${ENCODING_NAMES[info.encoding]}, ${info.channelCount} channel${info.channelCount === 1 ? '' : 's'}, ${info.sampleRate} Hz`;
}

function dataOf(bytes: Uint8Array, info: WavInfo): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + info.dataOffset, info.dataBytes);
}

/**
 * Decodes a WAV file's bytes to 8 kHz mono 16-bit samples. Throws `WAV_MALFORMED` for a
 * file that is not RIFF/WAVE or lacks its chunks, `WAV_UNSUPPORTED` (naming the format found)
 * for other encodings, rates or channel counts.
 */
export function decodeWav(input: Uint8Array): Int16Array {
  const info = infoOf(input);
  const supported = info.channelCount === 1 && info.sampleRate === 8000 && (info.encoding === 'pcm16' || info.encoding === 'alaw' || info.encoding === 'mulaw');
  if (!supported) {
    throw new MediaError('WAV_UNSUPPORTED', `prompt WAV is ${describe(info)}; need 8000 Hz mono 16-bit PCM, A-law or μ-law`);
  }
  const data = dataOf(input, info);
  if (info.encoding === 'pcm16') {
    const pcm = new Int16Array(info.frameCount);
    for (let i = 0; i < pcm.length; i++) pcm[i] = data.readInt16LE(i * 2);
    return pcm;
  }
  const pcm = new Int16Array(info.frameCount);
  decodeG711(info.encoding, data, pcm);
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
  const info = infoOf(input);
  if (info.encoding !== 'pcm16' || info.channelCount !== 2) {
    throw new MediaError('WAV_UNSUPPORTED', `recording WAV is ${describe(info)}; need 16-bit stereo PCM`);
  }
  const data = dataOf(input, info);
  const left = new Int16Array(info.frameCount);
  const right = new Int16Array(info.frameCount);
  for (let i = 0, o = 0; i < info.frameCount; i++, o += 4) {
    left[i] = data.readInt16LE(o);
    right[i] = data.readInt16LE(o + 2);
  }
  return { left, right };
}
