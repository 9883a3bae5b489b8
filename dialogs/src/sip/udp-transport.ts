/**
 * SIP over UDP (RFC 3261 §18): one datagram socket per agent, every datagram one message.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { SipMessage } from './message.js';
import { parseSipMessage } from './parse.js';
import { serializeSipMessage } from './serialize.js';
import type { SipInboundHandler, SipPeer, SipTransport, SipTransportStats } from './transport.js';
import { SipUaError, transportError } from './ua-errors.js';

/** A bound UDP transport; create with `UdpTransport.open`. */
export class UdpTransport implements SipTransport {
  readonly name = 'udp' as const;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly address: string,
    readonly port: number,
    private readonly stats: SipTransportStats,
  ) {}

  /** Binds `address:port` (0 = ephemeral) and delivers every datagram, parsed, to `onData`. */
  static async open(address: string, port: number, onData: SipInboundHandler, stats: SipTransportStats): Promise<UdpTransport> {
    const socket = createSocket({ type: address.includes(':') ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, address, () => { socket.off('error', reject); resolve(); });
    }).catch((error: unknown) => {
      socket.close();
      throw new SipUaError('BIND_FAILED', `cannot bind SIP UDP ${address}:${port}`, null, { cause: error });
    });
    const bound = socket.address();
    socket.on('message', (data: Buffer, rinfo: RemoteInfo) => {
      stats.received += 1;
      onData(parseSipMessage(data), { transport: 'udp', address: rinfo.address, port: rinfo.port });
    });
    // An unconnected UDP socket reports few errors (ICMP is not delivered); count what comes.
    socket.on('error', () => { stats.sendErrors += 1; });
    return new UdpTransport(socket, bound.address, bound.port, stats);
  }

  send(message: SipMessage, to: SipPeer, onError?: (error: SipUaError) => void): void {
    if (this.closed) {
      onError?.(new SipUaError('CLOSED', 'the UDP transport is closed'));
      return;
    }
    const bytes = serializeSipMessage(message);
    this.socket.send(bytes, to.port, to.address, (error) => {
      if (!error) { this.stats.sent += 1; return; }
      this.stats.sendErrors += 1;
      onError?.(transportError(error, `UDP to ${to.address}:${to.port}`));
    });
  }

  close(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      this.socket.removeAllListeners('message');
      try { this.socket.close(() => resolve()); } catch { resolve(); }
    });
    return this.closed;
  }
}
