/**
 * The session's hearing: every 20 ms chunk of the callee's audio goes to the VAD and a short
 * pre-roll ring; when the VAD confirms speech while the session is listening (a `listen`, or an
 * interruptible prompt), one recognition stream is opened for that utterance, fed from the
 * pre-roll on, ended at the VAD's end of speech, and its final text reported with how long the
 * endpoint and the recognition took. Recognition is VAD-gated so a cloud recognizer is paid for
 * speech only.
 */
import type { AsrProvider, AsrStream, VadStreamEvent } from '@waihu/asr';
import type { MediaClock } from '../media/clock.js';
import type { AudioChunk } from '../media/media-leg.js';
import type { CallVad, EndpointingSettings, SessionLogger } from './types.js';

/** What the ear hears, as far as the session cares. */
export type EarEvent =
  /** The VAD confirmed speech (while armed). */
  | { readonly type: 'speech-start' }
  /** Speech lasted `bargeInMs` (while armed for a prompt). */
  | { readonly type: 'barge-in' }
  | { readonly type: 'utterance'; readonly text: string; readonly confidence: number; readonly timing: HeardTiming; readonly provider: string }
  /** Speech ended but the recognizer found no words in it (noise, a cough). */
  | { readonly type: 'noise'; readonly timing: HeardTiming }
  /** Recognition failed for good (the wrapper's retries and fallbacks are spent). */
  | { readonly type: 'asr-error'; readonly code: string; readonly timing: HeardTiming };

/** When the utterance ended and what the wait for its text was made of (clock ms). */
export interface HeardTiming {
  /** Clock time of the last voiced audio. */
  readonly speechEndAt: number;
  /** Last voiced audio → the VAD's end-of-speech decision. */
  readonly endpointMs: number;
  /** End-of-speech decision → final result. */
  readonly recognitionMs: number;
  /** Clock time the final result (or the failure) arrived. */
  readonly heardAt: number;
  /** Offset (ms from the leg's first audio) of the utterance's start and end. */
  readonly startMs: number;
  readonly endMs: number;
}

/** How to listen now. */
export interface EarMode {
  readonly endSilenceMs: number;
  readonly hints: readonly string[];
}

interface Utterance {
  readonly stream: AsrStream;
  readonly startMs: number;
  texts: string[];
  confidence: number;
}

export class Ear {
  private readonly ring: { samples: Int16Array; timeMs: number }[] = [];
  private ringNext = 0;
  private ringFill = 0;
  private mode: EarMode | null = null;
  private current: Utterance | null = null;
  /** Utterances whose speech ended, waiting for their text (the callee may already speak again). */
  private readonly ending = new Set<Utterance>();
  /** Start (leg ms) of speech the VAD confirmed while the ear was not armed. */
  private unheardStartMs: number | null = null;
  private readonly stopVad: () => void;
  private listener: (e: EarEvent) => void = () => undefined;
  private closed = false;
  /** Streams opened and not yet settled (the session's leak check). */
  openStreams = 0;
  /** Clock ms minus the leg's `timeMs` at the last chunk: maps leg offsets onto the clock. */
  legToClock = 0;

  constructor(private readonly vad: CallVad, private readonly asr: AsrProvider, private readonly clock: MediaClock,
    private readonly settings: EndpointingSettings, private readonly log: SessionLogger) {
    const slots = Math.max(1, Math.ceil(settings.preRollMs / 20));
    for (let i = 0; i < slots; i++) this.ring.push({ samples: new Int16Array(160), timeMs: 0 });
    this.stopVad = vad.on((e) => this.onVad(e));
  }

  onEvent(listener: (e: EarEvent) => void): void {
    this.listener = listener;
  }

  /** Takes the leg's chunk (reused by the leg: copied where kept). */
  feed(chunk: AudioChunk): void {
    if (this.closed) return;
    this.legToClock = this.clock.now() - chunk.timeMs;
    const slot = this.ring[this.ringNext]!;
    slot.samples.set(chunk.samples.subarray(0, 160));
    slot.timeMs = chunk.timeMs;
    this.ringNext = (this.ringNext + 1) % this.ring.length;
    this.ringFill = Math.min(this.ringFill + 1, this.ring.length);
    const u = this.current;
    if (u) u.stream.write({ samples: chunk.samples.slice(0, 160), sampleRate: 8000 });
    try {
      this.vad.push({ samples: chunk.samples, sampleRate: 8000, timeMs: chunk.timeMs });
    } catch (e) {
      this.log.warn({ err: String(e) }, 'VAD push failed');
    }
  }

