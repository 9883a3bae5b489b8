/**
 * Registering with a `register`-mode trunk (RFC 3261 §10): REGISTER with the trunk's account
 * (digest), refreshed before it expires, retried with exponential backoff when it fails, and
 * removed (Expires: 0) on stop. Time comes from the agent's clock.
 */
import { getContacts } from '../sip/fields.js';
import { parseExpires } from '../sip/headers.js';
import { newSipRequest } from '../sip/message.js';
import { sendSipRequest, type SipRequestOutcome } from '../sip/send-request.js';
import { TimerSet } from '../sip/timers.js';
import { formatSipHost } from '../sip/uri.js';
import type { SipUserAgent } from '../sip/user-agent.js';
import type { TrunkConfig } from '../trunk/config.js';
import { trunkPeer } from './call-setup.js';

export type RegistrationState = 'registering' | 'registered' | 'failed' | 'stopped';

/** A change of registration state, with the status or error behind it. */
export interface RegistrationEvent {
  readonly state: RegistrationState;
  /** The final status of the last REGISTER, or null (timeout, transport error). */
  readonly status: number | null;
  /** Granted seconds when registered. */
  readonly expiresS: number | null;
  readonly detail: string;
}

export interface RegistrationOptions {
  /** Requested expiry (default: the trunk's registerExpiresS). */
  readonly expiresS?: number;
  /** First retry delay after a failure (default 2 s), doubling up to `retryMaxMs` (default 5 min). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly onChange?: (event: RegistrationEvent) => void;
}

/** One trunk's registration; `SipAgent.register` creates and starts it. */
export class TrunkRegistration {
  private stateNow: RegistrationState = 'registering';
  private readonly timers: TimerSet;
  private readonly callId: string;
  private readonly fromTag: string;
  private seq = 0;
  private failures = 0;
  private expiresS: number;
  private stopping: Promise<void> | undefined;

  constructor(private readonly ua: SipUserAgent, private readonly trunk: TrunkConfig, private readonly options: RegistrationOptions, private readonly released: () => void) {
    this.timers = new TimerSet(ua.clock);
    this.callId = ua.ids.callId();
    this.fromTag = ua.ids.tag();
    this.expiresS = options.expiresS ?? trunk.registerExpiresS;
  }

  get state(): RegistrationState {
    return this.stateNow;
  }

  /** @internal Sends the first REGISTER. */
  start(): void {
    void this.register();
  }

  /** Unregisters (if registered) and stops refreshing; resolves when the trunk answered or gave up. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const wasRegistered = this.stateNow === 'registered';
      this.stateNow = 'stopped';
      this.timers.clearAll();
      if (wasRegistered) await this.send(0);
      this.emit({ state: 'stopped', status: null, expiresS: null, detail: 'stopped' });
      this.released();
    })();
    return this.stopping;
  }

  private async register(): Promise<void> {
    if (this.stateNow === 'stopped') return;
    const outcome = await this.send(this.expiresS);
    if ((this.stateNow as RegistrationState) === 'stopped') return;
    if (outcome.ok && outcome.response.status >= 200 && outcome.response.status < 300) {
      const granted = this.granted(outcome) ?? this.expiresS;
      this.failures = 0;
      this.stateNow = 'registered';
      // Refresh before expiry: half-way for short grants, 30 s early for long ones.
      const refreshMs = Math.max(1000, granted * 1000 - Math.min(granted * 500, 30_000));
      this.timers.start('refresh', refreshMs, () => void this.register());
      this.emit({ state: 'registered', status: outcome.response.status, expiresS: granted, detail: 'registered' });
      return;
    }
    if (outcome.ok && outcome.response.status === 423) {
      // Interval Too Brief: ask again with the trunk's minimum.
      const min = parseExpires(outcome.response.headers.get('Min-Expires') ?? '', 'Min-Expires');
      if (min.ok && min.value > this.expiresS) { this.expiresS = min.value; void this.register(); return; }
    }
    this.failures += 1;
    this.stateNow = 'failed';
    const base = this.options.retryBaseMs ?? 2000;
    const delay = Math.min(base * 2 ** (this.failures - 1), this.options.retryMaxMs ?? 300_000);
    this.timers.start('retry', delay, () => { this.stateNow = 'registering'; void this.register(); });
    this.emit({
      state: 'failed', status: outcome.ok ? outcome.response.status : null, expiresS: null,
      detail: outcome.ok ? `${outcome.response.status} ${outcome.response.reason}` : outcome.error.message,
    });
  }

  private send(expiresS: number): Promise<SipRequestOutcome> {
    const host = formatSipHost(this.trunk.host.replace(/^\[|\]$/g, ''));
    const aor = `<sip:${this.trunk.username ?? ''}@${host}>`;
    const request = newSipRequest('REGISTER', `sip:${host}:${this.trunk.port}`, [
      ['Max-Forwards', '70'], ['From', `${aor};tag=${this.fromTag}`], ['To', aor], ['Call-ID', this.callId],
      ['CSeq', `${++this.seq} REGISTER`], ['Contact', this.ua.contact(this.trunk.username, this.trunk.transport)],
      ['Expires', String(expiresS)], ['Content-Length', '0'],
    ]);
    const account = this.trunk.username !== null && this.trunk.password !== null ? { username: this.trunk.username, password: this.trunk.password } : null;
    return sendSipRequest(this.ua, request, trunkPeer(this.trunk), account, () => ++this.seq);
  }

  /** The expiry the registrar granted our Contact (its expires param, else Expires). */
  private granted(outcome: Extract<SipRequestOutcome, { ok: true }>): number | null {
    const ours = this.ua.hostPort(this.trunk.transport);
    const contacts = getContacts(outcome.response);
    if (contacts !== '*') {
      for (const c of contacts) {
        const e = c.params.get('expires');
        if (`${c.uri.host}:${c.uri.port ?? 5060}` === ours && e != null && /^\d+$/.test(e)) return Number(e);
      }
    }
    const header = outcome.response.headers.get('Expires');
    const parsed = header === undefined ? null : parseExpires(header);
    return parsed?.ok === true ? parsed.value : null;
  }

  private emit(event: RegistrationEvent): void {
    this.options.onChange?.(event);
  }
}
