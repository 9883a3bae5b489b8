/**
 * In-memory stand-ins for a call's outside world, all on one ManualClock: a media leg with a
 * 20 ms pacer that records what the robot played and plays the callee's scripted audio, a
 * scripted VAD (the real SpeechDetector over frame energy), a scripted recognizer that maps
 * audio to text by the tone's amplitude, and a TTS whose audio length follows the text.
 */
import { AsrError, SpeechDetector } from '@waihu/asr';
import type { AsrAudio, AsrErrorCode, AsrHealth, AsrProvider, AsrResult, AsrStream, AsrStreamOutcome, ListenSettings, PcmChunk, TtsHealth, TtsProvider, VadStreamEvent } from '@waihu/asr';
import { DEFAULT_VOICE } from '@waihu/asr';
import { PlayQueue } from '../../src/index.js';
import type { AudioChunk, CallVad, MediaLeg, PlayResult, ReceivedDtmf , ManualClock} from '../../src/index.js';

/** Callee audio: a constant tone whose amplitude is `key × 1000` for `ms`, then silence. */
export interface Speech { readonly key: number; readonly ms: number }

export class FakeLeg implements MediaLeg {
  readonly queue = new PlayQueue();
  /** Robot audio frames on the wire, by the tick's time. */
  readonly sent: { atMs: number; value: number }[] = [];
  private readonly audio = new Set<(c: AudioChunk) => void>();
  private readonly dtmf = new Set<(d: ReceivedDtmf) => void>();
  private readonly callee: (number | Int16Array)[] = [];
  private timer: unknown = null;
  private tMs = 0;
  closed = false;
  private readonly frame = new Int16Array(160);
  private readonly inFrame = new Int16Array(160);

  constructor(private readonly clock: ManualClock) {
    this.tick();
  }

  /** Queues the callee's speech after what is already queued. */
  say(...parts: (Speech | number)[]): void {
    for (const p of parts) {
      const frames = Math.round((typeof p === 'number' ? p : p.ms) / 20);
      const v = typeof p === 'number' ? 0 : p.key * 1000;
      for (let i = 0; i < frames; i++) this.callee.push(v);
    }
  }

  /** Queues real audio (8 kHz PCM) as the callee's speech. */
  sayPcm(pcm: Int16Array): void {
    for (let i = 0; i < pcm.length; i += 160) {
      const f = new Int16Array(160);
      f.set(pcm.subarray(i, Math.min(i + 160, pcm.length)));
      this.callee.push(f);
    }
  }

  press(digit: string): void {
    for (const l of this.dtmf) l({ digit: digit as ReceivedDtmf['digit'], durationMs: 100, timeMs: this.tMs });
  }

  /** Milliseconds of robot audio sent so far. */
  get robotMs(): number { return this.sent.length * 20; }

  play(pcm: Int16Array): Promise<PlayResult> { return this.queue.play(pcm); }
  clear(): number { return this.queue.clear(); }
  onAudio(l: (c: AudioChunk) => void): () => void { this.audio.add(l); return () => this.audio.delete(l); }
  onDtmf(l: (d: ReceivedDtmf) => void): () => void { this.dtmf.add(l); return () => this.dtmf.delete(l); }
  onInactive(): () => void { return () => undefined; }
  sendDtmf(): Promise<never> { return Promise.reject(new Error('not in tests')); }
  get listeners(): number { return this.audio.size + this.dtmf.size; }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.queue.close();
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    return Promise.resolve();
  }

  private tick(): void {
    this.timer = this.clock.setTimer(() => {
      if (this.closed) return;
      if (this.queue.pull(this.frame) > 0) this.sent.push({ atMs: this.clock.now(), value: this.frame[0]! });
      const v = this.callee.shift() ?? 0;
      if (typeof v === 'number') this.inFrame.fill(v);
      else this.inFrame.set(v);
      const chunk: AudioChunk = { samples: this.inFrame, timeMs: this.tMs, concealed: false };
      this.tMs += 20;
      for (const l of this.audio) l(chunk);
      this.tick();
    }, 20);
  }
}

/** The real detector's timing rules over a trivial "model": loud frames are speech. */
export class ScriptedVad implements CallVad {
  static open = 0;
  private readonly detector = new SpeechDetector({ minSpeechMs: 100 });
  private readonly listeners = new Set<(e: VadStreamEvent) => void>();
  private closed = false;
  constructor() { ScriptedVad.open++; }
  get speaking(): boolean { return this.detector.speaking; }
  push(chunk: PcmChunk): void {
    if (this.closed) throw new Error('closed');
    const p = Math.abs(chunk.samples[0] ?? 0) > 300 ? 0.95 : 0.02;
    for (const e of this.detector.push(p, chunk.timeMs, chunk.timeMs + 20)) queueMicrotask(() => { for (const l of this.listeners) l(e); });
  }
  listen(settings: ListenSettings): void { this.detector.update(settings); }
  on(l: (e: VadStreamEvent) => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }
  close(): void { if (!this.closed) { this.closed = true; ScriptedVad.open--; this.listeners.clear(); } }
}

