/**
 * A self-hosted FunASR runtime over its WebSocket protocol (runtime/docs/websocket_protocol_zh.md,
 * 实时语音识别): the first text frame is the configuration
 * `{mode:"2pass", wav_name, wav_format:"pcm", audio_fs:16000, is_speaking:true, chunk_size:[5,10,5],
 * chunk_interval, hotwords:"{\"词\":20}", itn}`, then binary PCM, then `{is_speaking:false}`.
 * The server sends `{mode:"2pass-online", text, wav_name, is_final}` with each streaming chunk's
 * new text and `{mode:"2pass-offline", text, timestamp:"[[100,200],…]", is_final}` with the
 * corrected sentence when it detects a sentence end or the client ends the audio.
 */
import { randomUUID } from 'node:crypto';
import { systemAsrClock } from './clock.js';
import type { AsrClock } from './clock.js';
import { AsrError } from './errors.js';
import { HealthTracker } from './health.js';
import type { ConcurrencyLimiter } from './limiter.js';
import { Pcm16kFramer } from './pcm-framer.js';
import type { AsrAudio, AsrHealth, AsrHotword, AsrOpenOptions, AsrProvider, AsrStream } from './types.js';
import { WsAsrStream } from './ws-stream.js';

/** Settings for one FunASR server. */
export interface FunAsrOptions {
  /** e.g. `ws://asr.internal:10095` (the 2pass server's default port; `wss://` when it has a certificate). */
  readonly url: string;
  /** Streaming latency in 60 ms units: [look-back, chunk, look-ahead]; default [5, 10, 5] (600 ms). */
  readonly chunkSize?: readonly [number, number, number];
  /** Frames per chunk: audio is sent in (chunk × 60 ms / chunkInterval) slices; default 10 (60 ms). */
  readonly chunkInterval?: number;
  /** Inverse text normalization (digits as numerals); default true. */
  readonly itn?: boolean;
  /** Hot words for every stream (merged with per-stream ones); weights default to 20. */
  readonly hotwords?: readonly AsrHotword[];
  readonly clock?: AsrClock;
  readonly connectTimeoutMs?: number;
  readonly finalTimeoutMs?: number;
  readonly limiter?: ConcurrencyLimiter;
  /** Provider name; default `funasr`. */
  readonly name?: string;
}

/** Creates the FunASR 2pass provider. */
export function createFunAsrProvider(options: FunAsrOptions): AsrProvider {
  const name = options.name ?? 'funasr';
  const clock = options.clock ?? systemAsrClock;
  const health = new HealthTracker(name, clock);
  const streams = new Set<AsrStream>();
  let closed = false;
  return {
    name,
    open(openOptions?: AsrOpenOptions): AsrStream {
      const stream = new FunAsrStream(name, clock, health, options, openOptions ?? {}, closed);
      streams.add(stream);
      void stream.finished.then(() => streams.delete(stream));
      return stream;
    },
    health: (): Promise<AsrHealth> => Promise.resolve(health.snapshot()),
    close(): Promise<void> {
      closed = true;
      for (const stream of streams) stream.close();
      return Promise.resolve();
    },
  };
}

/** FunASR's hot-word string: a JSON object of word → weight, itself sent as a string. */
export function funAsrHotwords(words: readonly AsrHotword[]): string | undefined {
  if (words.length === 0) return undefined;
  const table: Record<string, number> = {};
  for (const w of words) table[w.text] = Math.round(w.weight ?? 20);
  return JSON.stringify(table);
}

class FunAsrStream extends WsAsrStream {
  private readonly framer: Pcm16kFramer;
  private readonly sendFrame = (frame: Buffer): void => this.send(frame);
  private readonly wavName = `waihu-${randomUUID()}`;
  private online = '';
  private sentenceStartMs = 0;

