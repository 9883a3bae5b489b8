/**
 * 外显号码: which caller number a dial shows. A pool of approved numbers, filtered by the
 * trunk's 外显前缀, chosen by a rule: one fixed number, round robin, random, or the number used
 * least today (spreads calls so that no number gets flagged by carriers for volume). Optional
 * per-number caps on calls at once and per day. Pure state: the dialer keeps one pool per task
 * and feeds it the day (Beijing date) and a random source.
 */

export type CallerIdRule = 'fixed' | 'round-robin' | 'random' | 'least-used';

export interface CallerIdPoolOptions {
  readonly numbers: readonly string[];
  readonly rule: CallerIdRule;
  /** Most calls at once showing one number (0: no cap). */
  readonly maxConcurrentPerNumber?: number;
  /** Most calls per day showing one number (0: no cap). */
  readonly maxDailyPerNumber?: number;
}

interface Usage {
  active: number;
  today: number;
}

/** A pool of caller numbers for one task. */
export class CallerIdPool {
  private readonly usage = new Map<string, Usage>();
  private next = 0;
  private day = '';

  constructor(private readonly opts: CallerIdPoolOptions) {
    for (const n of opts.numbers) this.usage.set(n, { active: 0, today: 0 });
  }

  /**
   * A number for the next dial on `day` (any string that changes at midnight, e.g. `2026-11-21`),
   * or null when every number is at a cap (the dialer waits). `random()` is in [0, 1).
   * Call {@link release} when the call ends.
   */
  take(day: string, random: () => number, allowed: (n: string) => boolean = () => true): string | null {
    if (day !== this.day) {
      this.day = day;
      for (const u of this.usage.values()) u.today = 0;
    }
    const { maxConcurrentPerNumber: maxActive = 0, maxDailyPerNumber: maxDaily = 0 } = this.opts;
    const free = (n: string): boolean => {
      const u = this.usage.get(n)!;
      return allowed(n) && (maxActive === 0 || u.active < maxActive) && (maxDaily === 0 || u.today < maxDaily);
    };
    const numbers = this.opts.numbers;
    let chosen: string | undefined;
    switch (this.opts.rule) {
      case 'fixed':
        chosen = numbers.find(free);
        break;
      case 'round-robin':
        for (let i = 0; i < numbers.length && chosen === undefined; i++) {
          const n = numbers[(this.next + i) % numbers.length]!;
          if (free(n)) { chosen = n; this.next = (this.next + i + 1) % numbers.length; }
        }
        break;
      case 'random': {
        const candidates = numbers.filter(free);
        chosen = candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))];
        break;
      }
      case 'least-used':
        for (const n of numbers) {
          if (free(n) && (chosen === undefined || this.usage.get(n)!.today < this.usage.get(chosen)!.today)) chosen = n;
        }
        break;
    }
    if (chosen === undefined) return null;
    const u = this.usage.get(chosen)!;
    u.active++;
    u.today++;
    return chosen;
  }

  /** The call that showed `number` has ended. */
  release(number: string): void {
    const u = this.usage.get(number);
    if (u && u.active > 0) u.active--;
  }

  /** Calls at once and today, per number: for the console's wallboard. */
  stats(): ReadonlyMap<string, Readonly<Usage>> {
    return this.usage;
  }
}
