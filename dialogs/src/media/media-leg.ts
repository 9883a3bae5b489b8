/**
 * The contract between a call's runtime and its media: what the robot plays, what the
 * customer said, DTMF both ways. `RtpSession` implements it over RTP; tests can fake it.
 */
import type { DtmfDigit, DtmfSendResult } from './dtmf.js';
import type { PlayResult } from './play-queue.js';

/**
 * 20 ms of 8 kHz 16-bit mono PCM from the remote party. The object and its `samples` are
 * reused for the next frame: copy what you keep beyond the listener call.
 */
export interface AudioChunk {
  /** 160 samples. */
  samples: Int16Array;
  /** Position in the call (and in its recording) in milliseconds, on the pacer's 20 ms grid. */
  timeMs: number;
  /** True when the packet was missing and this frame is concealment (repeat or silence). */
  concealed: boolean;
}

/** A digit the remote party pressed. */
export interface ReceivedDtmf {
  digit: DtmfDigit;
  durationMs: number;
  /** Position in the call in milliseconds when the digit was reported. */
  timeMs: number;
}

/** Minimal structured logger (pino-compatible); numbers and addresses go under keys. */
export interface MediaLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** A call's audio path, as the call runtime sees it. */
export interface MediaLeg {
  /** Queues PCM (8 kHz mono 16-bit) after what is queued; see `PlayResult`. */
  play(pcm: Int16Array): Promise<PlayResult>;
  /** Stops playback at once and drops the queue (barge-in); returns how many prompts were cut. */
  clear(): number;
  /** Subscribes to the remote party's audio; returns the unsubscribe function. */
  onAudio(listener: (chunk: AudioChunk) => void): () => void;
  /** Subscribes to received DTMF digits; returns the unsubscribe function. */
  onDtmf(listener: (event: ReceivedDtmf) => void): () => void;
  /** Subscribes to "no media from the peer for the inactivity time"; fires once per silence. */
  onInactive(listener: () => void): () => void;
  /** Sends digits as RFC 4733 events; resolves when the last one is on the wire. */
  sendDtmf(digits: string, durationMs?: number): Promise<DtmfSendResult>;
  /** Releases everything the leg holds; safe to call twice. */
  close(): Promise<unknown>;
}
