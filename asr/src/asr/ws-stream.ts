/**
 * A recognition stream over one WebSocket (Baidu realtime, FunASR): connect with a timeout on
 * the injected clock, queue frames until the socket opens, classify every connection failure
 * (refused, timed out, upgrade refused with an HTTP status, dropped mid-stream), and tear the
 * socket down exactly once.
 */
import WebSocket from 'ws';
import type { AsrClock } from './clock.js';
import { AsrError, asrCodeForHttpStatus, asrCodeForSocketError } from './errors.js';
import type { HealthTracker } from './health.js';
import type { ConcurrencyLimiter } from './limiter.js';
import { trackAsr } from './resources.js';
import { BaseAsrStream } from './stream-base.js';
import type { StreamTiming } from './stream-base.js';

/** Timing for WebSocket providers. */
export interface WsTiming extends StreamTiming {
  /** How long the TCP connect plus the WebSocket upgrade may take. */
  readonly connectTimeoutMs: number;
}

/** What a WebSocket stream is built from. */
export interface WsStreamContext {
  readonly provider: string;
  readonly clock: AsrClock;
  readonly timing: WsTiming;
  readonly health: HealthTracker;
  readonly limiter?: ConcurrencyLimiter;
}

const noop = (): void => {};

/** Base for streams that speak a JSON-plus-binary protocol over one WebSocket. */
export abstract class WsAsrStream extends BaseAsrStream {
  private ws: WebSocket | undefined;
  private readonly pending: (Buffer | string)[] = [];
  private opened = false;
  private release: (() => void) | null = null;
  protected readonly health: HealthTracker;

  protected constructor(private readonly ctx: WsStreamContext) {
    super(ctx.provider, ctx.clock, ctx.timing);
    this.health = ctx.health;
    this.health.openStreams++;
  }

  /** Starts connecting; subclasses call this at the end of their constructor. */
  protected connect(url: string): void {
    if (this.ctx.limiter) {
      this.release = this.ctx.limiter.tryAcquire();
      if (!this.release) {
        this.fail('ASR_BUSY', `all ${this.ctx.limiter.capacity} slots of the account are in use`);
        return;
      }
    }
    const ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws = ws;
    trackAsr('sockets', 1);
    this.startTimer('connect', this.ctx.timing.connectTimeoutMs, () =>
      this.fail('ASR_CONNECT_TIMEOUT', `no WebSocket connection within ${this.ctx.timing.connectTimeoutMs} ms`));
    ws.on('open', () => {
      this.clearTimer('connect');
      this.opened = true;
      ws.send(this.greeting());
      for (const frame of this.pending.splice(0)) ws.send(frame);
    });
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      this.fail(asrCodeForHttpStatus(status), `WebSocket upgrade refused with HTTP ${status}`, status);
    });
    ws.on('message', (data, isBinary) => {
      if (this.settled) return;
      if (isBinary) {
        this.fail('ASR_MALFORMED_RESPONSE', 'binary frame from a provider that only sends JSON text');
        return;
      }
      this.onText(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    });
    ws.on('error', (error) => {
      const code = this.opened ? 'ASR_CONNECTION_LOST' : asrCodeForSocketError(error);
      this.fail(code, `WebSocket ${this.opened ? 'failed' : 'connect failed'} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    });
    ws.on('close', (code) => {
      if (!this.settled) this.onRemoteClose(code);
    });
  }

  /** Sends a frame now, or when the socket opens. */
  protected send(frame: Buffer | string): void {
    if (this.settled || !this.ws) return;
    if (this.opened) this.ws.send(frame);
    else this.pending.push(frame);
  }

  /** The first text frame (the protocol's start/config message). */
  protected abstract greeting(): string;
  /** A JSON text frame from the provider. */
  protected abstract onText(text: string): void;
  /** The provider closed the socket before the stream settled. */
  protected abstract onRemoteClose(code: number): void;
  /** A last text frame to send when the stream is torn down while the socket is open (e.g. CANCEL). */
  protected farewell(): string | undefined {
    return undefined;
  }

  protected override fail(code: Parameters<BaseAsrStream['fail']>[0], message = '', status?: number): void {
    if (!this.settled) this.health.failed(code instanceof AsrError ? code : new AsrError(code, this.provider, message, { status }));
    super.fail(code, message, status);
  }

  protected onTeardown(): void {
    this.health.openStreams--;
    this.release?.();
    this.release = null;
    this.pending.length = 0;
    const ws = this.ws;
    if (!ws) return;
    this.ws = undefined;
    trackAsr('sockets', -1);
    const farewell = ws.readyState === WebSocket.OPEN ? this.farewell() : undefined;
    ws.removeAllListeners();
    ws.on('error', noop);
    // terminate() destroys the TCP socket: a settled stream holds nothing open. A farewell frame
    // (Baidu's CANCEL) is written first, then the socket goes as soon as the write completes.
    if (farewell === undefined) ws.terminate();
    else ws.send(farewell, () => ws.terminate());
  }
}
