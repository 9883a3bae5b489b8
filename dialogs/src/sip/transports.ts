/**
 * The agent's transports behind one door: UDP always, TCP when asked, on one local address.
 * Malformed input is answered here, once, at the edge (ARCHITECTURE rule 4): a request that
 * parsed far enough to be routed gets 400 with the parser's reason phrase ("Missing Call-ID
 * Header"), anything else is dropped and counted. Good requests get `received`/`rport` stamped.
 */
import type { SipMessage, SipResponse } from './message.js';
import type { SipParseResult } from './parse.js';
import { createSipResponse } from './requests.js';
import { TcpTransport } from './tcp-transport.js';
import { responseDestination, stampReceived, type SipPeer, type SipTransportName, type SipTransportStats } from './transport.js';
import { UdpTransport } from './udp-transport.js';
import { SipUaError } from './ua-errors.js';
import { parseVias } from './via.js';
import { getTopVia } from './fields.js';

/** Where the agent listens. */
export interface SipTransportOptions {
  /** Local address to bind (tests: 127.0.0.1). */
  readonly address: string;
  /** Local port; 0 (default) picks a free one. TCP tries the same port as UDP. */
  readonly port?: number;
  /** Also listen on TCP and allow trunks with transport tcp (default false). */
  readonly tcp?: boolean;
}

/** Receives every well-formed message with its source. */
export type SipMessageHandler = (message: SipMessage, from: SipPeer) => void;

/** The UDP transport and, optionally, the TCP one. */
export class SipTransports {
  readonly stats: SipTransportStats = { received: 0, sent: 0, malformedAnswered: 0, malformedDropped: 0, sendErrors: 0 };
  private udp!: UdpTransport;
  private tcp: TcpTransport | undefined;
  private handler: SipMessageHandler = () => undefined;

  private constructor() {}

  /** Binds the sockets; BIND_FAILED when the address or port cannot be had. */
  static async open(options: SipTransportOptions): Promise<SipTransports> {
    const t = new SipTransports();
    const onData = (parsed: SipParseResult, from: SipPeer): void => t.inbound(parsed, from);
    t.udp = await UdpTransport.open(options.address, options.port ?? 0, onData, t.stats);
    if (options.tcp === true) {
      try {
        t.tcp = await TcpTransport.open(options.address, t.udp.port, onData, t.stats);
      } catch {
        t.tcp = await TcpTransport.open(options.address, 0, onData, t.stats).catch(async (error: unknown) => {
          await t.udp.close();
          throw error;
        });
      }
    }
    return t;
  }

  /** Sets where messages go (the transaction layer). */
  onMessage(handler: SipMessageHandler): void {
    this.handler = handler;
  }

  /** The bound address. */
  get address(): string {
    return this.udp.address;
  }

  /** The bound port of a transport (TCP may differ from UDP when its port was taken). */
  port(transport: SipTransportName = 'udp'): number {
    return transport === 'tcp' ? (this.tcp?.port ?? this.udp.port) : this.udp.port;
  }

  /** Whether the transport is available. */
  has(transport: SipTransportName): boolean {
    return transport === 'udp' || this.tcp !== undefined;
  }

  /** Sends a message; transport failures are reported once through `onError`. */
  send(message: SipMessage, to: SipPeer, onError?: (error: SipUaError) => void): void {
    if (to.transport === 'tcp') {
      if (this.tcp === undefined) onError?.(new SipUaError('TRANSPORT_ERROR', 'TCP is not enabled on this agent'));
      else this.tcp.send(message, to, onError);
      return;
    }
    this.udp.send(message, to, onError);
  }

  /** Sends a response where its request's top Via says (§18.2.2). */
  sendResponse(response: SipResponse, from: SipPeer, onError?: (error: SipUaError) => void): void {
    this.send(response, responseDestination(getTopVia(response), from), onError);
  }

  close(): Promise<void> {
    return Promise.all([this.udp.close(), this.tcp?.close()]).then(() => undefined);
  }

  private inbound(parsed: SipParseResult, from: SipPeer): void {
    if (parsed.ok) {
      if (parsed.message.kind === 'request') stampReceived(parsed.message, from);
      this.handler(parsed.message, from);
      return;
    }
    const partial = parsed.partial;
    const h = partial?.headers;
    // Enough to answer: a request (not ACK, which is never answered) with a routable Via and the
    // headers a response copies. Otherwise nobody could match our 400 to anything.
    if (partial?.kind === 'request' && partial.method !== 'ACK' && h !== undefined
      && parseVias(h.getAll('Via')).ok && h.has('Via') && h.has('From') && h.has('To') && h.has('Call-ID') && h.has('CSeq')) {
      stampReceived(partial, from);
      this.stats.malformedAnswered += 1;
      this.sendResponse(createSipResponse(partial, parsed.error.status, { reason: parsed.error.reason }), from);
      return;
    }
    this.stats.malformedDropped += 1;
  }
}
