/**
 * The transaction layer in simulated time (ManualClock, fake wire): RFC 3261 timer tables for
 * INVITE and non-INVITE clients and servers, retransmissions and absorbed duplicates, and no
 * timer left behind once each transaction ends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/media/index.js';
import {
  createSipResponse, formatVia, newSipRequest, newSipVia, parseSipMessage, serializeSipMessage, sipResources, TransactionLayer,
  type ServerTransaction, type SipMessage, type SipPeer, type SipRequest, type SipResponse, type SipUaError, type SipWire,
} from '../../src/sip/index.js';

const peer: SipPeer = { transport: 'udp', address: '127.0.0.1', port: 5060 };

interface Sent { atMs: number; message: SipMessage }

function harness() {
  const clock = new ManualClock(0);
  const sent: Sent[] = [];
  const wire: SipWire = {
    send: (message) => { sent.push({ atMs: clock.now(), message }); },
    sendResponse: (message) => { sent.push({ atMs: clock.now(), message }); },
  };
  const requests: { request: SipRequest; tx: ServerTransaction }[] = [];
  const acks: SipRequest[] = [];
  const layer = new TransactionLayer(wire, clock, {
    onRequest: (request, tx) => requests.push({ request, tx }),
    onAck: (request) => acks.push(request),
    onStrayResponse: () => undefined,
  });
  return { clock, sent, layer, requests, acks };
}

let branchNo = 0;
function request(method: string, branch = `z9hG4bKtest${++branchNo}`): SipRequest {
  return newSipRequest(method, 'sip:13800138000@127.0.0.1', [
    ['Via', formatVia(newSipVia('UDP', '127.0.0.1', 5070, branch))], ['Max-Forwards', '70'],
    ['From', '<sip:robot@127.0.0.1>;tag=abc'], ['To', '<sip:13800138000@127.0.0.1>'], ['Call-ID', 'call-1'],
    ['CSeq', `1 ${method}`], ['Content-Length', '0'],
  ]);
}

/** A wire round trip, so the layer sees what a transport would deliver. */
function reparse<T extends SipMessage>(m: T): T {
  const parsed = parseSipMessage(serializeSipMessage(m));
  if (!parsed.ok) throw new Error(parsed.error.detail);
  return parsed.message as T;
}

function user() {
  const responses: number[] = [];
  const failures: SipUaError[] = [];
  return { responses, failures, onResponse: (r: SipResponse) => responses.push(r.status), onFailure: (e: SipUaError) => failures.push(e) };
}

afterEach(() => {
  expect(sipResources()).toMatchObject({ transactions: 0, timers: 0 });
});

describe('INVITE client transaction', () => {
  it('retransmits on timer A (T1, 2T1, 4T1…) and times out on timer B at 64*T1, once', () => {
    const { clock, sent, layer } = harness();
    const u = user();
    layer.request(request('INVITE'), peer, u);
    clock.advance(40_000);
    expect(sent.map((s) => s.atMs)).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(u.failures.map((f) => f.code)).toEqual(['TRANSACTION_TIMEOUT']);
    expect(layer.size).toBe(0);
  });

  it('stops retransmitting on a provisional; ACKs a non-2xx itself and re-ACKs its retransmissions until timer D', () => {
    const { clock, sent, layer } = harness();
    const u = user();
    const invite = request('INVITE');
    layer.request(invite, peer, u);
    layer.receive(reparse(createSipResponse(invite, 180, { toTag: 'x' })), peer);
    clock.advance(10_000);
    expect(sent).toHaveLength(1);
    const busy = reparse(createSipResponse(invite, 486, { toTag: 'x' }));
    layer.receive(busy, peer);
    layer.receive(reparse(createSipResponse(invite, 486, { toTag: 'x' })), peer);
    expect(sent.map((s) => (s.message.kind === 'request' ? s.message.method : s.message.status))).toEqual(['INVITE', 'ACK', 'ACK']);
    expect(u.responses).toEqual([180, 486]);
    clock.advance(31_999);
    expect(layer.size).toBe(1);
    clock.advance(1);
    expect(layer.size).toBe(0);
    expect(u.failures).toEqual([]);
  });

  it('RFC 6026: after a 2xx it stays Accepted for 64*T1 and passes retransmitted 2xx up (the core re-ACKs)', () => {
    const { clock, layer, sent } = harness();
    const u = user();
    const invite = request('INVITE');
    layer.request(invite, peer, u);
    layer.receive(reparse(createSipResponse(invite, 200, { toTag: 'x' })), peer);
    layer.receive(reparse(createSipResponse(invite, 200, { toTag: 'x' })), peer);
    expect(u.responses).toEqual([200, 200]);
    expect(sent).toHaveLength(1); // the transaction never ACKs a 2xx
    clock.advance(32_000);
    expect(layer.size).toBe(0);
  });
});

