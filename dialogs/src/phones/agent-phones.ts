/**
 * `AgentPhones`: the registrar on the wire, and ringing a registered extension (分机). REGISTER
 * and OPTIONS addressed to one of the registrar's domains reach the pure `Registrar` through
 * the agent's real transports and transaction layer (so a retransmitted REGISTER is answered
 * from the transaction, never handled twice); a timer on the injected clock calls `expire` when
 * the next binding lapses; online/offline events go to a callback. `call(extensionId)` sends an
 * INVITE to the phone's latest binding — to where its REGISTER came from, which for a phone
 * behind NAT is its public mapping — through the same call code as trunk calls. A binding
 * registered through a proxy with a Path (RFC 3327; the browser softphone's Kamailio edge) is
 * called with that Path as its Route set, so the INVITE reaches the phone over the proxy's
 * flow (its WebSocket), and the proxy's Record-Route keeps BYE and re-INVITE on the same way.
 */
import type { SipAgent, DialOptions } from '../calls/agent.js';
import { CallSetupError, type CallTarget } from '../calls/call-setup.js';
import type { Call } from '../calls/outbound-call.js';
import type { Registrar } from '../registrar/registrar.js';
import type { RegisteredContact, RegistrarEvent, RegistrarResult, RegistrationSource } from '../registrar/types.js';
import type { SipRequest } from '../sip/message.js';
import type { MediaTimer } from '../media/clock.js';
import type { ServerTransaction } from '../sip/server-transaction.js';
import type { SipClock } from '../sip/timers.js';
import type { SipPeer } from '../sip/transport.js';
import { parseSipUri } from '../sip/uri.js';

/** How the phones service is wired. */
export interface AgentPhonesOptions {
  readonly agent: SipAgent;
  readonly registrar: Registrar;
  /**
   * The SIP domains the registrar serves (enterprises' extension domains): a REGISTER or OPTIONS
   * whose Request-URI host is one of them goes to the registrar; anything else stays with the
   * agent (which refuses REGISTER with 405 and answers OPTIONS itself).
   */
  readonly domains: Iterable<string> | ((host: string) => boolean);
  /** Time for bindings and the expiry timer (default: the agent's clock). */
  readonly clock?: SipClock;
  /** Agent-state changes (an extension's first binding came, or its last one went). */
  readonly onEvent?: (event: RegistrarEvent) => void;
  /** Every request the registrar answered, with where it came from (logs, metrics, tests). */
  readonly onRequest?: (request: SipRequest, result: RegistrarResult, from: SipPeer) => void;
}

/** Ringing an extension: the dial options plus who is calling. */
export interface PhoneCallOptions extends DialOptions {
  /** The From user the phone shows (a customer's number, or the task's name). */
  readonly callerId: string;
}

/** The extensions' registrar on a SipAgent, and calls to registered phones. */
export class AgentPhones {
  private readonly clock: SipClock;
  private readonly ours: (host: string) => boolean;
  private readonly detach: () => void;
  private timer: MediaTimer | null = null;
  private timerAtMs: number | null = null;
  private closed = false;

  private constructor(private readonly options: AgentPhonesOptions) {
    this.clock = options.clock ?? options.agent.ua.clock;
    const domains = options.domains;
    if (typeof domains === 'function') this.ours = domains;
    else {
      const set = new Set([...domains].map((d) => d.toLowerCase()));
      this.ours = (host) => set.has(host);
    }
    this.detach = options.agent.ua.onOutOfDialog((request, tx, from) => this.take(request, tx, from));
  }

  /** Starts answering REGISTER/OPTIONS for the registrar's domains on `agent`. */
  static attach(options: AgentPhonesOptions): AgentPhones {
    return new AgentPhones(options);
  }

  /** The extension's live bindings, most recent first. */
  contacts(extensionId: string): RegisteredContact[] {
    return this.options.registrar.lookupExtension(extensionId, this.clock.now());
  }

