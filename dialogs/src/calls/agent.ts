/**
 * `SipAgent`: what the call runtime and the dialer use to telephone. One per process and local
 * address: it places calls through trunks (each call with its own RtpSession from the port
 * allocator), keeps registering trunks registered, watches peer trunks with OPTIONS, hands
 * incoming INVITEs to a callback, and on close ends every call and unregisters.
 */
import type { AudioChunk } from '../media/media-leg.js';
import type { Pacer } from '../media/pacer.js';
import type { PortAllocator } from '../media/port-allocator.js';
import { RtpSession } from '../media/rtp-session.js';
import type { SdpCodecName } from '../sip/sdp-negotiate.js';
import type { TrunkConfig } from '../trunk/config.js';
import { SipUserAgent, type IncomingInvite, type SipUserAgentOptions } from '../sip/user-agent.js';
import { CallMedia } from './call-media.js';
import { buildInvite, CallSetupError, trunkTarget, type CallTarget } from './call-setup.js';
import { Call } from './outbound-call.js';
import { TrunkRegistration, type RegistrationOptions } from './registration.js';
import { TrunkMonitor, type TrunkMonitorOptions } from './trunk-monitor.js';

/** Where the agent runs and where its media ports come from. */
export interface SipAgentOptions extends SipUserAgentOptions {
  /** RTP ports for calls. */
  readonly ports: PortAllocator;
  /** Address RTP binds to and SDP announces (default: the SIP address). */
  readonly mediaAddress?: string;
  readonly pacer?: Pacer;
  /** No RTP from the callee this long during a call: hang up with `media-timeout` (default 30 s; 0 = never). */
  readonly mediaTimeoutMs?: number;
}

/** How one call is placed, whatever it goes to (a trunk or a registered phone). */
export interface DialOptions {
  /** Default: the target's ring timeout. */
  readonly ringTimeoutMs?: number;
  /** Extra INVITE headers (e.g. P-Asserted-Identity, X-Task). */
  readonly headers?: Iterable<readonly [string, string]>;
  /** Codecs to offer, preferred first (default PCMA, PCMU). */
  readonly codecs?: readonly SdpCodecName[];
  /** Early audio (183 with SDP) until the answer: for 空号/关机 announcement classification. */
  readonly onEarlyMedia?: (chunk: AudioChunk) => void;
  /** Record the call as stereo WAV here. */
  readonly recordPath?: string;
  /** Symmetric RTP: send media where the callee's packets come from (phones behind NAT). */
  readonly latch?: boolean;
}

/** One call to place through a trunk. */
export interface PlaceCallOptions extends Omit<DialOptions, 'latch'> {
  readonly trunk: TrunkConfig;
  /** The lead's number as stored (the trunk's dial plan is applied here). */
  readonly number: string;
  /** 外显号码 (From user); must pass the trunk's 外显前缀. */
  readonly callerId: string;
}

/** The UA the rest of Waihu uses; create with `SipAgent.start`. */
export class SipAgent {
  private readonly calls = new Set<Call>();
  private readonly registrations = new Set<TrunkRegistration>();
  private readonly monitors = new Set<TrunkMonitor>();
  private closing: Promise<void> | undefined;

  private constructor(readonly ua: SipUserAgent, private readonly options: SipAgentOptions) {}

  /** Binds the SIP transports. */
  static async start(options: SipAgentOptions): Promise<SipAgent> {
    return new SipAgent(await SipUserAgent.start(options), options);
  }

  /** Calls in progress (dialing, ringing or talking). */
  get activeCalls(): number {
    return this.calls.size;
  }

  /**
   * Places a call: opens its RTP session, sends the INVITE and returns at once; follow it with
   * `call.answered` / `call.ended`. Throws CallSetupError when the dial plan refuses (nothing
   * sent) and MediaError when no RTP port can be had.
   */
  async placeCall(o: PlaceCallOptions): Promise<Call> {
    if (this.closing) throw new CallSetupError('AGENT_CLOSED', 'the SIP agent is closing');
    return this.dial(trunkTarget(o.trunk, o.number, o.callerId), o);
  }

  /**
   * Places a call to any target (a trunk's, or a registered phone's from `AgentPhones`): the
   * same INVITE, digest, CANCEL/BYE and media handling as `placeCall`.
   */
  async dial(target: CallTarget, o: DialOptions = {}): Promise<Call> {
    if (this.closing) throw new CallSetupError('AGENT_CLOSED', 'the SIP agent is closing');
    if (!this.ua.transports.has(target.peer.transport)) throw new CallSetupError('TRANSPORT_NOT_ENABLED', `${target.name} uses ${target.peer.transport}, which this agent does not listen on`);
    const rtp = await RtpSession.open({
      ports: this.options.ports, bindAddress: this.options.mediaAddress ?? this.ua.address, inactivityMs: this.options.mediaTimeoutMs ?? 30_000,
      ...(this.options.pacer ? { pacer: this.options.pacer } : {}), ...(o.recordPath !== undefined ? { recordPath: o.recordPath } : {}),
      ...(o.latch === true ? { latch: true } : {}),
    });
    const sessionId = String(Buffer.from(this.ua.ids.bytes(4)).readUInt32BE(0));
    const media = new CallMedia(rtp, sessionId, o.codecs ?? ['PCMA', 'PCMU']);
    const invite = buildInvite(this.ua, target, media.offerText(), o.headers);
    const call = new Call(this.ua, media, {
      invite, peer: target.peer, account: target.account, ringTimeoutMs: o.ringTimeoutMs ?? target.ringTimeoutMs,
      ...(o.onEarlyMedia ? { onEarlyMedia: o.onEarlyMedia } : {}), released: (c) => this.calls.delete(c),
    });
    this.calls.add(call);
    call.start();
    return call;
  }

  /** Registers with a `register`-mode trunk and keeps the registration fresh until `stop()` or close. */
  register(trunk: TrunkConfig, options: RegistrationOptions = {}): TrunkRegistration {
    const registration = new TrunkRegistration(this.ua, trunk, options, () => this.registrations.delete(registration));
    this.registrations.add(registration);
    registration.start();
    return registration;
  }

  /** Probes a peer trunk with OPTIONS; it is marked down after N failures in a row. */
  monitor(trunk: TrunkConfig, options: TrunkMonitorOptions = {}): TrunkMonitor {
    const monitor = new TrunkMonitor(this.ua, trunk, options, () => this.monitors.delete(monitor));
    this.monitors.add(monitor);
    monitor.start();
    return monitor;
  }

  /** Takes INVITEs from outside (agents' phones later); without a handler they get 480. */
  onInvite(handler: ((invite: IncomingInvite) => void) | undefined): void {
    this.ua.onInvite(handler);
  }

  /** Ends every call (BYE/CANCEL), unregisters, stops monitors, closes the sockets. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const m of [...this.monitors]) m.stop();
      await Promise.all([...[...this.calls].map((c) => c.shutdown()), ...[...this.registrations].map((r) => r.stop())]);
      await this.ua.close();
    })();
    return this.closing;
  }
}
