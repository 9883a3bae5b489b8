/**
 * One call's RTP media over UDP: a socket on an even port from the allocator, the receive and
 * send halves driven by the process's shared pacer, an optional stereo recording, and the
 * `MediaLeg` API the call runtime uses. `close()` releases the socket, the port, the pacer
 * subscription and the recording; `openResources()` proves it.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import type { DtmfEvent, DtmfSendResult } from './dtmf.js';
import { MediaError } from './errors.js';
import { G711_PAYLOAD_TYPE } from './g711.js';
import type { G711Law } from './g711.js';
import type { JitterBufferOptions, JitterStats } from './jitter-buffer.js';
import type { AudioChunk, MediaLeg, MediaLog, ReceivedDtmf } from './media-leg.js';
import { sharedPacer } from './pacer.js';
import type { Pacer } from './pacer.js';
import type { PlayResult } from './play-queue.js';
import type { PortAllocator } from './port-allocator.js';
import { trackResource } from './resources.js';
import { addListener, bindSocket, closeSocket, createCountedSocket } from './udp.js';
import { RtpReceiver } from './rtp-receiver.js';
import { RtpSender, SEND_RING } from './rtp-sender.js';
import type { SenderStats } from './rtp-sender.js';
import type { ReceiverStatsSnapshot } from './rtp-stats.js';
import { StereoWavRecorder } from './wav-recorder.js';
import type { RecordingSummary } from './wav-recorder.js';

const FRAME_MS = 20;
/** Ticks of silence written at most for one stall, so a frozen process cannot fill the disk. */
const MAX_GAP_FRAMES = 500;

/** Where to send, and in which codec, once SDP has been exchanged. */
export interface RtpRemote {
  address: string;
  port: number;
  codec?: G711Law;
  /** The telephone-event payload type the peer offered or answered (default 101). */
  telephoneEventPayloadType?: number;
}

/** Everything a session needs; only `ports` is required. */
export interface RtpSessionOptions {
  ports: PortAllocator;
  /** Local address to bind (default 127.0.0.1; production passes the media interface). */
  bindAddress?: string;
  pacer?: Pacer;
  codec?: G711Law;
  telephoneEventPayloadType?: number;
  jitter?: JitterBufferOptions;
  /** Symmetric RTP: take the first packet's source as the remote (for peers behind NAT). */
  latch?: boolean;
  /** Record the call as stereo WAV at this path (customer left, this side right). */
  recordPath?: string;
  /** Fire `onInactive` after this long without a packet from the peer (default 0: never). */
  inactivityMs?: number;
  log?: MediaLog;
  /** Source of SSRC and initial sequence/timestamp (default Math.random); tests fix it. */
  random?: () => number;
}

/** A session's figures. */
export interface RtpSessionStats {
  sent: SenderStats;
  received: ReceiverStatsSnapshot;
  jitter: JitterStats;
  dtmfIgnored: number;
  listenerErrors: number;
}

/** What `close()` resolves with: the final figures and the recording, if any. */
export interface RtpSessionSummary {
  stats: RtpSessionStats;
  recording: RecordingSummary | null;
}

/** One call's RTP endpoint; create with `RtpSession.open`. */
export class RtpSession implements MediaLeg {
  private remote: RtpRemote | undefined;
  private latched = false;
  private readonly receiver: RtpReceiver;
  private readonly sender: RtpSender;
  private readonly audioListeners: ((chunk: AudioChunk) => void)[] = [];
  private readonly dtmfListeners: ((event: ReceivedDtmf) => void)[] = [];
  private readonly inactiveListeners: (() => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private readonly chunk: AudioChunk = { samples: new Int16Array(0), timeMs: 0, concealed: false };
  private readonly unsubscribe: () => void;
  private firstTick = -1;
  private lastTick = -1;
  private activitySinceMs: number;
  private inactiveReported = false;
  private listenerErrors = 0;
  private warnedSource = false;
  private closing: Promise<RtpSessionSummary> | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly localAddress: string,
    readonly localPort: number,
    private readonly options: RtpSessionOptions,
    private readonly pacer: Pacer,
    private readonly recorder: StereoWavRecorder | null,
  ) {
    const random = options.random ?? Math.random;
    const law = options.codec ?? 'mulaw';
    const tePt = options.telephoneEventPayloadType ?? 101;
    this.receiver = new RtpReceiver({
      law, audioPayloadType: G711_PAYLOAD_TYPE[law], telephoneEventPayloadType: tePt, jitter: options.jitter,
      now: () => pacer.time.now(), onDtmf: (event) => this.emitDtmf(event), log: options.log,
    });
    this.sender = new RtpSender({
      law, audioPayloadType: G711_PAYLOAD_TYPE[law], telephoneEventPayloadType: tePt,
      ssrc: Math.floor(random() * 0x100000000), initialSequence: Math.floor(random() * 0x10000),
      initialTimestamp: Math.floor(random() * 0x100000000), transmit: (packet, length) => this.transmit(packet, length),
    });
    this.activitySinceMs = pacer.time.now();
    socket.on('message', (message: Buffer, from: RemoteInfo) => this.onDatagram(message, from));
    socket.on('error', (error) => options.log?.warn({ err: error, port: localPort }, 'RTP socket error'));
    this.unsubscribe = pacer.subscribe((tickIndex) => this.onTick(tickIndex));
    trackResource('sessions', 1);
  }