export type Fault = 'ok' | 'stall' | AsrErrorCode;

/** Recognizes the key of the loudest tone written; fails on cue (one fault per stream). */
export class ScriptedAsr implements AsrProvider {
  static open = 0;
  readonly faults: Fault[] = [];
  readonly opened: { hotwords: readonly string[] }[] = [];
  /** `texts`: what each tone key says, or one answer for any audio (real speech). */
  constructor(readonly name: string, private readonly clock: ManualClock, private readonly texts: Readonly<Record<number, string>> | ((key: number) => string), private readonly latencyMs = 120) {}
  open(o?: { hotwords?: readonly { text: string }[] }): AsrStream {
    this.opened.push({ hotwords: (o?.hotwords ?? []).map((h) => h.text) });
    return new ScriptedStream(this.name, this.clock, this.texts, this.latencyMs, this.faults.shift() ?? 'ok');
  }
  health(): Promise<AsrHealth> { return Promise.resolve({ provider: this.name, status: 'ok', openStreams: ScriptedAsr.open }); }
  close(): Promise<void> { return Promise.resolve(); }
}

class ScriptedStream implements AsrStream {
  readonly finished: Promise<AsrStreamOutcome>;
  private settle!: (o: AsrStreamOutcome) => void;
  private max = 0;
  private voiced = 0;
  private state: 'open' | 'ending' | 'done' = 'open';
  private readonly results: AsrResult[] = [];
  private readonly ls = new Set<(r: AsrResult) => void>();
  private timer: unknown = null;
  constructor(readonly provider: string, private readonly clock: ManualClock, private readonly texts: Readonly<Record<number, string>> | ((key: number) => string),
    private readonly latencyMs: number, private readonly fault: Fault) {
    ScriptedAsr.open++;
    this.finished = new Promise((r) => { this.settle = r; });
  }
  write(c: AsrAudio): void {
    if (this.state !== 'open') return;
    for (const s of c.samples) this.max = Math.max(this.max, Math.abs(s));
    // Like a streaming recognizer: after 500 ms of voiced audio, a partial with the words so far.
    if (this.max > 300 && ++this.voiced === 25) {
      const key = Math.round(this.max / 1000);
      const text = (typeof this.texts === 'function' ? this.texts(key) : this.texts[key]) ?? '';
      const r: AsrResult = { kind: 'partial', text, startMs: 0, endMs: 500, confidence: null };
      if (text !== '') for (const l of this.ls) l(r);
    }
  }
  end(): void {
    if (this.state !== 'open') return;
    this.state = 'ending';
    const fault = this.fault;
    if (fault === 'stall') return;
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      if (fault !== 'ok') { this.done({ reason: 'error', error: new AsrError(fault, this.provider, 'scripted') }); return; }
      const key = Math.round(this.max / 1000);
      const text = (typeof this.texts === 'function' ? this.texts(key) : this.texts[key]) ?? '';
      if (text !== '') { const r: AsrResult = { kind: 'final', text, startMs: 0, endMs: 0, confidence: null }; this.results.push(r); for (const l of this.ls) l(r); }
      this.done({ reason: 'completed' });
    }, this.latencyMs);
  }
  close(): void { this.done({ reason: 'closed' }); }
  onResult(l: (r: AsrResult) => void): () => void { this.ls.add(l); return () => this.ls.delete(l); }
  async *[Symbol.asyncIterator](): AsyncGenerator<AsrResult> { await this.finished; yield* this.results; }
  private done(o: AsrStreamOutcome): void {
    if (this.state === 'done') return;
    this.state = 'done';
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    ScriptedAsr.open--;
    this.settle(o);
  }
}

/** 40 ms of audio per character, every sample the character count (so prompts are told apart). */
export class FakeTts implements TtsProvider {
  readonly id = 'fake-tts';
  readonly version = '1';
  readonly quality = 'test' as const;
  readonly voice = DEFAULT_VOICE;
  readonly spoken: string[] = [];
  describe(): string { return 'fake'; }
  voiceKey(): string { return 'v'; }
  async *synthesize(text: string): AsyncGenerator<Int16Array> {
    this.spoken.push(text);
    await Promise.resolve();
    const pcm = new Int16Array(Math.max(1, Array.from(text).length) * 320);
    pcm.fill(Math.min(30000, 100 + Array.from(text).length));
    yield pcm;
  }
  health(): Promise<TtsHealth> { return Promise.resolve({ ok: true, provider: 'fake', quality: 'test', description: 'fake', latencyMs: 0, message: 'ok' }); }
  close(): Promise<void> { return Promise.resolve(); }
}

/** Advances simulated time in 20 ms steps, letting promises settle between steps. */
export async function run(clock: ManualClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 20) {
    clock.advance(20);
    for (let i = 0; i < 4; i++) await new Promise<void>((r) => setImmediate(r));
  }
}
