/**
 * 并发外线数: a trunk's concurrent-call budget. Campaign dials may use only the trunk's
 * campaign lines (群呼并发外线数); agents' own calls may use every line. A taken line is a
 * handle whose release is idempotent, so a call torn down twice (both sides hang up at once)
 * never frees a line it did not hold.
 */
import type { TrunkConfig } from './config.js';

export type LineUse = 'campaign' | 'agent';

export interface LineHandle {
  readonly use: LineUse;
  release(): void;
}

export class TrunkLines {
  private inUse = 0;
  private campaignInUse = 0;

  constructor(private readonly trunk: Pick<TrunkConfig, 'lines' | 'campaignLines'>) {}

  /** A line, or null when none is free for this use. */
  take(use: LineUse): LineHandle | null {
    if (this.inUse >= this.trunk.lines) return null;
    if (use === 'campaign' && this.campaignInUse >= this.trunk.campaignLines) return null;
    this.inUse++;
    if (use === 'campaign') this.campaignInUse++;
    let released = false;
    return {
      use,
      release: () => {
        if (released) return;
        released = true;
        this.inUse--;
        if (use === 'campaign') this.campaignInUse--;
      },
    };
  }

  get busy(): number {
    return this.inUse;
  }

  /** Lines a campaign could take now. */
  get freeForCampaign(): number {
    return Math.max(0, Math.min(this.trunk.lines - this.inUse, this.trunk.campaignLines - this.campaignInUse));
  }
}
