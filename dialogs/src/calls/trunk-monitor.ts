/**
 * OPTIONS keep-alive to a peer trunk: a probe every interval; any response means the trunk is
 * there (even 404/405: something answered), N timeouts or transport errors in a row mark it
 * down, and the next answer marks it up again. The dialer skips trunks that are down.
 */
import { newSipRequest } from '../sip/message.js';
import { sendSipRequest } from '../sip/send-request.js';
import { TimerSet } from '../sip/timers.js';
import { formatSipHost } from '../sip/uri.js';
import type { SipUserAgent } from '../sip/user-agent.js';
import type { TrunkConfig } from '../trunk/config.js';
import { trunkPeer } from './call-setup.js';

export type TrunkHealth = 'unknown' | 'up' | 'down';

export interface TrunkMonitorOptions {
  /** Time between probes (default 30 s). */
  readonly intervalMs?: number;
  /** Failed probes in a row that mark the trunk down (default 3). */
  readonly failuresToDown?: number;
  readonly onChange?: (health: TrunkHealth, detail: string) => void;
}

/** One trunk's keep-alive; `SipAgent.monitor` creates and starts it. */
export class TrunkMonitor {
  private healthNow: TrunkHealth = 'unknown';
  private readonly timers: TimerSet;
  private failuresInRow = 0;
  private stopped = false;
  /** Probes sent and failed so far. */
  probes = 0;
  failures = 0;

  constructor(private readonly ua: SipUserAgent, private readonly trunk: TrunkConfig, private readonly options: TrunkMonitorOptions, private readonly released: () => void) {
    this.timers = new TimerSet(ua.clock);
  }

  get health(): TrunkHealth {
    return this.healthNow;
  }

  /** @internal Sends the first probe. */
  start(): void {
    void this.probe();
  }

  /** Stops probing (a probe in flight finishes unseen). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.clearAll();
    this.released();
  }

  private async probe(): Promise<void> {
    if (this.stopped) return;
    this.probes += 1;
    const host = formatSipHost(this.trunk.host.replace(/^\[|\]$/g, ''));
    const request = newSipRequest('OPTIONS', `sip:${host}:${this.trunk.port}`, [
      ['Max-Forwards', '70'], ['From', `<sip:waihu@${this.ua.hostPort(this.trunk.transport)}>;tag=${this.ua.ids.tag()}`], ['To', `<sip:${host}>`],
      ['Call-ID', this.ua.ids.callId()], ['CSeq', '1 OPTIONS'], ['Accept', 'application/sdp'], ['Content-Length', '0'],
    ]);
    let seq = 1;
    const outcome = await sendSipRequest(this.ua, request, trunkPeer(this.trunk), null, () => ++seq);
    if (this.stopped) return;
    if (outcome.ok) {
      this.failuresInRow = 0;
      this.set('up', `${outcome.response.status} ${outcome.response.reason}`);
    } else {
      this.failures += 1;
      this.failuresInRow += 1;
      if (this.failuresInRow >= (this.options.failuresToDown ?? 3)) this.set('down', outcome.error.message);
    }
    this.timers.start('probe', this.options.intervalMs ?? 30_000, () => void this.probe());
  }

  private set(health: TrunkHealth, detail: string): void {
    if (health === this.healthNow) return;
    this.healthNow = health;
    this.options.onChange?.(health, detail);
  }
}