  /** Listens from now on with these settings; an utterance already in progress is kept. */
  arm(mode: EarMode): void {
    this.mode = mode;
    this.vad.listen({ endSilenceMs: mode.endSilenceMs, bargeInMs: this.settings.bargeInMs });
    if (!this.current && this.vad.speaking && this.unheardStartMs !== null) this.open(this.unheardStartMs);
  }

  /** Stops listening; an utterance being recognized is dropped. */
  disarm(): void {
    this.mode = null;
    this.drop();
  }

  get armed(): boolean {
    return this.mode !== null;
  }

  /** Whether speech is in progress or being recognized. */
  get busy(): boolean {
    return this.current !== null || this.ending.size > 0 || this.vad.speaking;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.mode = null;
    this.drop();
    this.stopVad();
    this.vad.close();
  }

  private onVad(e: VadStreamEvent): void {
    if (this.closed) return;
    switch (e.type) {
      case 'speech-start':
        this.unheardStartMs = e.timeMs;
        if (!this.mode || this.current) return;
        this.open(e.timeMs);
        this.listener({ type: 'speech-start' });
        return;
      case 'barge-in':
        if (this.mode && this.current) this.listener({ type: 'barge-in' });
        return;
      case 'speech-end':
        this.unheardStartMs = null;
        if (this.current) {
          const u = this.current;
          this.current = null;
          this.ending.add(u);
          void this.finish(u, e.endMs, e.atMs);
        }
        return;
      case 'error':
        this.log.warn({ code: e.error.code }, 'VAD error');
        return;
    }
  }

  private open(fromMs: number): void {
    const stream = this.asr.open({
      hotwords: (this.mode?.hints ?? []).map((text) => ({ text })),
      tag: 'call',
    });
    this.openStreams++;
    void stream.finished.then(() => { this.openStreams--; });
    const u: Utterance = { stream, startMs: fromMs, texts: [], confidence: 1 };
    stream.onResult((r) => {
      if (r.kind !== 'final') return;
      if (r.text.trim() !== '') u.texts.push(r.text);
      if (r.confidence !== null) u.confidence = Math.min(u.confidence, r.confidence);
    });
    this.current = u;
    // Replay the pre-roll from the start of speech, oldest first.
    for (let i = 0; i < this.ringFill; i++) {
      const slot = this.ring[(this.ringNext - this.ringFill + i + this.ring.length) % this.ring.length]!;
      if (slot.timeMs + 20 > fromMs) stream.write({ samples: slot.samples.slice(), sampleRate: 8000 });
    }
  }

  private async finish(u: Utterance, endMs: number, decidedMs: number): Promise<void> {
    const decidedAt = this.clock.now();
    const endpointMs = Math.max(0, decidedMs - endMs);
    u.stream.end();
    // Never wait forever for a recognizer: past the budget the stream is closed and counts as failed.
    let timedOut = false;
    const guard = this.clock.setTimer(() => { timedOut = true; u.stream.close(); }, this.settings.recognitionBudgetMs);
    const outcome = await u.stream.finished;
    this.clock.clearTimer(guard);
    if (!this.ending.delete(u)) return; // dropped meanwhile
    const heardAt = this.clock.now();
    const timing: HeardTiming = {
      speechEndAt: decidedAt - endpointMs, endpointMs, recognitionMs: heardAt - decidedAt, heardAt, startMs: u.startMs, endMs,
    };
    if (!this.mode) return;
    if (outcome.reason === 'error' || timedOut) {
      this.listener({ type: 'asr-error', code: outcome.reason === 'error' ? outcome.error.code : 'ASR_SESSION_TIMEOUT', timing });
      return;
    }
    const text = u.texts.join('');
    if (text.trim() === '') this.listener({ type: 'noise', timing });
    else this.listener({ type: 'utterance', text, confidence: u.confidence, timing, provider: u.stream.provider });
  }

  private drop(): void {
    const u = this.current;
    this.current = null;
    u?.stream.close();
    for (const v of this.ending) v.stream.close();
    this.ending.clear();
  }
}
