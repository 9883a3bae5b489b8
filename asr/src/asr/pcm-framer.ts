/**
 * Turns a call's audio (8 or 16 kHz chunks of any length) into the fixed-size 16 kHz frames a
 * provider's protocol wants: 160 ms for Baidu realtime, 60 ms for FunASR's default chunking.
 *
 * The 8 → 16 kHz step is the audio module's streaming polyphase resampler (filter state carried
 * across chunks, exactly 2 samples out per sample in), created on the first 8 kHz chunk.
 */
import { Resampler } from '../audio/index.js';
import type { AsrAudio } from './types.js';

/** Bytes per 16-bit sample. */
const BYTES = 2;

/** Frames 16 kHz little-endian PCM into `frameSamples`-sample Buffers. */
export class Pcm16kFramer {
  private frame: Int16Array;
  private fill = 0;
  private upsampler: Resampler | null = null;
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
    let samples = chunk.samples;
    if (chunk.sampleRate !== 16000) {
      this.upsampler ??= new Resampler(chunk.sampleRate, 16000);
      samples = this.upsampler.process(samples);
    }
    for (let i = 0; i < samples.length; i++) this.put(samples[i] as number, out);
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
