/**
 * Listens to a call's early media (the 183's audio before an answer) with the recognizer and
 * classifies carrier announcements (空号, 关机, 停机, 正在通话中, 无法接通: see announcements.ts).
 * It reports the first clear announcement as soon as the words are there (so the dialer can
 * cancel instead of ringing to the timeout) and gives the transcript when the dial ends.
 */
import type { AsrProvider, AsrStream } from '@waihu/asr';
import type { MediaClock, MediaTimer } from '../media/clock.js';
import { systemMediaClock } from '../media/clock.js';
import type { AudioChunk } from '../media/media-leg.js';
import { classifyAnnouncement, type Announcement } from './announcements.js';
import { silentLogger, type SessionLogger } from './types.js';

export interface EarlyMediaOptions {
  readonly clock?: MediaClock;
  readonly logger?: SessionLogger;
  /** Early audio recognized at most (default 40 s: announcements repeat, ringback is long). */
  readonly maxMs?: number;
  /** How long `finish()` waits for the recognizer's last words (default 1500 ms). */
  readonly settleMs?: number;
}

/** What early media said. */
export interface EarlyMediaResult {
  /** The transcript, or null when nothing was recognized. */
  readonly text: string | null;
  readonly announcement: Announcement | null;
}

export class EarlyMediaClassifier {
  private stream: AsrStream | null = null;
  private readonly finals: string[] = [];
  private partial = '';
  private fedMs = 0;
  private heard: Announcement | null = null;
  private listener: ((a: Announcement) => void) | null = null;
  private done: Promise<EarlyMediaResult> | null = null;
  private readonly clock: MediaClock;
  private readonly log: SessionLogger;

  constructor(private readonly asr: AsrProvider, private readonly options: EarlyMediaOptions = {}) {
    this.clock = options.clock ?? systemMediaClock;
    this.log = options.logger ?? silentLogger;
  }

  /** Told once, at the first clear announcement. */
  onAnnouncement(listener: (a: Announcement) => void): void {
    this.listener = listener;
  }

  /** The announcement heard so far, if any. */
  get announcement(): Announcement | null {
    return this.heard;
  }

  /** Takes one early-media chunk (the leg reuses it: copied here). */
  feed(chunk: AudioChunk): void {
    if (this.done || this.fedMs >= (this.options.maxMs ?? 40_000)) return;
    if (!this.stream) {
      const stream = this.asr.open({ tag: 'early-media' });
      stream.onResult((r) => {
        if (r.kind === 'final') { this.finals.push(r.text); this.partial = ''; } else this.partial = r.text;
        this.check();
      });
      this.stream = stream;
    }
    this.fedMs += 20;
    this.stream.write({ samples: chunk.samples.slice(0, 160), sampleRate: 8000 });
  }

  /** The dial is over: ends recognition, waits briefly for its last words, classifies the transcript. */
  finish(): Promise<EarlyMediaResult> {
    this.done ??= this.settle();
    return this.done;
  }

  /** Drops recognition at once (the call was answered: the dialog takes over). */
  close(): void {
    this.done ??= Promise.resolve({ text: null, announcement: null });
    this.stream?.close();
  }

  private async settle(): Promise<EarlyMediaResult> {
    const stream = this.stream;
    if (stream) {
      stream.end();
      let timer: MediaTimer | null = null;
      const late = new Promise<void>((resolve) => { timer = this.clock.setTimer(resolve, this.options.settleMs ?? 1500); });
      const outcome = await Promise.race([stream.finished, late.then(() => null)]);
      if (timer !== null) this.clock.clearTimer(timer);
      stream.close();
      if (outcome?.reason === 'error') this.log.warn({ code: outcome.error.code }, 'early media recognition failed');
    }
    const text = this.text();
    const announcement = this.heard ?? (text === '' ? null : classifyAnnouncement(text));
    if (text !== '') this.log.info({ transcript: text, outcome: announcement?.outcome ?? null }, 'early media heard');
    return { text: text === '' ? null : text, announcement };
  }

  private text(): string {
    return [...this.finals, this.partial].join('').trim();
  }

  private check(): void {
    if (this.heard) return;
    const a = classifyAnnouncement(this.text());
    if (!a) return;
    this.heard = a;
    this.listener?.(a);
  }
}
