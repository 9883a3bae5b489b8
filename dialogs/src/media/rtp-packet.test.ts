import { describe, expect, it } from 'vitest';
import { MediaError } from './errors.js';
import { newRtpPacket, parseRtp, parseRtpInto, serializeRtp, writeRtpHeader } from './rtp-packet.js';

describe('RTP packet parse', () => {
  it('reads every header field and gives the payload as a view', () => {
    const bytes = Uint8Array.from([
      0x80 | 0x20 | 0x10 | 0x02, 0x80 | 101, 0xff, 0xfe, 0x12, 0x34, 0x56, 0x78, 0xde, 0xad, 0xbe, 0xef,
      0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, // two CSRCs
      0xbe, 0xde, 0x00, 0x01, 1, 2, 3, 4, // extension, one word
      9, 8, 7, // payload
      0, 2, // two bytes of padding
    ]);
    const p = parseRtp(bytes);
    expect(p).toMatchObject({
      version: 2, padding: true, extension: true, marker: true, payloadType: 101, sequenceNumber: 0xfffe,
      timestamp: 0x12345678, ssrc: 0xdeadbeef, csrcCount: 2, csrc: [1, 0xffffffff], extensionProfile: 0xbede, paddingLength: 2,
    });
    expect(Array.from(p.extensionData)).toEqual([1, 2, 3, 4]);
    expect(Array.from(p.payload)).toEqual([9, 8, 7]);
    expect(p.payload.buffer).toBe(bytes.buffer);
  });

  it.each([
    ['RTP_TOO_SHORT', [0x80, 0, 0, 1]],
    ['RTP_BAD_VERSION', [0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['RTP_CSRC_TRUNCATED', [0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]],
    ['RTP_EXTENSION_TRUNCATED', [0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 2, 1, 2, 3, 4]],
    ['RTP_BAD_PADDING', [0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]],
    ['RTP_BAD_PADDING', [0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9]],
  ])('refuses %s with a code, and parseRtp throws a MediaError', (code, bytes) => {
    expect(parseRtpInto(Uint8Array.from(bytes), newRtpPacket())).toBe(code);
    try {
      parseRtp(Uint8Array.from(bytes));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MediaError);
      expect((error as MediaError).code).toBe(code);
      expect((error as MediaError).retryable).toBe(false);
    }
  });

  it('reuses the packet object and its CSRC array', () => {
    const packet = newRtpPacket();
    const csrc = packet.csrc;
    const out = new Uint8Array(64);
    const n = serializeRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3, csrc: [7, 8], payload: new Uint8Array(4) }, out);
    expect(parseRtpInto(out.subarray(0, n), packet)).toBeNull();
    expect(packet.csrc).toBe(csrc);
    const m = serializeRtp({ payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: new Uint8Array(4) }, out);
    expect(parseRtpInto(out.subarray(0, m), packet)).toBeNull();
    expect(packet.csrc).toEqual([]);
  });
});

describe('RTP packet serialize', () => {
  it('round-trips through parse, with CSRCs, an extension and padding', () => {
    const out = new Uint8Array(100);
    const payload = Uint8Array.from([1, 2, 3, 4, 5]);
    const n = serializeRtp({
      marker: true, payloadType: 8, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0x80000001,
      csrc: [42], extension: { profile: 0x1000, data: Uint8Array.from([1, 2, 3]) }, padTo: 4, payload,
    }, out, 10);
    expect(n % 4).toBe(0);
    const p = parseRtp(out.subarray(10, 10 + n));
    expect(p).toMatchObject({ marker: true, payloadType: 8, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0x80000001, csrc: [42], extensionProfile: 0x1000 });
    expect(Array.from(p.extensionData)).toEqual([1, 2, 3, 0]);
    expect(Array.from(p.payload)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a buffer that is too small with a code', () => {
    expect(() => serializeRtp({ payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(10) }, new Uint8Array(20)))
      .toThrowError(expect.objectContaining({ code: 'RTP_BUFFER_TOO_SMALL' }));
  });

  it('writes the fixed header in place', () => {
    const out = new Uint8Array(12);
    writeRtpHeader(out, 0, false, 0, 0x1234, 0x01020304, 0xa0b0c0d0);
    expect(Array.from(out)).toEqual([0x80, 0, 0x12, 0x34, 1, 2, 3, 4, 0xa0, 0xb0, 0xc0, 0xd0]);
  });
});