  constructor(name: string, clock: AsrClock, health: HealthTracker, private readonly options: FunAsrOptions,
    private readonly open: AsrOpenOptions, providerClosed: boolean) {
    super({
      provider: name, clock, health, limiter: options.limiter,
      timing: { connectTimeoutMs: options.connectTimeoutMs ?? 3000, finalTimeoutMs: options.finalTimeoutMs ?? 5000 },
    });
    const [, chunk] = options.chunkSize ?? [5, 10, 5];
    // The reference client sends chunk_size[1] × 60 ms of audio in chunk_interval slices.
    this.framer = new Pcm16kFramer(Math.round((chunk * 960) / (options.chunkInterval ?? 10)));
    if (providerClosed) {
      this.fail(new AsrError('ASR_PROVIDER_CLOSED', name, 'the provider is closed'));
      return;
    }
    this.connect(options.url);
  }

  protected greeting(): string {
    const hotwords = funAsrHotwords([...(this.options.hotwords ?? []), ...(this.open.hotwords ?? [])]);
    return JSON.stringify({
      mode: '2pass',
      wav_name: this.wavName,
      wav_format: 'pcm',
      audio_fs: 16000,
      is_speaking: true,
      chunk_size: [...(this.options.chunkSize ?? [5, 10, 5])],
      chunk_interval: this.options.chunkInterval ?? 10,
      ...(hotwords ? { hotwords } : {}),
      itn: this.options.itn ?? true,
    });
  }

  protected onAudio(chunk: AsrAudio): void {
    this.framer.push(chunk, this.sendFrame);
  }

  protected onEnd(): void {
    this.framer.flush(this.sendFrame);
    this.send(JSON.stringify({ is_speaking: false }));
  }

  protected onText(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.fail('ASR_MALFORMED_RESPONSE', 'a frame that is not JSON');
      return;
    }
    const m = (typeof msg === 'object' && msg !== null ? msg : {}) as { mode?: unknown; text?: unknown; is_final?: unknown; timestamp?: unknown };
    if (typeof m.mode !== 'string' || typeof m.text !== 'string') {
      this.fail('ASR_MALFORMED_RESPONSE', 'a result without string "mode" and "text"');
      return;
    }
    const heardMs = Math.round(this.framer.audioMs);
    if (m.mode === '2pass-online' || m.mode === 'online') {
      // Online frames carry only the new chunk's text; the partial is their concatenation.
      this.online += m.text;
      if (m.text !== '') this.emit({ kind: 'partial', text: this.online, startMs: this.sentenceStartMs, endMs: heardMs, confidence: null });
    } else if (m.mode === '2pass-offline' || m.mode === 'offline') {
      const span = parseTimestamps(m.timestamp);
      if (span === 'malformed') {
        this.fail('ASR_MALFORMED_RESPONSE', 'a timestamp that is not [[start,end],…] in ms');
        return;
      }
      const startMs = span ? span[0] : this.sentenceStartMs;
      const endMs = span ? span[1] : heardMs;
      this.online = '';
      this.sentenceStartMs = endMs;
      if (m.text !== '') this.emit({ kind: 'final', text: m.text, startMs, endMs, confidence: null });
      // The offline pass after is_speaking:false is the last answer for this stream.
      if (this.state === 'ending') this.complete();
      return;
    } else {
      this.fail('ASR_MALFORMED_RESPONSE', `unknown mode ${m.mode.slice(0, 20)}`);
      return;
    }
    if (m.is_final === true && this.state === 'ending') this.complete();
  }

  protected onRemoteClose(code: number): void {
    this.fail('ASR_CONNECTION_LOST', `the server closed the connection before the final result (code ${code})`, code);
  }
}

/** The span [first start, last end] of FunASR's "[[100,200],[200,500]]" timestamp string. */
function parseTimestamps(value: unknown): [number, number] | null | 'malformed' {
  if (value === undefined || value === '') return null;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return 'malformed';
    }
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return Array.isArray(parsed) ? null : 'malformed';
  const first: unknown = parsed[0];
  const last: unknown = parsed[parsed.length - 1];
  if (!Array.isArray(first) || !Array.isArray(last) || typeof first[0] !== 'number' || typeof last[1] !== 'number') return 'malformed';
  return [first[0], last[1]];
}
