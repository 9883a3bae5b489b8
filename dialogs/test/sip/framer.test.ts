import { describe, expect, it } from 'vitest';
import { SipStreamFramer, type SipStreamItem } from '../../src/index.js';
import { BARESIP_200, crlf, SIPP_INVITE } from './corpus.js';

const kinds = (items: SipStreamItem[]): string[] => items.map((i) => (i.type === 'error' ? `error:${i.error.code}:${i.fatal}` : i.type));

describe('SipStreamFramer', () => {
  it('frames messages fed one byte at a time', () => {
    const f = new SipStreamFramer();
    const stream = Buffer.concat([SIPP_INVITE, BARESIP_200]);
    const items: SipStreamItem[] = [];
    for (const byte of stream) items.push(...f.push(Uint8Array.of(byte)));
    expect(kinds(items)).toEqual(['message', 'message']);
    const first = items[0];
    expect(first?.type === 'message' && first.message.body.length).toBeGreaterThan(100);
    expect(f.buffered).toBe(0);
  });

  it('frames several messages from one chunk and reports double-CRLF keep-alives', () => {
    const f = new SipStreamFramer();
    const items = f.push(Buffer.concat([Buffer.from('\r\n\r\n'), SIPP_INVITE, Buffer.from('\r\n'), BARESIP_200, Buffer.from('\r\n\r\n')]));
    expect(kinds(items)).toEqual(['keepalive', 'message', 'message', 'keepalive']);
  });

  it('waits for the body that Content-Length announces', () => {
    const f = new SipStreamFramer();
    const half = Math.floor(SIPP_INVITE.length * 0.9);
    expect(f.push(SIPP_INVITE.subarray(0, half))).toEqual([]);
    expect(kinds(f.push(SIPP_INVITE.subarray(half)))).toEqual(['message']);
  });

  it('reports a missing Content-Length without losing the stream', () => {
    const f = new SipStreamFramer();
    const noLength = crlf(['OPTIONS sip:a@b SIP/2.0', 'Via: SIP/2.0/TCP h;branch=z9hG4bK1', 'From: <sip:a@b>;tag=1', 'To: <sip:a@b>', 'Call-ID: x', 'CSeq: 1 OPTIONS', 'Max-Forwards: 70']);
    const items = f.push(Buffer.concat([noLength, BARESIP_200]));
    expect(kinds(items)).toEqual(['error:CONTENT_LENGTH_MISSING:false', 'message']);
    expect(items[0]?.type === 'error' && items[0].partial?.kind).toBe('request');
  });

  it('gives up on a stream it can no longer frame', () => {
    const f = new SipStreamFramer();
    const bad = Buffer.from('INVITE sip:a@b SIP/2.0\r\nContent-Length: -5\r\n\r\n');
    expect(kinds(f.push(bad))).toEqual(['error:CONTENT_LENGTH_INVALID:true']);
    expect(f.failed).toBe(true);
    expect(f.push(SIPP_INVITE)).toEqual([]);
  });

  it('bounds a header section that never ends', () => {
    const f = new SipStreamFramer({ maxMessageBytes: 1000 });
    let items: SipStreamItem[] = [];
    for (let i = 0; i < 20 && items.length === 0; i++) items = f.push(Buffer.from('X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'));
    expect(kinds(items)).toEqual(['error:MESSAGE_TOO_LARGE:true']);
  });

  it('bounds an announced body', () => {
    const f = new SipStreamFramer({ maxMessageBytes: 1000 });
    expect(kinds(f.push(Buffer.from('INVITE sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n')))).toEqual(['error:MESSAGE_TOO_LARGE:true']);
  });

  it('stays fast on a large message in many small pieces (no quadratic rescans)', () => {
    const f = new SipStreamFramer({ maxMessageBytes: 10_000_000 });
    const big = crlf(['MESSAGE sip:a@b SIP/2.0', 'Via: SIP/2.0/TCP h;branch=z9hG4bK1', 'From: <sip:a@b>;tag=1', 'To: <sip:a@b>', 'Call-ID: x', 'CSeq: 1 MESSAGE', 'Max-Forwards: 70', 'Content-Length: 2000000'], 'y'.repeat(2_000_000));
    const items: SipStreamItem[] = [];
    for (let i = 0; i < big.length; i += 64) items.push(...f.push(big.subarray(i, i + 64)));
    expect(kinds(items)).toEqual(['message']);
  });
});
