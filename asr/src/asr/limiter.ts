/**
 * A concurrency cap per provider account (Baidu sells concurrency: 3304 "用户的请求并发超限").
 *
 * It fails fast instead of queueing: a stream that waits for a slot while the callee talks loses
 * the start of the utterance, and a fallback provider (or the local model) can take it at once.
 * ASR_BUSY is retryable, so the resilient wrapper falls back or retries with backoff inside the
 * call's deadline; the dialer, not this limiter, is what should keep lines within the account.
 */

/** Slots shared by every stream (or request) of one provider account. */
export class ConcurrencyLimiter {
  private used = 0;
  private peakUsed = 0;
  private refused = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** Takes a slot if one is free; returns a release function (idempotent), or null when full. */
  tryAcquire(): (() => void) | null {
    if (this.used >= this.capacity) {
      this.refused++;
      return null;
    }
    this.used++;
    if (this.used > this.peakUsed) this.peakUsed = this.used;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
    };
  }

  /** Slots in use, the most ever used at once, and how many acquisitions were refused. */
  stats(): { used: number; peak: number; refused: number } {
    return { used: this.used, peak: this.peakUsed, refused: this.refused };
  }
}
