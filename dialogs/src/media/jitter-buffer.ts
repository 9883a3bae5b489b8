/**
 * A fixed-delay jitter buffer: packets go in as they arrive (any order), one frame comes out
 * per pacer tick, in sequence-number order across the 16-bit wrap. Late and duplicate packets
 * are dropped and counted; a missing packet yields a concealment frame (the session repeats
 * the previous frame once, then plays silence). All storage is allocated up front.
 */

/** What a tick's pop produced. */
export type JitterKind =
  /** A packet: `payload` holds it. */
  | 'frame'
  /** The packet is missing, the previous one played: repeat it (one frame of concealment). */
  | 'repeat'
  /** Still missing: play silence. */
  | 'silence'
  /** Nothing to play: the stream has not started, is prefilling, or has paused. */
  | 'idle';

/** The reused result of `pop()`; `payload` is valid until the next `push` or `pop`. */
export interface JitterFrame {
  kind: JitterKind;
  payload: Uint8Array;
  sequenceNumber: number;
  timestamp: number;
}

/** Sizing of a buffer. */
export interface JitterBufferOptions {
  /** Packets held before playout starts: the added delay in frames (default 3 = 60 ms). */
  depth?: number;
  /** Slots, rounded up to a power of two; packets further off than this are a discontinuity (default 16, at least 2 × depth). */
  capacity?: number;
  /** Largest payload kept; bigger ones are dropped and counted (default 320 bytes = 40 ms of G.711). */
  maxPayloadBytes?: number;
  /** Misses in a row, with nothing buffered, before the buffer goes idle (default 5). */
  maxConcealFrames?: number;
}

/** Counters since creation (or the last `reset`). */
export interface JitterStats {
  pushed: number;
  played: number;
  late: number;
  duplicate: number;
  oversize: number;
  concealed: number;
  resyncs: number;
  buffered: number;
}

/** The signed distance from `b` to `a` on the 16-bit sequence circle. */
export function seqDiff(a: number, b: number): number {
  const d = (a - b) & 0xffff;
  return d >= 0x8000 ? d - 0x10000 : d;
}

const EMPTY = -1;

/** One buffer per receive stream; `push` on arrival, `pop` once per tick. */
export class JitterBuffer {
  readonly depth: number;
  readonly capacity: number;
  private readonly maxPayload: number;
  private readonly maxConceal: number;
  private readonly storage: Uint8Array;
  private readonly seqs: Int32Array;
  private readonly timestamps: Uint32Array;
  private readonly lengths: Uint16Array;
  private readonly out: JitterFrame = { kind: 'idle', payload: new Uint8Array(0), sequenceNumber: 0, timestamp: 0 };
  private playing = false;
  private haveNext = false;
  private nextSeq = 0;
  private lastPlayedSeq = -1;
  private missStreak = 0;
  private waitTicks = 0;
  private suspectSeq = -1;
  private count = 0;
  private counters = { pushed: 0, played: 0, late: 0, duplicate: 0, oversize: 0, concealed: 0, resyncs: 0 };

  constructor(options: JitterBufferOptions = {}) {
    this.depth = Math.max(1, options.depth ?? 3);
    // A power of two, so `seq % capacity` stays consecutive across the 16-bit wrap.
    let capacity = 2;
    while (capacity < Math.max(options.capacity ?? 16, this.depth * 2)) capacity *= 2;
    this.capacity = capacity;
    this.maxPayload = options.maxPayloadBytes ?? 320;
    this.maxConceal = options.maxConcealFrames ?? 5;
    this.storage = new Uint8Array(this.capacity * this.maxPayload);
    this.seqs = new Int32Array(this.capacity).fill(EMPTY);
    this.timestamps = new Uint32Array(this.capacity);
    this.lengths = new Uint16Array(this.capacity);
  }

  stats(): JitterStats {
    return { ...this.counters, buffered: this.count };
  }

  /** Forgets every packet and the sequence position (a new source); counters keep counting. */
  reset(): void {
    this.seqs.fill(EMPTY);
    this.count = 0;
    this.playing = false;
    this.haveNext = false;
    this.lastPlayedSeq = -1;
    this.missStreak = 0;
    this.waitTicks = 0;
    this.suspectSeq = -1;
  }

