/**
 * In-process recognition with sherpa-onnx-node and a streaming model directory named in
 * configuration. The engine runs in its own Node process (sherpa-host.mjs), not a worker
 * thread: inference never touches the media event loop, and a corrupt model — which makes the
 * native code abort the whole process — costs only the engine, reported as ASR_MODEL_INVALID.
 * One engine per provider (the model is loaded once); streams are multiplexed over IPC.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { systemAsrClock } from '../clock.js';
import type { AsrClock } from '../clock.js';
import { AsrError } from '../errors.js';
import { HealthTracker } from '../health.js';
import { Pcm16kFramer } from '../pcm-framer.js';
import { trackAsr } from '../resources.js';
import { BaseAsrStream } from '../stream-base.js';
import type { AsrAudio, AsrHealth, AsrOpenOptions, AsrProvider, AsrStream } from '../types.js';
import { findSherpaModel } from './model-dir.js';

/** Settings (from the parsed configuration, e.g. ASR_SHERPA_MODEL_DIR; never read from env here). */
export interface SherpaOptions {
  /** The unpacked streaming model directory. */
  readonly modelDir: string;
  /** Inference threads in the engine process (default 2). */
  readonly numThreads?: number;
  /** A hot-words file (one phrase per line, tokenized as the model's README says); needs modified_beam_search. */
  readonly hotwordsFile?: string;
  readonly hotwordsScore?: number;
  /** Default greedy_search, or modified_beam_search when a hot-words file is given. */
  readonly decodingMethod?: 'greedy_search' | 'modified_beam_search';
  readonly clock?: AsrClock;
  /** Loading the model may take this long (default 30 s). */
  readonly startTimeoutMs?: number;
  readonly finalTimeoutMs?: number;
  readonly name?: string;
  /** @internal `scripted` swaps the model for a duration-echo engine, to test the plumbing without one. */
  readonly engine?: 'sherpa' | 'scripted';
}

type HostMessage =
  | { t: 'ready' } | { t: 'init-error'; message: string } | { t: 'done'; id: number } | { t: 'error'; id: number; message: string }
  | { t: 'result'; id: number; kind: 'partial' | 'final'; text: string; startMs: number; endMs: number; confidence: number | null };

const HOST = fileURLToPath(new URL('./sherpa-host.mjs', import.meta.url));

/** Creates the sherpa-onnx provider; the engine process starts at once and loads the model. */
export function createSherpaProvider(options: SherpaOptions): AsrProvider & { ready(): Promise<void> } {
  const name = options.name ?? 'sherpa';
  const clock = options.clock ?? systemAsrClock;
  const health = new HealthTracker(name, clock);
  const streams = new Map<number, SherpaStream>();
  let nextId = 1;
  let engine: Engine | undefined;
  let permanent: AsrError | undefined;
  let closed = false;

  const start = (): Engine | undefined => {
    if (permanent || closed) return undefined;
    if (engine && !engine.dead) return engine;
    let config: Record<string, unknown> = {};
    if (options.engine !== 'scripted') {
      try {
        const model = findSherpaModel(options.modelDir, name);
        const beam = options.decodingMethod ?? (options.hotwordsFile ? 'modified_beam_search' : 'greedy_search');
        config = {
          featConfig: { sampleRate: 16000, featureDim: 80 },
          modelConfig: { ...model.modelConfig, numThreads: options.numThreads ?? 2, provider: 'cpu', debug: 0 },
          decodingMethod: beam, maxActivePaths: 4, enableEndpoint: 1,
          rule1MinTrailingSilence: 2.4, rule2MinTrailingSilence: 0.8, rule3MinUtteranceLength: 20,
          ...(options.hotwordsFile ? { hotwordsFile: options.hotwordsFile, hotwordsScore: options.hotwordsScore ?? 1.5 } : {}),
        };
      } catch (error) {
        permanent = error as AsrError;
        health.failed(permanent);
        return undefined;
      }
    }
    engine = new Engine(options.engine ?? 'sherpa', config, options.startTimeoutMs ?? 30_000, clock, (m) => {
      if (m.t === 'result') streams.get(m.id)?.result(m);
      else if (m.t === 'done') streams.get(m.id)?.done();
      else if (m.t === 'error') streams.get(m.id)?.crash(new AsrError('ASR_ENGINE_CRASHED', name, `engine error: ${m.message.slice(0, 120)}`));
    }, (error) => {
      if (!error.retryable) permanent = error;
      health.failed(error);
      for (const stream of streams.values()) stream.crash(error);
    }, name);
    return engine;
  };
  start();

  return {
    name,
    ready: () => (permanent ? Promise.reject(permanent) : (start()?.ready ?? Promise.reject(new AsrError('ASR_PROVIDER_CLOSED', name, 'closed')))),
    open(_open?: AsrOpenOptions): AsrStream {
      const id = nextId++;
      const e = start();
      const stream = new SherpaStream(id, name, clock, options.finalTimeoutMs ?? 5000, e, health, () => streams.delete(id));
      if (!e) stream.crash(permanent ?? new AsrError('ASR_PROVIDER_CLOSED', name, 'the provider is closed'));
      else streams.set(id, stream);
      return stream;
    },
    health: (): Promise<AsrHealth> => Promise.resolve(health.snapshot()),
    async close(): Promise<void> {
      closed = true;
      for (const stream of [...streams.values()]) stream.close();
      await engine?.stop();
    },
  };
}

