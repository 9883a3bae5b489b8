/**
 * Records a call as it happens: 8 kHz 16-bit stereo WAV, the customer on the left and the
 * robot or agent on the right, one stereo frame per pacer tick so both sides stay aligned.
 * Frames collect in a chunk buffer that is written asynchronously when full (the media loop
 * never waits on the disk); the header's sizes are patched on close. Memory is a few chunks,
 * whatever the call's length.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { MediaError } from './errors.js';
import { trackResource } from './resources.js';
import { WAV_HEADER_BYTES, wavHeader } from './wav-format.js';

const LAYOUT = { channels: 2, sampleRate: 8000, bitsPerSample: 16 };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Tuning for a recorder. */
export interface RecorderOptions {
  /** Samples per channel per frame (default 160 = 20 ms). */
  frameSamples?: number;
  /** Frames per disk write (default 50 = 1 s, 32 KiB). */
  framesPerChunk?: number;
  /** Chunks allowed to wait for a slow disk before frames are dropped and counted (default 30). */
  maxPendingChunks?: number;
}

/** How a recording ended. */
export interface RecordingSummary {
  path: string;
  frames: number;
  durationMs: number;
  /** Frames lost because the disk fell behind (or after a write error). */
  droppedFrames: number;
  /** The first write error, if any; the file then holds what was written before it. */
  error: MediaError | null;
}

/** One call's stereo recording; open with `StereoWavRecorder.open`, always `close`. */
export class StereoWavRecorder {
  private readonly frameSamples: number;
  private readonly chunkFrames: number;
  private readonly maxPending: number;
  private readonly free: Int16Array[] = [];
  private readonly pending: Int16Array[] = [];
  private chunk: Int16Array;
  private chunkUsed = 0;
  private position = WAV_HEADER_BYTES;
  private writing: Promise<void> | undefined;
  private frames = 0;
  private dropped = 0;
  private error: MediaError | null = null;
  private closing: Promise<RecordingSummary> | undefined;

  private constructor(readonly path: string, private readonly file: FileHandle, options: RecorderOptions) {
    this.frameSamples = options.frameSamples ?? 160;
    this.chunkFrames = options.framesPerChunk ?? 50;
    this.maxPending = options.maxPendingChunks ?? 30;
    this.chunk = this.newChunk();
  }

  /** Creates (or truncates) `path` and writes a header with sizes to be patched on close. */
  static async open(path: string, options: RecorderOptions = {}): Promise<StereoWavRecorder> {
    if (!LITTLE_ENDIAN) throw new MediaError('RECORDING_FAILED', 'recording needs a little-endian host');
    let file: FileHandle;
    try {
      file = await open(path, 'w');
    } catch (cause) {
      throw new MediaError('RECORDING_FAILED', `cannot create recording ${path}`, { cause });
    }
    trackResource('files', 1);
    try {
      await file.write(wavHeader(0, LAYOUT), 0, WAV_HEADER_BYTES, 0);
    } catch (cause) {
      await file.close().catch(() => undefined);
      trackResource('files', -1);
      throw new MediaError('RECORDING_FAILED', `cannot write recording ${path}`, { cause });
    }
    return new StereoWavRecorder(path, file, options);
  }

  /**
   * Appends one frame: `left` is what the customer said this tick, `right` what the robot or
   * agent sent; `null` (nothing that tick) records silence. Shorter arrays are zero-padded.
   */
  writeFrame(left: Int16Array | null, right: Int16Array | null): void {
    if (this.closing || this.error) { this.dropped += 1; return; }
    const base = this.chunkUsed * this.frameSamples * 2;
    const out = this.chunk;
    const n = this.frameSamples;
    for (let i = 0; i < n; i++) {
      out[base + 2 * i] = left !== null && i < left.length ? left[i]! : 0;
      out[base + 2 * i + 1] = right !== null && i < right.length ? right[i]! : 0;
    }
    this.frames += 1;
    this.chunkUsed += 1;
    if (this.chunkUsed === this.chunkFrames) this.flushChunk();
  }

  /** Appends `frames` frames of silence on both sides (ticks the process skipped). */
  writeSilence(frames: number): void {
    for (let i = 0; i < frames; i++) this.writeFrame(null, null);
  }

  /** Writes what is buffered, patches the header and closes the file. Safe to call twice. */
  close(): Promise<RecordingSummary> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<RecordingSummary> {
    if (this.chunkUsed > 0 && !this.error) this.flushChunk();
    while (this.writing) await this.writing;
    const dataBytes = this.position - WAV_HEADER_BYTES;
    try {
      if (!this.error) await this.file.write(wavHeader(dataBytes, LAYOUT), 0, WAV_HEADER_BYTES, 0);
    } catch (cause) {
      this.error = new MediaError('RECORDING_FAILED', `cannot finish recording ${this.path}`, { cause });
    }
    await this.file.close().catch(() => undefined);
    trackResource('files', -1);
    const frames = dataBytes / (this.frameSamples * 4);
    return { path: this.path, frames, durationMs: (frames * this.frameSamples) / 8, droppedFrames: this.dropped, error: this.error };
  }

  private newChunk(): Int16Array {
    return this.free.pop() ?? new Int16Array(this.chunkFrames * this.frameSamples * 2);
  }

  private flushChunk(): void {
    const full = this.chunk.subarray(0, this.chunkUsed * this.frameSamples * 2);
    if (this.pending.length >= this.maxPending) {
      // The disk is this far behind: losing a second of recording beats unbounded memory.
      this.dropped += this.chunkUsed;
    } else {
      this.pending.push(full);
      this.chunk = this.newChunk();
    }
    this.chunkUsed = 0;
    this.writing ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.error) {
      const chunk = this.pending[0]!;
      try {
        await this.file.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), 0, chunk.byteLength, this.position);
        this.position += chunk.byteLength;
      } catch (cause) {
        this.error = new MediaError('RECORDING_FAILED', `write to recording ${this.path} failed`, { cause });
      }
      this.pending.shift();
      // The chunk's whole buffer goes back to the pool for the next second of audio.
      this.free.push(new Int16Array(chunk.buffer));
    }
    for (const chunk of this.pending.splice(0)) this.dropped += chunk.length / (this.frameSamples * 2);
    this.writing = undefined;
  }
}