  /**
   * Binds a socket on the next free even port (trying further ports if one is taken by
   * another process), opens the recording if asked, and joins the pacer.
   */
  static async open(options: RtpSessionOptions): Promise<RtpSession> {
    const address = options.bindAddress ?? '127.0.0.1';
    let lastError: unknown;
    for (let attempt = 0; attempt < 10; attempt++) {
      const port = options.ports.allocate();
      const socket = createCountedSocket();
      try {
        await bindSocket(socket, port, address);
      } catch (error) {
        lastError = error;
        await closeSocket(socket);
        options.ports.release(port);
        continue;
      }
      let recorder: StereoWavRecorder | null = null;
      try {
        if (options.recordPath !== undefined) recorder = await StereoWavRecorder.open(options.recordPath);
      } catch (error) {
        await closeSocket(socket);
        options.ports.release(port);
        throw error;
      }
      return new RtpSession(socket, address, port, options, options.pacer ?? sharedPacer(), recorder);
    }
    throw new MediaError('SOCKET_BIND_FAILED', `could not bind an RTP port on ${address}`, { cause: lastError });
  }

  /** Sets (or changes, on re-INVITE) where media goes and the negotiated codec. */
  setRemote(remote: RtpRemote): void {
    this.remote = { ...remote };
    this.latched = false;
    this.activitySinceMs = this.pacer.time.now();
    const law = remote.codec ?? this.options.codec ?? 'mulaw';
    const tePt = remote.telephoneEventPayloadType ?? this.options.telephoneEventPayloadType ?? 101;
    this.receiver.setCodec(law, G711_PAYLOAD_TYPE[law], tePt);
    this.sender.setCodec(law, G711_PAYLOAD_TYPE[law], tePt);
  }

  /** Where media goes now (after latching, the address packets come from). */
  get remoteAddress(): { address: string; port: number } | undefined {
    return this.remote ? { address: this.remote.address, port: this.remote.port } : undefined;
  }

  /** This side's SSRC. */
  get ssrc(): number {
    return this.sender.ssrc;
  }

  play(pcm: Int16Array): Promise<PlayResult> {
    return this.sender.queue.play(pcm);
  }

  clear(): number {
    return this.sender.queue.clear();
  }

  /** Whether queued audio is still playing. */
  get playing(): boolean {
    return this.sender.queue.playing;
  }

  sendDtmf(digits: string, durationMs = 100): Promise<DtmfSendResult> {
    if (this.closing) return Promise.resolve('cancelled');
    return this.sender.dtmf.enqueue(digits, durationMs);
  }

  onAudio(listener: (chunk: AudioChunk) => void): () => void {
    return addListener(this.audioListeners, listener);
  }

  onDtmf(listener: (event: ReceivedDtmf) => void): () => void {
    return addListener(this.dtmfListeners, listener);
  }

  onInactive(listener: () => void): () => void {
    return addListener(this.inactiveListeners, listener);
  }

  /**
   * Runs `listener` once when `close()` starts (whoever closes: the call's BYE, a media timeout,
   * the agent shutting down), so a bridge or a player can stop at once instead of finding out
   * on its next frame. On a session already closing it runs on the next microtask.
   */
  onClose(listener: () => void): () => void {
    if (this.closing) {
      let cancelled = false;
      queueMicrotask(() => { if (!cancelled) this.safely(listener); });
      return () => { cancelled = true; };
    }
    return addListener(this.closeListeners, listener);
  }

