/**
 * SIP over TCP (RFC 3261 §18): a listener for peers that connect to us and one connection per
 * peer we send to, each with its own stream framer. A response goes back on the connection its
 * request came on; a connection that cannot be framed any more is closed.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { SipStreamFramer } from './framer.js';
import type { SipMessage } from './message.js';
import { serializeSipMessage } from './serialize.js';
import type { SipInboundHandler, SipPeer, SipTransport, SipTransportStats } from './transport.js';
import { SipUaError, transportError } from './ua-errors.js';
import { trackSip } from './ua-resources.js';

interface Connection {
  readonly id: number;
  readonly socket: Socket;
  readonly key: string;
  ready: boolean;
  readonly waiting: { bytes: Buffer; onError: ((error: SipUaError) => void) | undefined }[];
}

/** A TCP listener plus outgoing connections; create with `TcpTransport.open`. */
export class TcpTransport implements SipTransport {
  readonly name = 'tcp' as const;
  private readonly byId = new Map<number, Connection>();
  private readonly byPeer = new Map<string, Connection>();
  private nextId = 1;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly address: string,
    readonly port: number,
    private readonly onData: SipInboundHandler,
    private readonly stats: SipTransportStats,
  ) {
    server.on('connection', (socket) => this.adopt(socket, true));
  }

  /** Listens on `address:port` (0 = ephemeral). */
  static async open(address: string, port: number, onData: SipInboundHandler, stats: SipTransportStats): Promise<TcpTransport> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, () => { server.off('error', reject); resolve(); });
    }).catch((error: unknown) => {
      throw new SipUaError('BIND_FAILED', `cannot listen on SIP TCP ${address}:${port}`, null, { cause: error });
    });
    const bound = server.address();
    const boundPort = typeof bound === 'object' && bound !== null ? bound.port : port;
    return new TcpTransport(server, address, boundPort, onData, stats);
  }

  /** How many connections are open. */
  get connections(): number {
    return this.byId.size;
  }

  send(message: SipMessage, to: SipPeer, onError?: (error: SipUaError) => void): void {
    if (this.closed) {
      onError?.(new SipUaError('CLOSED', 'the TCP transport is closed'));
      return;
    }
    const bytes = serializeSipMessage(message);
    let connection = to.connectionId === undefined ? undefined : this.byId.get(to.connectionId);
    connection ??= this.byPeer.get(`${to.address}:${to.port}`);
    if (connection === undefined) {
      if (message.kind === 'response' && to.connectionId !== undefined) {
        // §18.2.2: the request's connection is gone; a new one to sent-by would be next, but our
        // peers are trunks that keep theirs open, so report it instead of guessing.
        onError?.(new SipUaError('TRANSPORT_ERROR', 'the connection the request came on is closed'));
        return;
      }
      connection = this.adopt(createConnection({ host: to.address, port: to.port }), false, `${to.address}:${to.port}`);
    }
    if (!connection.ready) { connection.waiting.push({ bytes, onError }); return; }
    this.write(connection, bytes, onError);
  }

  private write(connection: Connection, bytes: Buffer, onError: ((error: SipUaError) => void) | undefined): void {
    connection.socket.write(bytes, (error) => {
      if (!error) { this.stats.sent += 1; return; }
      this.stats.sendErrors += 1;
      onError?.(transportError(error, `TCP to ${connection.key}`));
    });
  }

  private adopt(socket: Socket, accepted: boolean, peerKey?: string): Connection {
    const id = this.nextId++;
    const framer = new SipStreamFramer();
    const key = peerKey ?? `${socket.remoteAddress ?? ''}:${socket.remotePort ?? 0}`;
    const connection: Connection = { id, socket, key, ready: accepted, waiting: [] };
    trackSip('connections', 1);
    this.byId.set(id, connection);
    this.byPeer.set(key, connection);
    socket.setNoDelay(true);
    const peer = (): SipPeer => ({ transport: 'tcp', address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, connectionId: id });
    if (!accepted) {
      socket.once('connect', () => {
        connection.ready = true;
        for (const w of connection.waiting.splice(0)) this.write(connection, w.bytes, w.onError);
      });
    }
    socket.on('data', (chunk: Buffer) => {
      for (const item of framer.push(chunk)) {
        if (item.type === 'keepalive') { socket.write('\r\n'); continue; }
        this.stats.received += 1;
        if (item.type === 'message') this.onData({ ok: true, message: item.message }, peer());
        else {
          this.onData({ ok: false, error: item.error, ...(item.partial ? { partial: item.partial } : {}) }, peer());
          if (item.fatal) socket.destroy();
        }
      }
    });
    socket.on('error', (error) => {
      for (const w of connection.waiting.splice(0)) w.onError?.(transportError(error, `TCP to ${connection.key}`));
    });
    socket.on('close', () => {
      this.byId.delete(id);
      if (this.byPeer.get(connection.key) === connection) this.byPeer.delete(connection.key);
      trackSip('connections', -1);
    });
    return connection;
  }

  close(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      for (const c of this.byId.values()) c.socket.destroy();
      this.server.close(() => resolve());
    });
    return this.closed;
  }
}
