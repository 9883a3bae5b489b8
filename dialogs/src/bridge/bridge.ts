/**
 * Joins a customer leg and an agent leg (a warm transfer): each side's received 20 ms frames
 * are played to the other, DTMF is forwarded, and the bridge ends — reporting why, exactly
 * once — when either leg closes or the caller unbridges. Whether to hang up the surviving leg
 * is the caller's decision, not the bridge's.
 *
 * Audio goes through PCM: a leg hands out decoded frames and encodes what it plays in its own
 * negotiated law, so PCMU ⇄ PCMA transcoding needs no code here, and between legs of the same
 * law G.711 decode→encode returns the same bytes (the only exception is μ-law's "negative
 * zero", 0x7F, which comes back as 0xFF). Passing payloads through untouched would save the
 * encode, under 0.5 µs of a frame's 0.45–0.9 µs decode+encode (measured on the 2-core dev box:
 * about 0.005 % of a core per bridged call); the decode happens anyway for the recording, and
 * a raw path would need hooks in both halves of `RtpSession`. Not worth it.
 *
 * The call's recording continues by itself: the customer leg records what it hears (the
 * customer, left) and what it sends (now the agent, right).
 */
import type { AudioChunk, DtmfSendResult, MediaLeg, PlayResult, ReceivedDtmf } from '../media/index.js';

/**
 * A leg the bridge can join. `onClose`, when a leg offers it, reports closure at once; without
 * it the bridge notices a closed leg when the next frame played to it resolves `closed`
 * (within one or two 20 ms ticks while the other side sends audio, which RTP phones do).
 */
export type BridgeLeg = MediaLeg & { onClose?: (listener: () => void) => () => void };

/** Why a bridge ended. */
export type BridgeEndReason = 'customer-closed' | 'agent-closed' | 'unbridged';

/** Frames and digits that crossed, per direction. */
export interface BridgeDirectionStats {
  /** Frames played to the receiving leg. */
  frames: number;
  /** Frames dropped: the receiving leg's queue was full, or it was sending a digit. */
  dropped: number;
  digits: number;
}

/** What crossed the bridge. */
export interface BridgeStats {
  toAgent: BridgeDirectionStats;
  toCustomer: BridgeDirectionStats;
}

/** How the bridge ended. */
export interface BridgeEnd {
  reason: BridgeEndReason;
  stats: BridgeStats;
}

/** Tuning; everything has a default. */
export interface BridgeOptions {
  /**
   * Frames allowed to wait in a leg's play queue (default 5 = 100 ms). Both legs tick on the same
   * pacer, so one frame in per frame out is the steady state; the cap keeps a stall or a burst
   * from turning into lasting delay.
   */
  maxQueuedFrames?: number;
  /** Forward DTMF digits (default true). */
  forwardDtmf?: boolean;
  /** Keep what the legs had queued (default false: a robot prompt stops when the agent joins). */
  keepQueued?: boolean;
}

/** A live bridge. */
export interface MediaBridge {
  /** Resolves once, when the bridge ends, with the reason and the figures. */
  readonly ended: Promise<BridgeEnd>;
  readonly active: boolean;
  stats(): BridgeStats;
  /** Ends the bridge and leaves both legs open (unless already ended); returns how it ended. */
  unbridge(): BridgeEnd;
}

/** One direction: frames and digits from `from` played to `to`. */
class Direction {
  readonly stats: BridgeDirectionStats = { frames: 0, dropped: 0, digits: 0 };
  private queued = 0;
  private digitsSending = 0;

  constructor(
    private readonly to: BridgeLeg,
    private readonly maxQueued: number,
    private readonly onClosed: () => void,
  ) {}

  audio(chunk: AudioChunk): void {
    // While a digit goes out its event packets replace audio on the wire; frames queued now
    // would only play after it, late by the digit's length, for the rest of the call.
    if (this.queued >= this.maxQueued || this.digitsSending > 0) { this.stats.dropped += 1; return; }
    this.queued += 1;
    this.stats.frames += 1;
    // The chunk's samples are reused for the next frame; the play queue keeps a reference.
    void this.to.play(chunk.samples.slice()).then((result: PlayResult) => {
      this.queued -= 1;
      if (result === 'closed') this.onClosed();
    });
  }

  dtmf(event: ReceivedDtmf): void {
    this.stats.digits += 1;
    this.digitsSending += 1;
    void this.to.sendDtmf(event.digit, event.durationMs).then((_result: DtmfSendResult) => { this.digitsSending -= 1; });
  }
}

/**
 * Bridges `customer` and `agent`. The legs stay owned by the caller: the bridge only subscribes
 * to them, plays to them and (unless `keepQueued`) clears what they had queued when it starts.
 */
export function bridgeLegs(customer: BridgeLeg, agent: BridgeLeg, options: BridgeOptions = {}): MediaBridge {
  const maxQueued = Math.max(1, options.maxQueuedFrames ?? 5);
  let result: BridgeEnd | null = null;
  let resolveEnded!: (end: BridgeEnd) => void;
  const ended = new Promise<BridgeEnd>((resolve) => { resolveEnded = resolve; });
  const unsubscribes: (() => void)[] = [];

  const toAgent = new Direction(agent, maxQueued, () => end('agent-closed'));
  const toCustomer = new Direction(customer, maxQueued, () => end('customer-closed'));
  const stats = (): BridgeStats => ({ toAgent: { ...toAgent.stats }, toCustomer: { ...toCustomer.stats } });

  function end(reason: BridgeEndReason): BridgeEnd {
    if (result) return result;
    result = { reason, stats: stats() };
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    // The survivor may hold a frame or two of the other party: not for whoever talks to it next.
    if (reason !== 'customer-closed') customer.clear();
    if (reason !== 'agent-closed') agent.clear();
    resolveEnded(result);
    return result;
  }

  if (options.keepQueued !== true) {
    customer.clear();
    agent.clear();
  }
  unsubscribes.push(customer.onAudio((chunk) => toAgent.audio(chunk)), agent.onAudio((chunk) => toCustomer.audio(chunk)));
  if (options.forwardDtmf !== false) {
    unsubscribes.push(customer.onDtmf((event) => toAgent.dtmf(event)), agent.onDtmf((event) => toCustomer.dtmf(event)));
  }
  if (customer.onClose) unsubscribes.push(customer.onClose(() => end('customer-closed')));
  if (agent.onClose) unsubscribes.push(agent.onClose(() => end('agent-closed')));

  return {
    ended,
    get active() { return result === null; },
    stats,
    unbridge: () => end('unbridged'),
  };
}
