/**
 * Baidu short-utterance recognition (短语音识别标准版, REST) behind VAD segmentation: the stream
 * keeps a short pre-roll, buffers audio from speech start to speech end, and POSTs each segment
 * to `http://vop.baidu.com/server_api` as JSON `{format:"pcm", rate:16000, channel:1, cuid,
 * token, dev_pid:1537, speech:<base64>, len:<bytes>}`. The answer is
 * `{err_no:0, err_msg, sn, corpus_no, result:["text"]}` or a non-zero err_no (see
 * baidu-errors.ts). Segments are posted in order; each yields one final result timed by the VAD.
 * A token the API calls stale (110/111, or 3302 which also covers token failures) is refreshed
 * once; a second refusal is a permanent ASR_AUTH.
 */
import { randomUUID } from 'node:crypto';
import { BAIDU_TOKEN_STALE, classifyBaiduError } from './baidu-errors.js';
import { BaiduTokenSource } from './baidu-token.js';
import { systemAsrClock } from './clock.js';
import type { AsrClock } from './clock.js';
import { AsrError, asrCodeForHttpStatus, asrCodeForSocketError, isAsrError } from './errors.js';
import type { AsrErrorCode } from './errors.js';
import { HealthTracker } from './health.js';
import type { ConcurrencyLimiter } from './limiter.js';
import { Pcm16kFramer } from './pcm-framer.js';
import { trackAsr } from './resources.js';
import type { SegmenterFactory, SpeechSegmenter } from './segmenter.js';
import { BaseAsrStream } from './stream-base.js';
import type { AsrAudio, AsrHealth, AsrOpenOptions, AsrProvider, AsrStream } from './types.js';

/** Settings for one Baidu account's REST recognition. */
export interface BaiduRestOptions {
  /** API Key and Secret Key from the console (never logged). */
  readonly apiKey: string;
  readonly secretKey: string;
  /** Default 1537 (Mandarin). */
  readonly devPid?: number;
  readonly cuid?: string;
  /** Default `http://vop.baidu.com/server_api`. */
  readonly url?: string;
  /** Default `https://aip.baidubce.com/oauth/2.0/token`. */
  readonly tokenUrl?: string;
  /** Makes each stream's VAD segmenter. */
  readonly segmenter: SegmenterFactory;
  /** Audio kept from before the VAD's speech start (default 300 ms). */
  readonly preRollMs?: number;
  /** Segments are cut at this length; Baidu refuses more than 60 s (3308). Default 55 s. */
  readonly maxSegmentMs?: number;
  readonly clock?: AsrClock;
  /** One POST's time limit (default 5000 ms); a request that exceeds it is ASR_STALLED. */
  readonly requestTimeoutMs?: number;
  readonly finalTimeoutMs?: number;
  /** Caps concurrent POSTs of the account (Baidu's 3304 is per-account concurrency). */
  readonly limiter?: ConcurrencyLimiter;
  readonly errorOverrides?: Readonly<Record<number, AsrErrorCode>>;
  readonly name?: string;
}