  /**
   * Stores a packet (its payload is copied). An empty payload is fine: it holds a sequence
   * number that carries no audio (a DTMF event packet) and plays as silence, not as a loss.
   * Returns false when the packet was dropped (late, duplicate, oversize or out of range).
   */
  push(sequenceNumber: number, timestamp: number, payload: Uint8Array): boolean {
    this.counters.pushed += 1;
    if (payload.length > this.maxPayload) { this.counters.oversize += 1; return false; }
    if (!this.haveNext) {
      this.nextSeq = sequenceNumber;
      this.haveNext = true;
    }
    let d = seqDiff(sequenceNumber, this.nextSeq);
    if (!this.playing && d !== 0 && this.isNewer(sequenceNumber)) {
      // Not playing yet: the first packet of a talk spurt sets the start, and while
      // prefilling an earlier packet (reordered) moves the start back to it.
      if (this.count === 0 || (d < 0 && this.spanAhead() - d < this.capacity)) {
        this.nextSeq = sequenceNumber;
        d = 0;
      }
    }
    if (d <= -this.capacity || d >= this.capacity) {
      // A jump: either a stray packet or the sender's sequence restarted. Follow it only when
      // the next packet confirms it, as RFC 3550 A.1 does for its statistics.
      if (this.suspectSeq >= 0 && sequenceNumber === ((this.suspectSeq + 1) & 0xffff)) {
        this.counters.resyncs += 1;
        this.reset();
        this.nextSeq = sequenceNumber;
        this.haveNext = true;
        return this.storeChecked(sequenceNumber, timestamp, payload);
      }
      this.suspectSeq = sequenceNumber;
      this.counters.late += 1;
      return false;
    }
    this.suspectSeq = -1;
    if (d < 0) { this.counters.late += 1; return false; }
    return this.storeChecked(sequenceNumber, timestamp, payload);
  }

  /** The frame for this tick; the returned object is reused by the next call. */
  pop(): JitterFrame {
    const out = this.out;
    if (!this.playing) {
      if (this.count === 0) return this.idle();
      this.waitTicks += 1;
      // Start once `depth` packets wait, or after a while with fewer (a short burst).
      if (this.count < this.depth && this.waitTicks < this.depth * 2) return this.idle();
      this.playing = true;
    }
    const slot = this.nextSeq % this.capacity;
    if (this.seqs[slot] === this.nextSeq) {
      const start = slot * this.maxPayload;
      out.kind = 'frame';
      out.payload = this.storage.subarray(start, start + this.lengths[slot]!);
      out.sequenceNumber = this.nextSeq;
      out.timestamp = this.timestamps[slot]!;
      this.seqs[slot] = EMPTY;
      this.count -= 1;
      this.counters.played += 1;
      this.lastPlayedSeq = this.nextSeq;
      this.missStreak = 0;
    } else {
      this.missStreak += 1;
      if (this.count === 0 && this.missStreak > this.maxConceal) {
        // The sender paused (or vanished): stop concealing and wait at the last played
        // position, so a stream resuming where it stopped is not taken for late packets.
        this.playing = false;
        this.waitTicks = 0;
        if (this.lastPlayedSeq >= 0) this.nextSeq = (this.lastPlayedSeq + 1) & 0xffff;
        return this.idle();
      }
      this.counters.concealed += 1;
      out.kind = this.missStreak === 1 ? 'repeat' : 'silence';
      out.payload = this.storage.subarray(0, 0);
      out.sequenceNumber = this.nextSeq;
    }
    this.nextSeq = (this.nextSeq + 1) & 0xffff;
    return out;
  }

  private idle(): JitterFrame {
    this.out.kind = 'idle';
    this.out.payload = this.storage.subarray(0, 0);
    return this.out;
  }

  /** Whether `seq` comes after everything already played. */
  private isNewer(seq: number): boolean {
    return this.lastPlayedSeq < 0 || seqDiff(seq, this.lastPlayedSeq) > 0;
  }

  /** How far ahead of `nextSeq` the furthest buffered packet is. */
  private spanAhead(): number {
    let span = 0;
    for (let i = 0; i < this.capacity; i++) {
      const s = this.seqs[i]!;
      if (s !== EMPTY) span = Math.max(span, seqDiff(s, this.nextSeq));
    }
    return span;
  }

  private storeChecked(sequenceNumber: number, timestamp: number, payload: Uint8Array): boolean {
    if (this.seqs[sequenceNumber % this.capacity] === sequenceNumber) { this.counters.duplicate += 1; return false; }
    this.store(sequenceNumber, timestamp, payload);
    return true;
  }

  private store(sequenceNumber: number, timestamp: number, payload: Uint8Array): void {
    const slot = sequenceNumber % this.capacity;
    if (this.seqs[slot] === EMPTY) this.count += 1;
    this.seqs[slot] = sequenceNumber;
    this.timestamps[slot] = timestamp;
    this.lengths[slot] = payload.length;
    this.storage.set(payload, slot * this.maxPayload);
  }
}
