/**
 * A fixed-size histogram of timing deviations: constant memory and no allocation per sample,
 * so the pacer can measure every tick of a long-running process.
 */

/** Mean, tail and worst case of the recorded deviations, in milliseconds. */
export interface DeviationSummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

const BIN_MS = 0.1;
const BINS = 2000; // 0–200 ms in 0.1 ms steps; anything beyond lands in the last bin

/** Records absolute deviations in 0.1 ms bins; percentiles are the bin's upper edge. */
export class DeviationHistogram {
  private readonly bins = new Uint32Array(BINS);
  private count = 0;
  private sum = 0;
  private max = 0;

  /** Records one deviation (its sign is ignored: early is as off-grid as late). */
  record(deviationMs: number): void {
    const d = deviationMs < 0 ? -deviationMs : deviationMs;
    const bin = Math.min(BINS - 1, Math.floor(d / BIN_MS));
    this.bins[bin]! += 1;
    this.count += 1;
    this.sum += d;
    if (d > this.max) this.max = d;
  }

  reset(): void {
    this.bins.fill(0);
    this.count = 0;
    this.sum = 0;
    this.max = 0;
  }

  summary(): DeviationSummary {
    return {
      count: this.count,
      meanMs: this.count === 0 ? 0 : this.sum / this.count,
      p50Ms: this.percentile(0.5),
      p99Ms: this.percentile(0.99),
      p999Ms: this.percentile(0.999),
      maxMs: this.max,
    };
  }

  private percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < BINS; i++) {
      seen += this.bins[i]!;
      if (seen >= rank) return Math.min(this.max, (i + 1) * BIN_MS);
    }
    return this.max;
  }
}
