/**
 * Baidu realtime recognition (实时语音识别 WebSocket API): connect to
 * `wss://vop.baidu.com/realtime_asr?sn=…`, send a START text frame
 * `{type:"START", data:{appid, appkey, dev_pid, cuid, format:"pcm", sample:16000}}`, binary
 * 16 kHz PCM frames of 160 ms (the documented best size; 20–200 ms allowed, only the last may be
 * shorter), then `{type:"FINISH"}` (or `{type:"CANCEL"}` to abandon). The server answers JSON
 * frames: MID_TEXT (a sentence's interim text), FIN_TEXT (its final text with start_time and
 * end_time in ms), HEARTBEAT (keep-alive), and errors as a frame with a non-zero err_no; after
 * FINISH it sends the last results and closes the connection.
 */
import { randomUUID } from 'node:crypto';
import { classifyBaiduError } from './baidu-errors.js';
import { systemAsrClock } from './clock.js';
import type { AsrClock } from './clock.js';
import type { AsrErrorCode } from './errors.js';
import { AsrError } from './errors.js';
import { HealthTracker } from './health.js';
import type { ConcurrencyLimiter } from './limiter.js';
import { Pcm16kFramer } from './pcm-framer.js';
import type { AsrAudio, AsrHealth, AsrOpenOptions, AsrProvider, AsrStream } from './types.js';
import { WsAsrStream } from './ws-stream.js';

/** 160 ms at 16 kHz: the frame size Baidu's documentation recommends. */
const FRAME_SAMPLES = 2560;

/** Settings for one Baidu realtime account. */
export interface BaiduRealtimeOptions {
  /** The console's AppID (a number). */
  readonly appId: number;
  /** The AppID's API Key (sent as `appkey`). Never logged. */
  readonly appKey: string;
  /** Recognition model: 15372 Mandarin with punctuation (default), 1537, 1737 English, 15376 dialects … */
  readonly devPid?: number;
  /** A self-trained model's id (自训练平台 lm_id); Baidu's only hot-word mechanism here. */
  readonly lmId?: number;
  /** The device/user id Baidu counts UV by; default `waihu`. */
  readonly cuid?: string;
  /** Needed (any value) for the multi-dialect model 15376. */
  readonly user?: string;
  /** Default `wss://vop.baidu.com/realtime_asr`. */
  readonly url?: string;
  readonly clock?: AsrClock;
  readonly connectTimeoutMs?: number;
  readonly finalTimeoutMs?: number;
  /** The account's concurrency cap, shared with other providers of the same account. */
  readonly limiter?: ConcurrencyLimiter;
  /** Moves an err_no to another class (see baidu-errors.ts). */
  readonly errorOverrides?: Readonly<Record<number, AsrErrorCode>>;
  /** Provider name in results and errors; default `baidu-realtime`. */
  readonly name?: string;
}

/** Creates the Baidu realtime provider (load once per account). */
export function createBaiduRealtimeProvider(options: BaiduRealtimeOptions): AsrProvider {
  const name = options.name ?? 'baidu-realtime';
  const clock = options.clock ?? systemAsrClock;
  const health = new HealthTracker(name, clock);
  const streams = new Set<AsrStream>();
  let closed = false;
  return {
    name,
    open(openOptions?: AsrOpenOptions): AsrStream {
      const stream = new BaiduRealtimeStream(name, clock, health, options, openOptions, closed);
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

class BaiduRealtimeStream extends WsAsrStream {
  private readonly framer = new Pcm16kFramer(FRAME_SAMPLES);
  private readonly sendFrame = (frame: Buffer): void => this.send(frame);
  private sentenceStartMs = 0;

  constructor(name: string, clock: AsrClock, health: HealthTracker, private readonly options: BaiduRealtimeOptions,
    _open: AsrOpenOptions | undefined, providerClosed: boolean) {
    super({
      provider: name, clock, health, limiter: options.limiter,
      timing: { connectTimeoutMs: options.connectTimeoutMs ?? 3000, finalTimeoutMs: options.finalTimeoutMs ?? 5000 },
    });
    if (providerClosed) {
      this.fail(new AsrError('ASR_PROVIDER_CLOSED', name, 'the provider is closed'));
      return;
    }
    // sn is for Baidu's log lookup: [a-zA-Z0-9-]{1,128}; a UUID fits.
    this.connect(`${options.url ?? 'wss://vop.baidu.com/realtime_asr'}?sn=${randomUUID()}`);
  }

  protected greeting(): string {
    const o = this.options;
    const data: Record<string, string | number> = {
      appid: o.appId, appkey: o.appKey, dev_pid: o.devPid ?? 15372, cuid: o.cuid ?? 'waihu', format: 'pcm', sample: 16000,
    };
    if (o.lmId !== undefined) data.lm_id = o.lmId;
    if (o.user !== undefined) data.user = o.user;
    return JSON.stringify({ type: 'START', data });
  }

  protected onAudio(chunk: AsrAudio): void {
    this.framer.push(chunk, this.sendFrame);
  }

  protected onEnd(): void {
    this.framer.flush(this.sendFrame);
    this.send(JSON.stringify({ type: 'FINISH' }));
  }

  protected override farewell(): string | undefined {
    // Closed before the server finished: tell it to drop the session rather than recognize it.
    return JSON.stringify({ type: 'CANCEL' });
  }

  protected onText(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.fail('ASR_MALFORMED_RESPONSE', 'a frame that is not JSON');
      return;
    }
    if (typeof msg !== 'object' || msg === null || typeof (msg as { type?: unknown }).type !== 'string') {
      this.fail('ASR_MALFORMED_RESPONSE', 'a frame without a string "type"');
      return;
    }
    const m = msg as { type: string; err_no?: unknown; result?: unknown; start_time?: unknown; end_time?: unknown };
    if (m.type === 'HEARTBEAT') return;
    if (typeof m.err_no !== 'number') {
      this.fail('ASR_MALFORMED_RESPONSE', `a ${m.type} frame without a numeric err_no`);
      return;
    }
    if (m.err_no !== 0) {
      this.fail(classifyBaiduError(m.err_no, this.options.errorOverrides), `Baidu err_no ${m.err_no}`, m.err_no);
      return;
    }
    if ((m.type !== 'MID_TEXT' && m.type !== 'FIN_TEXT') || typeof m.result !== 'string') {
      this.fail('ASR_MALFORMED_RESPONSE', `unexpected frame type ${m.type.slice(0, 20)} or result not a string`);
      return;
    }
    const heardMs = Math.round(this.framer.audioMs);
    if (m.type === 'MID_TEXT') {
      // MID_TEXT carries no times: the sentence began where the last one ended, and reaches as
      // far as the audio sent so far.
      this.emit({ kind: 'partial', text: m.result, startMs: this.sentenceStartMs, endMs: heardMs, confidence: null });
      return;
    }
    const startMs = typeof m.start_time === 'number' ? m.start_time : this.sentenceStartMs;
    const endMs = typeof m.end_time === 'number' ? m.end_time : heardMs;
    this.sentenceStartMs = endMs;
    this.emit({ kind: 'final', text: m.result, startMs, endMs, confidence: null });
  }

  protected onRemoteClose(code: number): void {
    // After FINISH, Baidu closes (normally) once it has sent the last FIN_TEXT: that is
    // completion. An abnormal close (1006: no close frame) is a dropped connection either way.
    if (this.state === 'ending' && (code === 1000 || code === 1005)) this.complete();
    else this.fail('ASR_CONNECTION_LOST', `the server closed the connection mid-stream (code ${code})`, code);
  }
}
