/**
 * The VAD's inference workers and their batching (internal to the package). Windows from all
 * streams on a worker that arrive in the same event-loop turn — the media tick hands every
 * call its frame at once — go to the model as one batch; while a batch runs, the next one
 * gathers. A batch holds at most one window per stream, because each window needs the LSTM
 * state its predecessor left.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../audio/ts-worker.js';
import { VadError } from './errors.js';

/** Samples per model window at 8 kHz (32 ms). */
export const VAD_WINDOW = 256;

/** Where a stream's results go. */
export interface WindowSink {
  readonly id: number;
  /** Windows queued or in flight for this stream. */
  backlog: number;
  probability(p: number): void;
  failed(e: VadError): void;
}

interface Queued {
  readonly sink: WindowSink;
  readonly window: Float32Array;
}

/** Counters for the benchmark and for health checks. */
export interface PoolStats {
  batches: number;
  windows: number;
  /** Worker time spent in inference (ms, summed over workers). */
  inferenceMs: number;
  dropped: number;
}

/** One worker thread, its streams and its queue. */
export class InferenceWorker {
  readonly sinks = new Set<WindowSink>();
  private queue: Queued[] = [];
  private inFlight: Queued[] | undefined;
  private flushScheduled = false;
  private seq = 0;
  private dead = false;
  readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker, private readonly maxBatch: number, private readonly stats: PoolStats, onDeath: (w: InferenceWorker) => void) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (m: { t: string; seq?: number; probs?: Float32Array; ms?: number }) => {
      if (m.t === 'result') this.done(m.probs as Float32Array, m.ms ?? 0);
    });
    const die = (why: string): void => {
      if (this.dead) return;
      this.dead = true;
      const e = new VadError('VAD_WORKER_FAILED', `VAD worker ${why}`);
      for (const s of this.sinks) s.failed(e);
      this.sinks.clear();
      this.queue = [];
      this.inFlight = undefined;
      onDeath(this);
    };
    worker.on('error', (e) => die(`failed: ${e.message}`));
    worker.on('exit', (code) => die(`exited with code ${code}`));
  }

  /** Starts a worker and waits until its model is loaded. */
  static start(modelPath: string, maxBatch: number, stats: PoolStats, onDeath: (w: InferenceWorker) => void): Promise<InferenceWorker> {
    const worker = startTsWorker(new URL('./vad-worker.ts', import.meta.url), { modelPath });
    return new Promise((resolve, reject) => {
      const fail = (message: string): void => {
        const e = new VadError('VAD_MODEL_LOAD_FAILED', `cannot load the Silero VAD model ${modelPath}: ${message}`);
        // Reject only once the thread is gone, so a failed load leaves nothing running.
        void worker.terminate().finally(() => reject(e));
      };
      worker.once('error', (e) => fail(e.message));
      worker.once('message', (m: { t: string; message?: string }) => {
        worker.removeAllListeners('error');
        if (m.t === 'ready') resolve(new InferenceWorker(worker, maxBatch, stats, onDeath));
        else fail(m.message ?? 'unknown error');
      });
    });
  }

  /** Whether the worker still runs. */
  get alive(): boolean {
    return !this.dead;
  }

  open(sink: WindowSink): void {
    this.sinks.add(sink);
    this.worker.postMessage({ t: 'open', id: sink.id });
  }

  close(sink: WindowSink): void {
    if (!this.sinks.delete(sink)) return;
    this.queue = this.queue.filter((q) => q.sink !== sink);
    sink.backlog = 0;
    if (!this.dead) this.worker.postMessage({ t: 'close', id: sink.id });
  }

  /** Queues one 256-sample window of `sink`'s stream. */
  submit(sink: WindowSink, window: Float32Array): void {
    this.queue.push({ sink, window });
    sink.backlog++;
    if (!this.inFlight && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.send();
      });
    }
  }

  async terminate(): Promise<void> {
    this.dead = true;
    this.sinks.clear();
    this.queue = [];
    await this.worker.terminate();
  }

  private send(): void {
    if (this.inFlight || this.queue.length === 0 || this.dead) return;
    const batch: Queued[] = [];
    const rest: Queued[] = [];
    const taken = new Set<WindowSink>();
    for (const q of this.queue) {
      if (batch.length < this.maxBatch && !taken.has(q.sink)) {
        taken.add(q.sink);
        batch.push(q);
      } else {
        rest.push(q);
      }
    }
    this.queue = rest;
    this.inFlight = batch;
    const ids = new Int32Array(batch.length);
    const windows = new Float32Array(batch.length * VAD_WINDOW);
    batch.forEach((q, k) => {
      ids[k] = q.sink.id;
      windows.set(q.window, k * VAD_WINDOW);
    });
    this.worker.postMessage({ t: 'run', seq: this.seq++, ids, windows }, [ids.buffer, windows.buffer]);
  }

  private done(probs: Float32Array, ms: number): void {
    const batch = this.inFlight;
    this.inFlight = undefined;
    if (!batch) return;
    this.stats.batches++;
    this.stats.windows += batch.length;
    this.stats.inferenceMs += ms;
    batch.forEach((q, k) => {
      if (!this.sinks.has(q.sink)) return; // closed while in flight
      q.sink.backlog--;
      q.sink.probability(probs[k] as number);
    });
    this.send();
  }
}
