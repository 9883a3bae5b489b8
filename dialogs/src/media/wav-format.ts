/**
 * The RIFF/WAVE header, shared by the recorder (which patches the sizes at the end) and tests
 * or tools that write whole files.
 */

/** WAVE format codes this layer knows about. */
export const WAV_FORMAT = { pcm: 1, float: 3, alaw: 6, mulaw: 7, extensible: 0xfffe } as const;

/** The size of the canonical header `wavHeader` writes. */
export const WAV_HEADER_BYTES = 44;

/** Layout of the audio a header describes. */
export interface WavLayout {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** A `WAV_FORMAT` code (default PCM). */
  format?: number;
}

/** A 44-byte header for `dataBytes` of audio (0 when unknown yet, as a streaming writer does). */
export function wavHeader(dataBytes: number, layout: WavLayout): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  const blockAlign = (layout.channels * layout.bitsPerSample) / 8;
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(layout.format ?? WAV_FORMAT.pcm, 20);
  h.writeUInt16LE(layout.channels, 22);
  h.writeUInt32LE(layout.sampleRate, 24);
  h.writeUInt32LE(layout.sampleRate * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(layout.bitsPerSample, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** A whole mono 16-bit PCM WAV file in memory (prompts for tests and tools). */
export function encodeWavPcm16(pcm: Int16Array, sampleRate = 8000, channels = 1): Buffer {
  const data = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) data.writeInt16LE(pcm[i]!, i * 2);
  return Buffer.concat([wavHeader(data.length, { channels, sampleRate, bitsPerSample: 16 }), data]);
}