/** The engine process: started once, its death reported once. */
class Engine {
  readonly ready: Promise<void>;
  dead = false;
  private readonly child: ChildProcess;
  private stderr = '';
  private loaded = false;

  constructor(kind: string, config: Record<string, unknown>, startTimeoutMs: number, clock: AsrClock,
    onMessage: (m: HostMessage) => void, private readonly onDeath: (e: AsrError) => void, private readonly provider: string) {
    // execArgv [] keeps test runners' loaders out: the host is plain JavaScript.
    this.child = fork(HOST, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    trackAsr('engines', 1);
    this.child.stderr?.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString('utf8')).slice(-600); });
    let timer: unknown;
    this.ready = new Promise<void>((resolve, reject) => {
      timer = clock.setTimer(() => this.die(new AsrError('ASR_MODEL_INVALID', provider, `model not loaded within ${startTimeoutMs} ms`)), startTimeoutMs);
      this.child.on('message', (m: HostMessage) => {
        if (m.t === 'ready') {
          this.loaded = true;
          clock.clearTimer(timer);
          resolve();
        } else if (m.t === 'init-error') {
          this.die(new AsrError('ASR_MODEL_INVALID', provider, `model rejected: ${m.message.slice(0, 200)}`));
        } else onMessage(m);
      });
      this.child.on('exit', (code, signal) => {
        clock.clearTimer(timer);
        const why = `engine exited (${signal ?? code}) ${this.stderr.trim().split('\n').at(-1)?.slice(0, 200) ?? ''}`;
        this.die(new AsrError(this.loaded ? 'ASR_ENGINE_CRASHED' : 'ASR_MODEL_INVALID', provider, why));
      });
      this.deathReject = reject;
    });
    this.ready.catch(() => {});
    this.child.send({ t: 'init', engine: kind, config });
  }

  private deathReject: (e: AsrError) => void = () => {};

  send(message: Record<string, unknown>): void {
    if (!this.dead && this.child.connected) this.child.send(message);
  }

  /** Ends the process (disconnecting makes the host exit on its own). */
  async stop(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.markDead();
    this.child.disconnect();
    await exited;
  }

  private die(error: AsrError): void {
    if (this.dead) return;
    this.markDead();
    this.child.kill('SIGKILL');
    this.deathReject(error);
    this.onDeath(error);
  }

  private markDead(): void {
    this.dead = true;
    trackAsr('engines', -1);
    void this.provider;
  }
}

class SherpaStream extends BaseAsrStream {
  private readonly framer = new Pcm16kFramer(1600);
  private readonly sendFrame = (frame: Buffer): void => {
    this.engine?.send({ t: 'audio', id: this.id, samples: new Int16Array(frame.buffer, frame.byteOffset, frame.length >> 1) });
  };

  constructor(private readonly id: number, name: string, clock: AsrClock, finalTimeoutMs: number, private readonly engine: Engine | undefined,
    private readonly health: HealthTracker, private readonly forget: () => void) {
    super(name, clock, { finalTimeoutMs });
    health.openStreams++;
    engine?.send({ t: 'open', id });
  }

  result(m: Extract<HostMessage, { t: 'result' }>): void {
    this.emit({ kind: m.kind, text: m.text, startMs: m.startMs, endMs: m.endMs, confidence: m.confidence });
  }

  done(): void {
    this.complete();
  }

  crash(error: AsrError): void {
    this.fail(error);
  }

  protected onAudio(chunk: AsrAudio): void {
    this.framer.push(chunk, this.sendFrame);
  }

  protected onEnd(): void {
    this.framer.flush(this.sendFrame);
    this.engine?.send({ t: 'end', id: this.id });
  }

  protected onTeardown(): void {
    this.health.openStreams--;
    if (this.state !== 'settled' || !this.engine?.dead) this.engine?.send({ t: 'close', id: this.id });
    this.forget();
  }
}