  /**
   * Rings the extension's most recent binding and returns the Call (follow `answered` / `ended`
   * as for trunk calls). Throws CallSetupError EXTENSION_OFFLINE (retryable) when it has none,
   * TRANSPORT_NOT_ENABLED when it registered over a transport this agent cannot send on.
   */
  call(extensionId: string, o: PhoneCallOptions): Promise<Call> {
    const [contact] = this.contacts(extensionId);
    if (contact === undefined) return Promise.reject(new CallSetupError('EXTENSION_OFFLINE', `extension ${extensionId} has no live registration`));
    const { latch, headers, ...rest } = o;
    // Symmetric RTP for a phone behind NAT: its SDP names a private address.
    return this.options.agent.dial(contactTarget(contact, o.callerId, o.ringTimeoutMs ?? 30_000), {
      ...rest, headers: [...contactRoutes(contact), ...(headers ?? [])], latch: latch ?? contact.natted,
    });
  }

  /** Stops taking requests and cancels the expiry timer (bindings stay in the registrar). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.clearTimer();
  }

  private take(request: SipRequest, tx: ServerTransaction, from: SipPeer): boolean {
    if (request.method !== 'REGISTER' && request.method !== 'OPTIONS') return false;
    const uri = parseSipUri(request.uri);
    if (!uri.ok || !this.ours(uri.value.host.toLowerCase())) return false;
    // OPTIONS to a phone's own address (user part set) is not a keep-alive for the registrar.
    if (request.method === 'OPTIONS' && uri.value.user !== null) return false;
    const result = this.options.registrar.handle(request, sourceOf(from), this.clock.now());
    tx.respond(result.response);
    this.options.onRequest?.(request, result, from);
    this.emit(result.events);
    this.schedule();
    return true;
  }

  private emit(events: readonly RegistrarEvent[]): void {
    for (const event of events) this.options.onEvent?.(event);
  }

  /** (Re)arms the one timer at the registrar's next lapse. */
  private schedule(): void {
    if (this.closed) return;
    const next = this.options.registrar.nextExpiryMs();
    if (next === this.timerAtMs) return;
    this.clearTimer();
    if (next === null) return;
    this.timerAtMs = next;
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      this.timerAtMs = null;
      this.emit(this.options.registrar.expire(this.clock.now()));
      this.schedule();
    }, Math.max(0, next - this.clock.now()));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.timerAtMs = null;
  }
}

function sourceOf(from: SipPeer): RegistrationSource {
  return { transport: from.transport, address: from.address, port: from.port, ...(from.connectionId !== undefined ? { connectionId: String(from.connectionId) } : {}) };
}

/**
 * The Route headers a request to `contact` carries: its Path, nearest proxy first (RFC 3327
 * §5.3; the first hop is the REGISTER's source, where `contactTarget` sends). None without a Path.
 */
export function contactRoutes(contact: Pick<RegisteredContact, 'path'>): [string, string][] {
  return contact.path.map((hop) => ['Route', hop]);
}

/** A registered contact as a call target: Request-URI the Contact, sent to the REGISTER's source. */
export function contactTarget(contact: RegisteredContact, callerId: string, ringTimeoutMs: number): CallTarget {
  const { source } = contact;
  if (source.transport !== 'udp' && source.transport !== 'tcp') {
    throw new CallSetupError('TRANSPORT_NOT_ENABLED', `extension ${contact.extensionId} registered over ${source.transport}, which the agent cannot call`);
  }
  const domain = contact.aor.slice(contact.aor.lastIndexOf('@') + 1);
  const user = callerId !== '' ? callerId : 'waihu';
  const connectionId = source.connectionId !== undefined ? Number(source.connectionId) : undefined;
  return {
    name: `extension ${contact.extensionId}`, requestUri: contact.contact, toUri: contact.aor, fromUri: `sip:${user}@${domain}`, contactUser: user,
    peer: { transport: source.transport, address: source.address, port: source.port, ...(connectionId !== undefined && Number.isFinite(connectionId) ? { connectionId } : {}) },
    account: null, ringTimeoutMs,
  };
}
