/**
 * Calls-per-second cap: a token bucket on the injected clock. One per task per scheduler; it
 * refills at `perSecond` and holds at most `perSecond` (one second's burst).
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(private perSecond: number, nowMs: number) {
    this.tokens = perSecond;
    this.at = nowMs;
  }

  /** Follows a changed cap without losing the time already accrued. */
  setRate(perSecond: number): void {
    this.perSecond = perSecond;
    this.tokens = Math.min(this.tokens, perSecond);
  }

  private refill(nowMs: number): void {
    if (nowMs > this.at) {
      this.tokens = Math.min(this.perSecond, this.tokens + ((nowMs - this.at) * this.perSecond) / 1000);
      this.at = nowMs;
    }
  }

  /** Whole tokens available now. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.tokens);
  }

  take(n: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= n;
  }

  /** Gives back tokens of dials that did not happen. */
  refund(n: number): void {
    this.tokens = Math.min(this.perSecond, this.tokens + n);
  }

  /** When the next whole token is there. */
  nextAt(nowMs: number): number {
    this.refill(nowMs);
    if (this.tokens >= 1) return nowMs;
    return nowMs + Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }
}
