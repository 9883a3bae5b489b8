/**
 * An in-memory {@link AsrProvider} for tests of whatever sits on top of recognition (the call
 * runtime, the resilient wrapper): it "recognizes" the scripted speech of speech-script.ts —
 * a partial per 500 ms of voiced audio and the transcript as the final `latencyMs` after
 * `end()` on the injected clock — and fails on cue, one fault per opened stream.
 */
import { systemAsrClock } from '../asr/clock.js';
import type { AsrClock } from '../asr/clock.js';
import type { AsrErrorCode } from '../asr/errors.js';
import { HealthTracker } from '../asr/health.js';
import { BaseAsrStream } from '../asr/stream-base.js';
import type { AsrAudio, AsrHealth, AsrOpenOptions, AsrProvider, AsrStream } from '../asr/types.js';
import { SpeechAnalyzer } from './speech-script.js';

/** A stream's scripted behaviour: succeed, fail with a code at end(), or never answer. */
export type ScriptedFault = 'ok' | 'stall' | AsrErrorCode;

/** Settings. */
export interface ScriptedAsrOptions {
  readonly name?: string;
  readonly clock?: AsrClock;
  /** Delay from end() to the final result (default 50 ms). */
  readonly latencyMs?: number;
  /** Stall limit after end() (default 2000 ms). */
  readonly finalTimeoutMs?: number;
}

/** The provider plus the knobs a test turns. */
export interface ScriptedAsrProvider extends AsrProvider {
  /** Faults for the next streams, one per open. */
  readonly faults: ScriptedFault[];
  /** Streams opened so far, and the hot words each was opened with. */
  readonly opened: { hotwords: readonly string[] }[];
}

/** Creates the scripted provider. */
export function createScriptedAsrProvider(options: ScriptedAsrOptions = {}): ScriptedAsrProvider {
  const name = options.name ?? 'scripted';
  const clock = options.clock ?? systemAsrClock;
  const health = new HealthTracker(name, clock);
  const faults: ScriptedFault[] = [];
  const opened: { hotwords: readonly string[] }[] = [];
  const streams = new Set<AsrStream>();
  return {
    name, faults, opened,
    open(open?: AsrOpenOptions): AsrStream {
      opened.push({ hotwords: (open?.hotwords ?? []).map((h) => h.text) });
      const stream = new ScriptedStream(name, clock, options, health, faults.shift() ?? 'ok');
      streams.add(stream);
      void stream.finished.then(() => streams.delete(stream));
      return stream;
    },
    health: (): Promise<AsrHealth> => Promise.resolve(health.snapshot()),
    close: async () => { for (const s of streams) s.close(); },
  };
}

class ScriptedStream extends BaseAsrStream {
  private readonly analyzer = new SpeechAnalyzer();
  private partials = 0;

  constructor(name: string, clock: AsrClock, private readonly options: ScriptedAsrOptions, private readonly health: HealthTracker,
    private readonly fault: ScriptedFault) {
    super(name, clock, { finalTimeoutMs: options.finalTimeoutMs ?? 2000 });
    health.openStreams++;
  }

  protected onAudio(chunk: AsrAudio): void {
    const bytes = Buffer.from(chunk.samples.buffer, chunk.samples.byteOffset, chunk.samples.byteLength);
    this.analyzer.push(bytes, chunk.sampleRate);
    const [start, end] = this.analyzer.voicedSpan;
    while (end - start >= (this.partials + 1) * 500) {
      this.partials++;
      const text = this.analyzer.transcript.slice(0, this.partials);
      this.emit({ kind: 'partial', text, startMs: start, endMs: this.analyzer.audioMs, confidence: null });
    }
  }

  protected onEnd(): void {
    const fault = this.fault;
    if (fault === 'stall') return;
    this.startTimer('answer', this.options.latencyMs ?? 50, () => {
      if (fault !== 'ok') {
        this.fail(fault, `scripted ${fault}`);
        return;
      }
      const [start, end] = this.analyzer.voicedSpan;
      if (this.analyzer.transcript) this.emit({ kind: 'final', text: this.analyzer.transcript, startMs: start, endMs: end, confidence: 0.9 });
      this.complete();
    });
  }

  protected override fail(code: Parameters<BaseAsrStream['fail']>[0], message = '', status?: number): void {
    super.fail(code, message, status);
    const outcome = this.finished;
    void outcome.then((o) => { if (o.reason === 'error') this.health.failed(o.error); });
  }

  protected onTeardown(): void {
    this.health.openStreams--;
  }
}
