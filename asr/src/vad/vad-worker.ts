/**
 * A VAD inference worker: one onnxruntime session of Silero v5 (8 kHz), the LSTM state and
 * 32-sample context of every stream routed here, and batched inference — windows of many
 * streams go through the model in one run (input [B, 288], state [2, B, 128]).
 *
 * In:  `{ t: 'open' | 'close', id }`, `{ t: 'run', seq, ids: Int32Array, windows: Float32Array }`
 *      (window k of 256 samples belongs to stream ids[k]; a batch holds one window per stream).
 * Out: `{ t: 'ready' }` | `{ t: 'load-failed', message }` | `{ t: 'result', seq, probs, ms }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

/** Silero v5 at 8 kHz: 256 new samples per window, 32 samples of context before them. */
const WINDOW = 256;
const CONTEXT = 32;
const STATE = 2 * 128;

interface StreamState {
  readonly state: Float32Array; // [2, 128]
  readonly context: Float32Array; // last CONTEXT samples of the previous window
}

type Request =
  | { t: 'open'; id: number }
  | { t: 'close'; id: number }
  | { t: 'run'; seq: number; ids: Int32Array; windows: Float32Array };

const port = parentPort;
if (!port) throw new Error('vad-worker.ts must run in a worker thread');
const { modelPath } = (workerData as { data: { modelPath: string } }).data;
const streams = new Map<number, StreamState>();
const sr = new ort.Tensor('int64', BigInt64Array.of(8000n), []);

let session: ort.InferenceSession;
try {
  // One thread per session: parallelism comes from the pool of workers, and intra-op threads
  // would fight the media event loop for the same cores.
  session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  port.postMessage({ t: 'ready' });
} catch (e) {
  port.postMessage({ t: 'load-failed', message: (e as Error).message });
  throw e;
}

async function run(seq: number, ids: Int32Array, windows: Float32Array): Promise<void> {
  const t0 = performance.now();
  const b = ids.length;
  const input = new Float32Array(b * (CONTEXT + WINDOW));
  const state = new Float32Array(2 * b * 128);
  const all: StreamState[] = [];
  for (let k = 0; k < b; k++) {
    const id = ids[k] as number;
    let s = streams.get(id);
    if (!s) {
      s = { state: new Float32Array(STATE), context: new Float32Array(CONTEXT) };
      streams.set(id, s);
    }
    all.push(s);
    input.set(s.context, k * (CONTEXT + WINDOW));
    input.set(windows.subarray(k * WINDOW, (k + 1) * WINDOW), k * (CONTEXT + WINDOW) + CONTEXT);
    state.set(s.state.subarray(0, 128), k * 128);
    state.set(s.state.subarray(128), b * 128 + k * 128);
  }
  const out = await session.run({ input: new ort.Tensor('float32', input, [b, CONTEXT + WINDOW]), state: new ort.Tensor('float32', state, [2, b, 128]), sr });
  const probs = Float32Array.from(out.output?.data as Float32Array);
  const next = out.stateN?.data as Float32Array;
  for (let k = 0; k < b; k++) {
    const s = all[k] as StreamState;
    s.state.set(next.subarray(k * 128, (k + 1) * 128), 0);
    s.state.set(next.subarray(b * 128 + k * 128, b * 128 + (k + 1) * 128), 128);
    s.context.set(windows.subarray((k + 1) * WINDOW - CONTEXT, (k + 1) * WINDOW));
  }
  port?.postMessage({ t: 'result', seq, probs, ms: performance.now() - t0 }, [probs.buffer]);
}

// Batches run strictly one after another: a stream's next window needs the state of its last.
let chain: Promise<void> = Promise.resolve();
port.on('message', (m: Request) => {
  // Opening and closing go through the same chain, so a batch in flight never brings a closed
  // stream's state back.
  if (m.t === 'open') chain = chain.then(() => void streams.set(m.id, { state: new Float32Array(STATE), context: new Float32Array(CONTEXT) }));
  else if (m.t === 'close') chain = chain.then(() => void streams.delete(m.id));
  else chain = chain.then(() => run(m.seq, m.ids, m.windows));
});