  stats(): RtpSessionStats {
    return {
      sent: this.sender.stats(), received: this.receiver.stats.snapshot(), jitter: this.receiver.jitterStats(),
      dtmfIgnored: this.receiver.dtmfIgnored, listenerErrors: this.listenerErrors,
    };
  }

  /** Leaves the pacer, resolves pending prompts, closes the socket, port and recording. */
  close(): Promise<RtpSessionSummary> {
    if (this.closing) return this.closing;
    this.closing = this.shutdown();
    for (const listener of this.closeListeners.splice(0)) this.safely(listener);
    return this.closing;
  }

  private async shutdown(): Promise<RtpSessionSummary> {
    this.unsubscribe();
    this.sender.close();
    const stats = this.stats();
    this.socket.removeAllListeners('message');
    await closeSocket(this.socket);
    this.options.ports.release(this.localPort);
    const recording = this.recorder ? await this.recorder.close() : null;
    trackResource('sessions', -1);
    return { stats, recording };
  }

  private onDatagram(message: Buffer, from: RemoteInfo): void {
    if (this.closing) return;
    const remote = this.remote;
    if (this.options.latch === true && !this.latched && message.length >= 12 && message[0]! >> 6 === 2) {
      // Symmetric RTP: the first RTP packet shows where the peer's NAT maps its media port
      // (a stray non-RTP datagram must not capture the call's media).
      this.remote = { ...remote, address: from.address, port: from.port };
      this.latched = true;
    } else if (remote === undefined || from.address !== remote.address || from.port !== remote.port) {
      if (!this.warnedSource) {
        this.warnedSource = true;
        this.options.log?.warn({ address: from.address, port: from.port, localPort: this.localPort }, 'RTP from an unexpected source: dropped');
      }
      this.receiver.stats.droppedUnexpectedSource += 1;
      return;
    }
    this.receiver.handle(message);
  }

  private onTick(tickIndex: number): void {
    if (this.firstTick < 0) this.firstTick = tickIndex;
    const offset = tickIndex - this.firstTick;
    if (this.recorder && this.lastTick >= 0 && tickIndex - this.lastTick > 1) {
      // The process stalled past the pacer's catch-up: keep the recording on the call's clock.
      this.recorder.writeSilence(Math.min(MAX_GAP_FRAMES, tickIndex - this.lastTick - 1));
    }
    this.lastTick = tickIndex;
    const timeMs = offset * FRAME_MS;
    const received = this.receiver.playout();
    if (received !== null) this.emitAudio(received, timeMs);
    this.checkActivity();
    const sent = this.remote ? this.sender.tick(offset) : null;
    this.recorder?.writeFrame(received, sent);
  }

  private transmit(packet: Buffer, length: number): boolean {
    const remote = this.remote;
    if (!remote || this.socket.getSendQueueCount() >= SEND_RING - 1) return false;
    this.socket.send(packet, 0, length, remote.port, remote.address);
    return true;
  }

  private emitAudio(samples: Int16Array, timeMs: number): void {
    const chunk = this.chunk;
    chunk.samples = samples;
    chunk.timeMs = timeMs;
    chunk.concealed = this.receiver.concealed;
    for (const listener of this.audioListeners) this.safely(() => listener(chunk));
  }

  private emitDtmf(event: DtmfEvent): void {
    const received: ReceivedDtmf = { digit: event.digit, durationMs: event.durationMs, timeMs: Math.max(0, this.lastTick - this.firstTick) * FRAME_MS };
    for (const listener of this.dtmfListeners) this.safely(() => listener(received));
  }

  private checkActivity(): void {
    const limit = this.options.inactivityMs ?? 0;
    if (limit <= 0 || this.remote === undefined) return;
    const last = Math.max(this.receiver.lastPacketAtMs, this.activitySinceMs);
    if (this.pacer.time.now() - last < limit) { this.inactiveReported = false; return; }
    if (this.inactiveReported) return;
    this.inactiveReported = true;
    this.options.log?.warn({ localPort: this.localPort, inactivityMs: limit }, 'no RTP from the peer');
    for (const listener of this.inactiveListeners) this.safely(listener);
  }

  private safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      // A listener's bug must not stop this call's media (or, through the pacer, anyone's).
      this.listenerErrors += 1;
      this.options.log?.warn({ err: error, localPort: this.localPort }, 'media listener threw');
    }
  }
}