describe('non-INVITE client transaction', () => {
  it('timer E doubles up to T2, F fires at 64*T1', () => {
    const { clock, sent, layer } = harness();
    const u = user();
    layer.request(request('OPTIONS'), peer, u);
    clock.advance(40_000);
    expect(sent.map((s) => s.atMs)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(u.failures.map((f) => f.code)).toEqual(['TRANSACTION_TIMEOUT']);
  });

  it('after a provisional retransmits every T2; a final ends it after timer K (T4), duplicates absorbed', () => {
    const { clock, sent, layer } = harness();
    const u = user();
    const bye = request('BYE');
    layer.request(bye, peer, u);
    layer.receive(reparse(createSipResponse(bye, 100)), peer);
    clock.advance(9000);
    expect(sent.map((s) => s.atMs)).toEqual([0, 500, 4500, 8500]);
    layer.receive(reparse(createSipResponse(bye, 200)), peer);
    layer.receive(reparse(createSipResponse(bye, 200)), peer);
    expect(u.responses).toEqual([100, 200]);
    clock.advance(4999);
    expect(layer.size).toBe(1);
    clock.advance(1);
    expect(layer.size).toBe(0);
  });
});

describe('INVITE server transaction', () => {
  it('sends 100 Trying after 200 ms, absorbs retransmitted INVITEs by re-sending the last response', () => {
    const { clock, sent, layer, requests } = harness();
    const invite = reparse(request('INVITE', 'z9hG4bKsrv1'));
    layer.receive(invite, peer);
    expect(requests).toHaveLength(1);
    clock.advance(199);
    expect(sent).toHaveLength(0);
    clock.advance(1);
    expect(sent.map((s) => (s.message as SipResponse).status)).toEqual([100]);
    layer.receive(reparse(request('INVITE', 'z9hG4bKsrv1')), peer);
    expect(requests).toHaveLength(1);
    expect(sent.map((s) => (s.message as SipResponse).status)).toEqual([100, 100]);
    requests[0]?.tx.terminate();
  });

  it('retransmits a non-2xx on timer G (T1 doubling to T2) until the ACK, then absorbs ACKs for T4 (timer I)', () => {
    const { clock, sent, layer, requests, acks } = harness();
    const invite = reparse(request('INVITE', 'z9hG4bKsrv2'));
    layer.receive(invite, peer);
    const tx = requests[0]!.tx;
    tx.respond(createSipResponse(invite, 486, { toTag: 't' }));
    clock.advance(8000);
    expect(sent.map((s) => s.atMs)).toEqual([0, 500, 1500, 3500, 7500]);
    const ack = reparse(request('ACK', 'z9hG4bKsrv2'));
    layer.receive(ack, peer);
    layer.receive(ack, peer);
    expect(acks).toHaveLength(0); // a non-2xx ACK belongs to the transaction
    expect(tx.state).toBe('confirmed');
    clock.advance(5000);
    expect(tx.state).toBe('terminated');
  });

  it('ends on timer H (64*T1) when the ACK never comes', () => {
    const { clock, layer, requests } = harness();
    const invite = reparse(request('INVITE', 'z9hG4bKsrv3'));
    layer.receive(invite, peer);
    const tx = requests[0]!.tx;
    const ends: string[] = [];
    tx.onEnd((why) => ends.push(why));
    tx.respond(createSipResponse(invite, 480, { toTag: 't' }));
    clock.advance(32_000);
    expect(ends).toEqual(['no-ack']);
  });
});

describe('non-INVITE server transaction', () => {
  it('absorbs retransmissions silently while trying, re-sends the final after, ends on timer J', () => {
    const { clock, sent, layer, requests } = harness();
    const options = reparse(request('OPTIONS', 'z9hG4bKsrv4'));
    layer.receive(options, peer);
    layer.receive(reparse(request('OPTIONS', 'z9hG4bKsrv4')), peer);
    expect(sent).toHaveLength(0);
    const tx = requests[0]!.tx;
    tx.respond(createSipResponse(options, 200, { toTag: 't' }));
    layer.receive(reparse(request('OPTIONS', 'z9hG4bKsrv4')), peer);
    expect(sent).toHaveLength(2);
    expect(tx.absorbed).toBe(2);
    expect(requests).toHaveLength(1);
    clock.advance(32_000);
    expect(tx.state).toBe('terminated');
  });
});