/** Creates the Baidu REST provider; the access token is shared by all its streams. */
export function createBaiduRestProvider(options: BaiduRestOptions): AsrProvider {
  const name = options.name ?? 'baidu-rest';
  const clock = options.clock ?? systemAsrClock;
  const health = new HealthTracker(name, clock);
  const tokens = new BaiduTokenSource({
    apiKey: options.apiKey, secretKey: options.secretKey, url: options.tokenUrl, clock,
    timeoutMs: options.requestTimeoutMs ?? 5000, provider: name,
  });
  const streams = new Set<AsrStream>();
  let closed = false;
  return {
    name,
    open(_open?: AsrOpenOptions): AsrStream {
      const stream = new BaiduRestStream(name, clock, health, tokens, options);
      if (closed) stream.close();
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

class BaiduRestStream extends BaseAsrStream {
  private readonly framer = new Pcm16kFramer(320);
  private readonly segmenter: SpeechSegmenter;
  private readonly preRoll: Buffer[] = [];
  private segment: Buffer[] | null = null;
  private segmentStartMs = 0;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly aborts = new Set<AbortController>();
  private readonly onFrame = (frame: Buffer): void => this.frame(frame);

  constructor(name: string, clock: AsrClock, private readonly health: HealthTracker, private readonly tokens: BaiduTokenSource,
    private readonly options: BaiduRestOptions) {
    super(name, clock, { finalTimeoutMs: options.finalTimeoutMs ?? 10_000 });
    this.segmenter = options.segmenter();
    health.openStreams++;
  }

  protected onAudio(chunk: AsrAudio): void {
    this.framer.push(chunk, this.onFrame);
  }

  protected onEnd(): void {
    this.framer.flush(this.onFrame);
    if (this.segment) this.post(this.framer.audioMs);
    void this.chain.then(() => { if (this.state === 'ending') this.complete(); });
  }

  protected override fail(code: AsrErrorCode | AsrError, message = '', status?: number): void {
    if (!this.settled) this.health.failed(code instanceof AsrError ? code : new AsrError(code, this.provider, message, { status }));
    super.fail(code, message, status);
  }

  protected onTeardown(): void {
    this.health.openStreams--;
    for (const abort of this.aborts) abort.abort();
    this.segmenter.close();
  }

  private frame(frame: Buffer): void {
    const endMs = this.framer.audioMs;
    const samples = new Int16Array(frame.buffer, frame.byteOffset, frame.length >> 1);
    for (const event of this.segmenter.push({ samples, sampleRate: 16000 })) {
      if (event.kind === 'speech-start' && !this.segment) {
        const keep = Math.round((this.options.preRollMs ?? 300) / 20);
        this.segment = this.preRoll.slice(-keep);
        this.segmentStartMs = Math.max(0, endMs - 20 * (this.segment.length + 1));
      } else if (event.kind === 'speech-end' && this.segment) {
        this.segment.push(frame);
        this.post(endMs);
        return;
      }
    }
    if (this.segment) {
      this.segment.push(frame);
      if (endMs - this.segmentStartMs >= (this.options.maxSegmentMs ?? 55_000)) this.post(endMs);
    } else {
      this.preRoll.push(frame);
      if (this.preRoll.length > 50) this.preRoll.shift();
    }
  }

  /** Queues the current segment for recognition (in order, one request at a time per stream). */
  private post(endMs: number): void {
    const audio = Buffer.concat(this.segment ?? []);
    const startMs = this.segmentStartMs;
    this.segment = null;
    this.preRoll.length = 0;
    this.pending++;
    this.chain = this.chain.then(async () => {
      if (this.settled) return;
      try {
        const text = await this.recognize(audio);
        if (text !== '') this.emit({ kind: 'final', text, startMs, endMs: Math.round(endMs), confidence: null });
      } catch (error) {
        this.fail(isAsrError(error) ? error : new AsrError('ASR_SERVER', this.provider, 'recognition failed'));
      } finally {
        this.pending--;
      }
    });
  }

  private async recognize(audio: Buffer): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get();
      const answer = await this.request(audio, token);
      if (answer.errNo === 0) return answer.text;
      if (BAIDU_TOKEN_STALE.has(answer.errNo) || answer.errNo === 3302) {
        this.tokens.invalidate(token);
        if (attempt === 0) continue;
        throw new AsrError('ASR_AUTH', this.provider, `token refused again after a refresh (err_no ${answer.errNo})`, { status: answer.errNo });
      }
      throw new AsrError(classifyBaiduError(answer.errNo, this.options.errorOverrides), this.provider, `Baidu err_no ${answer.errNo}`, { status: answer.errNo });
    }
  }

  private async request(audio: Buffer, token: string): Promise<{ errNo: number; text: string }> {
    const release = this.options.limiter ? this.options.limiter.tryAcquire() : () => {};
    if (!release) throw new AsrError('ASR_BUSY', this.provider, `all ${this.options.limiter?.capacity} slots of the account are in use`);
    const abort = new AbortController();
    this.aborts.add(abort);
    const timeoutMs = this.options.requestTimeoutMs ?? 5000;
    let timedOut = false;
    const timer = this.clock.setTimer(() => { timedOut = true; abort.abort(); }, timeoutMs);
    trackAsr('timers', 1);
    trackAsr('requests', 1);
    try {
      const body = JSON.stringify({
        format: 'pcm', rate: 16000, channel: 1, cuid: this.options.cuid ?? `waihu-${randomUUID().slice(0, 8)}`, token,
        dev_pid: this.options.devPid ?? 1537, speech: audio.toString('base64'), len: audio.length,
      });
      let res: Response;
      let text: string;
      try {
        res = await fetch(this.options.url ?? 'http://vop.baidu.com/server_api', {
          method: 'POST', body, signal: abort.signal, headers: { 'content-type': 'application/json' },
        });
        text = await res.text();
      } catch (error) {
        if (timedOut) throw new AsrError('ASR_STALLED', this.provider, `no answer within ${timeoutMs} ms`);
        throw new AsrError(asrCodeForSocketError((error as { cause?: unknown }).cause), this.provider, 'request failed');
      }
      let json: { err_no?: unknown; result?: unknown; error_code?: unknown };
      try {
        json = JSON.parse(text) as typeof json;
      } catch {
        throw new AsrError(res.ok ? 'ASR_MALFORMED_RESPONSE' : asrCodeForHttpStatus(res.status), this.provider, `answer is not JSON (HTTP ${res.status})`, { status: res.status });
      }
      // Platform-level failures (token, QPS) come as {error_code, error_msg}.
      if (typeof json.error_code === 'number') return { errNo: json.error_code, text: '' };
      if (!res.ok) throw new AsrError(asrCodeForHttpStatus(res.status), this.provider, `HTTP ${res.status}`, { status: res.status });
      if (typeof json.err_no !== 'number') throw new AsrError('ASR_MALFORMED_RESPONSE', this.provider, 'answer without a numeric err_no');
      if (json.err_no !== 0) return { errNo: json.err_no, text: '' };
      if (!Array.isArray(json.result) || typeof json.result[0] !== 'string') throw new AsrError('ASR_MALFORMED_RESPONSE', this.provider, 'answer without result[0]');
      return { errNo: 0, text: json.result[0] };
    } finally {
      this.clock.clearTimer(timer);
      trackAsr('timers', -1);
      trackAsr('requests', -1);
      this.aborts.delete(abort);
      release();
    }
  }
}
