/**
 * A test-only SIP-over-UDP loop for the registrar: parse each datagram, hand requests to the
 * registrar with their real source, send the serialized response back, and log what happened.
 * The real transport (retransmission absorption, TCP, keep-alives) is wired in elsewhere.
 */
import { createSocket } from 'node:dgram';
import type { Registrar, RegistrarEvent, RegistrarResult } from '../../src/registrar/index.js';
import { getFrom, parseSipMessage, serializeSipMessage } from '../../src/sip/index.js';

/** One request the loop answered. */
export interface LoopEntry {
  method: string;
  /** The From user (the extension that sent it). */
  user: string | null;
  expires: string | null;
  contact: string | null;
  status: number;
  result: RegistrarResult;
  from: { address: string; port: number };
}

/** A running loop: its port, what it answered, the events it saw, and `close`. */
export interface RegistrarLoop {
  port: number;
  entries: LoopEntry[];
  events: RegistrarEvent[];
  /** Requests that did not parse (the answer a real transport would send is not needed here). */
  unparsed: number;
  close(): Promise<void>;
}

/** Binds 127.0.0.1 on an ephemeral port and serves `registrar` with `now()` as its clock. */
export async function startRegistrarLoop(registrar: Registrar, now: () => number): Promise<RegistrarLoop> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const loop: RegistrarLoop = {
    port: socket.address().port,
    entries: [],
    events: [],
    unparsed: 0,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (datagram, rinfo) => {
    const parsed = parseSipMessage(datagram);
    if (!parsed.ok) { loop.unparsed += 1; return; }
    const request = parsed.message;
    if (request.kind !== 'request') return;
    const result = registrar.handle(request, { transport: 'udp', address: rinfo.address, port: rinfo.port }, now());
    loop.entries.push({
      method: request.method, user: getFrom(request).uri.user, expires: request.headers.get('Expires') ?? null,
      contact: request.headers.get('Contact') ?? null, status: result.response.status, result, from: { address: rinfo.address, port: rinfo.port },
    });
    loop.events.push(...result.events);
    socket.send(serializeSipMessage(result.response), rinfo.port, rinfo.address);
  });
  return loop;
}
