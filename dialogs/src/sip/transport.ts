/**
 * The transport layer's contract (RFC 3261 §18): where a message came from, where one goes, and
 * how a response finds its way back (§18.2.2 with RFC 3581 `received`/`rport`). The UDP and TCP
 * transports implement `SipTransport`; `SipTransports` puts them behind one inbound callback.
 */
import { getVias } from './fields.js';
import type { SipMessage, SipRequest } from './message.js';
import type { SipParseResult } from './parse.js';
import type { SipUaError } from './ua-errors.js';
import { formatVia, type SipVia } from './via.js';

export type SipTransportName = 'udp' | 'tcp';

/** A remote address as the transport sees it; `connectionId` pins a TCP connection. */
export interface SipPeer {
  readonly transport: SipTransportName;
  readonly address: string;
  readonly port: number;
  readonly connectionId?: number;
}

/** Figures a transport keeps; malformed input is never silent. */
export interface SipTransportStats {
  received: number;
  sent: number;
  /** Malformed requests we could still answer (400 with the parser's reason). */
  malformedAnswered: number;
  /** Malformed input we had to drop (responses, or too broken to answer). */
  malformedDropped: number;
  sendErrors: number;
}

/** Called with each item a transport frames: the parse result and its source. */
export type SipInboundHandler = (parsed: SipParseResult, from: SipPeer) => void;

/** One transport (UDP socket, or TCP listener with its connections). */
export interface SipTransport {
  readonly name: SipTransportName;
  /** The bound address and port (the port resolved when 0 was asked). */
  readonly address: string;
  readonly port: number;
  /** Sends; a failure (unreachable, refused) is reported once through `onError`. */
  send(message: SipMessage, to: SipPeer, onError?: (error: SipUaError) => void): void;
  close(): Promise<void>;
}

/**
 * Stamps the top Via of a received request with `received` (when the source differs from
 * sent-by) and the `rport` value (when asked for), RFC 3261 §18.2.1 and RFC 3581 §4.
 */
export function stampReceived(request: SipRequest, from: SipPeer): void {
  const vias = getVias(request);
  const top = vias[0];
  if (top === undefined) return;
  const needsReceived = top.host !== from.address || top.rport === true;
  if (!needsReceived && top.rport !== true) return;
  const stamped: SipVia = { ...top, received: from.address, rport: top.rport === true ? from.port : top.rport };
  request.headers.delete('Via');
  request.headers.append('Via', formatVia(stamped));
  for (const via of vias.slice(1)) request.headers.append('Via', formatVia(via));
}

/**
 * Where a response to a request goes (§18.2.2): back on the connection for TCP; for UDP to
 * `received` (the source address) at the `rport` value or the sent-by port.
 */
export function responseDestination(topVia: SipVia, from: SipPeer): SipPeer {
  if (from.transport === 'tcp') return from;
  const address = topVia.received ?? topVia.host;
  const port = typeof topVia.rport === 'number' ? topVia.rport : (topVia.port ?? 5060);
  return { transport: 'udp', address, port };
}
