/**
 * The little WAV reading synthesis needs: the PCM of a 16-bit WAV, tolerant of the header
 * espeak-ng writes to a pipe (RIFF and data sizes of 0x7ffffxxx because it cannot seek back).
 * The audio helper's `asr/src/audio/` owns general WAV I/O and voice-file conversion.
 */

/** 16-bit PCM read from a WAV. Multi-channel audio is left interleaved. */
export interface WavPcm {
  readonly sampleRate: number;
  readonly channels: number;
  readonly samples: Int16Array;
}

/** Why bytes are not a WAV this module reads. */
export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
}

function tag(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/**
 * Reads a RIFF/WAVE file of 16-bit integer PCM. A data chunk whose declared size runs past the
 * end of the bytes is taken to end there (streamed headers); a trailing odd byte is dropped.
 */
export function readWavPcm16(bytes: Uint8Array): WavPcm {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE') throw new WavFormatError('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  let format: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  while (at + 8 <= bytes.length) {
    const id = tag(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavFormatError('fmt chunk too short');
      format = {
        code: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
      // WAVE_FORMAT_EXTENSIBLE carries the real format code in its sub-format GUID.
      if (format.code === 0xfffe && size >= 26 && body + 26 <= bytes.length) format.code = view.getUint16(body + 24, true);
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('data chunk before fmt chunk');
      if (format.code !== 1 || format.bits !== 16) throw new WavFormatError(`not 16-bit PCM (format ${format.code}, ${format.bits} bits)`);
      if (format.channels < 1 || format.sampleRate < 1) throw new WavFormatError('bad channel count or sample rate');
      const end = Math.min(bytes.length, body + size);
      const n = Math.floor((end - body) / 2);
      const samples = new Int16Array(n);
      for (let i = 0; i < n; i++) samples[i] = view.getInt16(body + 2 * i, true);
      return { sampleRate: format.sampleRate, channels: format.channels, samples };
    }
    at = body + size + (size & 1);
  }
  throw new WavFormatError('no data chunk');
}
