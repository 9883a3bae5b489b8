/**
 * RFC 3550 receiver statistics for one incoming stream: sequence tracking with the extended
 * highest sequence number (A.1), expected and lost packets, the fraction lost per reporting
 * interval (A.3) and interarrival jitter (A.8); plus counters for what the session refused.
 */

const SEQ_MOD = 0x10000;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

/** A receiver's figures at one moment. */
export interface ReceiverStatsSnapshot {
  /** The current source, or null before the first packet. */
  ssrc: number | null;
  /** Packets counted for the current source (duplicates included, as RFC 3550 counts). */
  received: number;
  /** Cycles × 65536 + highest sequence number seen. */
  extendedHighestSeq: number;
  expected: number;
  /** expected − received for the current source; negative when duplicates outnumber losses. */
  cumulativeLost: number;
  /** Lost ÷ expected since the last `takeFractionLost()` (0–1), as the last report computed it. */
  fractionLost: number;
  /** Interarrival jitter in timestamp units (RFC 3550 J) and in milliseconds. */
  jitterTimestampUnits: number;
  jitterMs: number;
  /** Packets from sources other than the remote, dropped. */
  droppedUnexpectedSource: number;
  ssrcChanges: number;
  /** Packets with a payload type that was not negotiated, dropped. */
  unexpectedPayloadType: number;
  /** Datagrams that were not RTP. */
  malformed: number;
  /** Packets across every source of the call. */
  receivedTotal: number;
}

/** Tracks one receive stream; `restart` on a new SSRC keeps the refusal counters. */
export class ReceiverStats {
  private ssrc: number | null = null;
  private baseSeq = 0;
  private maxSeq = -1;
  private cycles = 0;
  private badSeq = SEQ_MOD + 1;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private lastFraction = 0;
  private jitter = 0;
  private lastArrivalUnits = 0;
  private lastTimestamp = -1;
  private receivedTotal = 0;
  droppedUnexpectedSource = 0;
  ssrcChanges = 0;
  unexpectedPayloadType = 0;
  malformed = 0;

  /** @param clockRate the payload's RTP clock (8000 for G.711) */
  constructor(private readonly clockRate = 8000) {}

  /** The source being tracked, or null before the first packet. */
  get source(): number | null {
    return this.ssrc;
  }

  /**
   * Starts tracking a new source; `ssrcChanges` counts when one was tracked before.
   * The loss and jitter figures restart with it.
   */
  restart(ssrc: number): void {
    if (this.ssrc !== null) this.ssrcChanges += 1;
    this.ssrc = ssrc;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
    this.lastFraction = 0;
    this.jitter = 0;
    this.lastTimestamp = -1;
    this.badSeq = SEQ_MOD + 1;
    this.initSeq(-1);
  }

  /**
   * Counts one accepted packet. `arrivalMs` is the monotonic receive time; `timed` is false
   * for packets whose timestamp is not media time (DTMF events keep their start timestamp),
   * which must not feed the jitter estimate. Returns false when the packet is a sequence jump
   * not yet confirmed (RFC 3550 A.1): the caller may still use it, but it is not counted.
   */
  update(seq: number, timestamp: number, arrivalMs: number, timed = true): boolean {
    this.receivedTotal += 1;
    if (this.received === 0 && this.maxSeq === -1) this.initSeq(seq);
    else {
      const udelta = (seq - this.maxSeq + SEQ_MOD) % SEQ_MOD;
      if (udelta < MAX_DROPOUT) {
        if (seq < this.maxSeq) this.cycles += SEQ_MOD;
        this.maxSeq = seq;
      } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
        // A big jump: the sender restarted its sequence, or a stray packet. Two in a row confirm.
        if (seq !== this.badSeq) { this.badSeq = (seq + 1) % SEQ_MOD; return false; }
        this.initSeq(seq);
        this.expectedPrior = 0;
        this.receivedPrior = 0;
      }
    }
    this.received += 1;
    if (timed) this.updateJitter(timestamp >>> 0, arrivalMs);
    return true;
  }

  /** The fraction lost since the previous call (RTCP RR semantics), 0–1; also kept for snapshots. */
  takeFractionLost(): number {
    const expected = this.expected();
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    this.lastFraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval) / 256;
    return this.lastFraction;
  }

  snapshot(): ReceiverStatsSnapshot {
    const expected = this.expected();
    return {
      ssrc: this.ssrc,
      received: this.received,
      extendedHighestSeq: this.received === 0 ? 0 : this.cycles + this.maxSeq,
      expected,
      cumulativeLost: expected - this.received,
      fractionLost: this.lastFraction,
      jitterTimestampUnits: this.jitter,
      jitterMs: (this.jitter * 1000) / this.clockRate,
      droppedUnexpectedSource: this.droppedUnexpectedSource,
      ssrcChanges: this.ssrcChanges,
      unexpectedPayloadType: this.unexpectedPayloadType,
      malformed: this.malformed,
      receivedTotal: this.receivedTotal,
    };
  }

  private expected(): number {
    return this.received === 0 ? 0 : this.cycles + this.maxSeq - this.baseSeq + 1;
  }

  private initSeq(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.cycles = 0;
    this.badSeq = SEQ_MOD + 1;
    this.received = 0;
  }

  private updateJitter(timestamp: number, arrivalMs: number): void {
    const arrivalUnits = (arrivalMs * this.clockRate) / 1000;
    if (this.lastTimestamp >= 0) {
      // D(i-1, i) = (Rj - Ri) - (Sj - Si), with the timestamp difference taken as signed
      // 32-bit so a wrap of the RTP timestamp is not a four-billion-unit jump.
      const d = arrivalUnits - this.lastArrivalUnits - ((timestamp - this.lastTimestamp) | 0);
      this.jitter += (Math.abs(d) - this.jitter) / 16;
    }
    this.lastArrivalUnits = arrivalUnits;
    this.lastTimestamp = timestamp;
  }
}
