/**
 * 监听: a leader hears an agent's bridged call on their own phone, receive-only. Each 20 ms frame
 * the customer leg hands out is mixed with the agent leg's next frame (silence when it has none)
 * and played to the leader's leg; what the leader says goes nowhere. The customer's leg is the
 * clock (a phone sends a frame every 20 ms, talking or not); agent frames that pile up beyond a
 * few (the customer stopped sending) are dropped oldest first so the mix never lags.
 */
import type { AudioChunk, MediaLeg, PlayResult } from '../media/index.js';

/** The two sides of a bridged call. */
export interface ListenSource {
  readonly customer: Pick<MediaLeg, 'onAudio'>;
  readonly agent: Pick<MediaLeg, 'onAudio'>;
}

/** A running listen-in. */
export interface ListenIn {
  /** Stops mixing (the legs stay as they are); safe to call twice. */
  stop(): void;
  /** Frames played to the leader so far. */
  readonly frames: number;
}

/** Agent frames kept waiting for a customer frame to mix with. */
const MAX_WAITING = 3;
/** Frames allowed in the leader leg's play queue (like the bridge: no lasting delay). */
const MAX_QUEUED = 5;

/** Sums two frames with saturation (`b` may be shorter or missing). */
export function mixFrames(a: Int16Array, b: Int16Array | null): Int16Array {
  const out = new Int16Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i]! + (b?.[i] ?? 0);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** Starts mixing `source` into `leader`. */
export function startListenIn(source: ListenSource, leader: Pick<MediaLeg, 'play'>): ListenIn {
  const waiting: Int16Array[] = [];
  let queued = 0;
  let frames = 0;
  let stopped = false;
  const offAgent = source.agent.onAudio((c: AudioChunk) => {
    waiting.push(c.samples.slice());
    if (waiting.length > MAX_WAITING) waiting.shift();
  });
  const offCustomer = source.customer.onAudio((c: AudioChunk) => {
    if (stopped || queued >= MAX_QUEUED) return;
    queued += 1;
    frames += 1;
    void leader.play(mixFrames(c.samples, waiting.shift() ?? null)).then((r: PlayResult) => {
      queued -= 1;
      if (r === 'closed') stop();
    });
  });
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    offAgent();
    offCustomer();
  };
  return { stop, get frames() { return frames; } };
}
