/**
 * Hands out even RTP ports from a configured range (RFC 3550 §11: RTP on an even port, RTCP
 * on the next odd one, which we keep free). Ports are handed out round-robin, so a port just
 * released is the last to be reused and late packets of an ended call do not reach a new one.
 */
import { MediaError } from './errors.js';
import { trackResource } from './resources.js';

/** An inclusive port range; `min` is rounded up and `max` down to even ports. */
export interface PortRange {
  min: number;
  max: number;
}

/** The default range: the one SIP peers here are configured for. */
export const DEFAULT_RTP_PORTS: PortRange = { min: 20000, max: 29998 };

/** Allocates even ports; one allocator per process (or per bind address). */
export class PortAllocator {
  readonly min: number;
  readonly max: number;
  private readonly inUse = new Set<number>();
  private next: number;

  constructor(range: PortRange = DEFAULT_RTP_PORTS) {
    const min = range.min + (range.min & 1);
    const max = range.max - (range.max & 1);
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1024 || max > 65534 || min > max) {
      throw new MediaError('PORT_RANGE_INVALID', `RTP port range ${range.min}-${range.max} must hold an even port between 1024 and 65534`);
    }
    this.min = min;
    this.max = max;
    this.next = min;
  }

  /** How many ports the range holds. */
  get size(): number {
    return (this.max - this.min) / 2 + 1;
  }

  /** How many are handed out. */
  get allocated(): number {
    return this.inUse.size;
  }

  /** The next free even port; `PORT_RANGE_EXHAUSTED` (retryable) when every port is in use. */
  allocate(): number {
    for (let tried = 0; tried < this.size; tried++) {
      const port = this.next;
      this.next = port + 2 > this.max ? this.min : port + 2;
      if (!this.inUse.has(port)) {
        this.inUse.add(port);
        trackResource('ports', 1);
        return port;
      }
    }
    throw new MediaError('PORT_RANGE_EXHAUSTED', `all ${this.size} RTP ports in ${this.min}-${this.max} are in use`);
  }

  /** Returns a port; releasing one that is not allocated does nothing. */
  release(port: number): void {
    if (this.inUse.delete(port)) trackResource('ports', -1);
  }
}
