/**
 * Turns a call's audio (8 or 16 kHz chunks of any length) into the fixed-size 16 kHz frames a
 * provider's protocol wants: 160 ms for Baidu realtime, 60 ms for FunASR's default chunking.
 *
 * The 8 → 16 kHz step is a streaming linear interpolator (state carried across chunks). It is
 * deliberately small: telephone audio has nothing above 3.4 kHz, so interpolation loses nothing
 * a recognizer uses. When the audio module's resampler is exported, this is the one place to
 * swap it in.
 */
import type { AsrAudio } from './types.js';

/** Bytes per 16-bit sample. */
const BYTES = 2;

/** Frames 16 kHz little-endian PCM into `frameSamples`-sample Buffers. */
export class Pcm16kFramer {
  private frame: Int16Array;
  private fill = 0;
  private last8k: number | null = null;
  private samples16k = 0;

  constructor(private readonly frameSamples: number) {
    this.frame = new Int16Array(frameSamples);
  }

  /** 16 kHz samples accepted so far, in milliseconds. */
  get audioMs(): number {
    return this.samples16k / 16;
  }

  /** Accepts a chunk; calls `out` for every full frame. */
  push(chunk: AsrAudio, out: (frame: Buffer) => void): void {
    const { samples } = chunk;
    if (chunk.sampleRate === 16000) {
      for (let i = 0; i < samples.length; i++) this.put(samples[i] as number, out);
      return;
    }
    // 8 kHz: each input sample yields the midpoint with the previous one, then itself.
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i] as number;
      this.put(this.last8k === null ? s : (this.last8k + s) >> 1, out);
      this.put(s, out);
      this.last8k = s;
    }
  }

  /** Emits what is buffered as a final, shorter frame (nothing if empty). */
  flush(out: (frame: Buffer) => void): void {
    if (this.fill === 0) return;
    out(Buffer.from(this.frame.buffer, 0, this.fill * BYTES));
    this.frame = new Int16Array(this.frameSamples);
    this.fill = 0;
  }

  private put(sample: number, out: (frame: Buffer) => void): void {
    // Int16Array is host-endian; every platform Node ships for here (x64, arm64) is little-endian,
    // which is what both protocols want.
    this.frame[this.fill++] = sample;
    this.samples16k++;
    if (this.fill === this.frameSamples) {
      out(Buffer.from(this.frame.buffer));
      // The sent frame may still be queued in the socket, so the next frame gets a new array.
      this.frame = new Int16Array(this.frameSamples);
      this.fill = 0;
    }
  }
}
