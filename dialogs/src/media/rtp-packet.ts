/**
 * RTP packets (RFC 3550 §5.1): parse into a reusable object whose payload is a view of the
 * received bytes, and write into a caller's buffer. Nothing here allocates per packet, since
 * every call parses and writes fifty of these a second in each direction.
 */
import { MediaError } from './errors.js';

/** The fixed RTP header length, without CSRCs or an extension. */
export const RTP_HEADER_BYTES = 12;

/** Why bytes are not an RTP packet; the same codes a thrown `MediaError` carries. */
export type RtpParseErrorCode = 'RTP_TOO_SHORT' | 'RTP_BAD_VERSION' | 'RTP_CSRC_TRUNCATED' | 'RTP_EXTENSION_TRUNCATED' | 'RTP_BAD_PADDING';

/** A parsed RTP packet. `payload` and `extensionData` are views into the parsed bytes. */
export interface RtpPacket {
  version: number;
  padding: boolean;
  extension: boolean;
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** Contributing sources; the array is reused by `parseRtpInto`, only `csrcCount` entries are valid. */
  csrc: number[];
  csrcCount: number;
  /** The header extension's profile word, or 0 without an extension. */
  extensionProfile: number;
  extensionData: Uint8Array;
  /** Padding bytes removed from the end (0 without padding). */
  paddingLength: number;
  payload: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** A blank packet to parse into; keep one per receiver and pass it to `parseRtpInto`. */
export function newRtpPacket(): RtpPacket {
  return {
    version: 2, padding: false, extension: false, marker: false, payloadType: 0, sequenceNumber: 0,
    timestamp: 0, ssrc: 0, csrc: [], csrcCount: 0, extensionProfile: 0, extensionData: EMPTY, paddingLength: 0, payload: EMPTY,
  };
}

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

/**
 * Parses `bytes` into `out`. Returns `null` on success or the reason the bytes are malformed,
 * so a flood of junk datagrams costs a comparison each, not a thrown error with a stack.
 */
export function parseRtpInto(bytes: Uint8Array, out: RtpPacket): RtpParseErrorCode | null {
  const length = bytes.length;
  if (length < RTP_HEADER_BYTES) return 'RTP_TOO_SHORT';
  const b0 = bytes[0]!;
  const version = b0 >> 6;
  if (version !== 2) return 'RTP_BAD_VERSION';
  const csrcCount = b0 & 0x0f;
  let offset = RTP_HEADER_BYTES + csrcCount * 4;
  if (offset > length) return 'RTP_CSRC_TRUNCATED';
  const extension = (b0 & 0x10) !== 0;
  let extensionProfile = 0;
  let extensionData: Uint8Array = EMPTY;
  if (extension) {
    if (offset + 4 > length) return 'RTP_EXTENSION_TRUNCATED';
    extensionProfile = u16(bytes, offset);
    const words = u16(bytes, offset + 2);
    const end = offset + 4 + words * 4;
    if (end > length) return 'RTP_EXTENSION_TRUNCATED';
    extensionData = bytes.subarray(offset + 4, end);
    offset = end;
  }
  const padding = (b0 & 0x20) !== 0;
  let paddingLength = 0;
  if (padding) {
    // The last byte counts itself, so 0 is invalid; it may not eat into the header either.
    paddingLength = bytes[length - 1]!;
    if (paddingLength === 0 || offset + paddingLength > length) return 'RTP_BAD_PADDING';
  }
  for (let i = 0; i < csrcCount; i++) out.csrc[i] = u32(bytes, RTP_HEADER_BYTES + i * 4);
  out.csrc.length = csrcCount;
  out.version = version;
  out.padding = padding;
  out.extension = extension;
  out.csrcCount = csrcCount;
  out.marker = (bytes[1]! & 0x80) !== 0;
  out.payloadType = bytes[1]! & 0x7f;
  out.sequenceNumber = u16(bytes, 2);
  out.timestamp = u32(bytes, 4);
  out.ssrc = u32(bytes, 8);
  out.extensionProfile = extensionProfile;
  out.extensionData = extensionData;
  out.paddingLength = paddingLength;
  out.payload = bytes.subarray(offset, length - paddingLength);
  return null;
}

/** Parses `bytes` into a new packet, throwing a coded `MediaError` when they are malformed. */
export function parseRtp(bytes: Uint8Array): RtpPacket {
  const packet = newRtpPacket();
  const error = parseRtpInto(bytes, packet);
  if (error !== null) throw new MediaError(error, `malformed RTP packet (${bytes.length} bytes): ${error}`);
  return packet;
}

/**
 * Writes the fixed 12-byte header at `offset` (no CSRCs, no extension: what a media endpoint
 * sends). The hot path: the caller then encodes the payload straight behind it.
 */
export function writeRtpHeader(out: Uint8Array, offset: number, marker: boolean, payloadType: number, sequenceNumber: number, timestamp: number, ssrc: number): void {
  out[offset] = 0x80;
  out[offset + 1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  out[offset + 2] = (sequenceNumber >> 8) & 0xff;
  out[offset + 3] = sequenceNumber & 0xff;
  out[offset + 4] = (timestamp >>> 24) & 0xff;
  out[offset + 5] = (timestamp >>> 16) & 0xff;
  out[offset + 6] = (timestamp >>> 8) & 0xff;
  out[offset + 7] = timestamp & 0xff;
  out[offset + 8] = (ssrc >>> 24) & 0xff;
  out[offset + 9] = (ssrc >>> 16) & 0xff;
  out[offset + 10] = (ssrc >>> 8) & 0xff;
  out[offset + 11] = ssrc & 0xff;
}

/** What `serializeRtp` writes; CSRCs, an extension and padding are optional. */
export interface RtpPacketInit {
  marker?: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrc?: readonly number[];
  extension?: { profile: number; data: Uint8Array };
  /** Pad the packet to a multiple of this many bytes (e.g. 4); omitted or 0: no padding. */
  padTo?: number;
  payload: Uint8Array;
}

function put32(out: Uint8Array, o: number, v: number): void {
  out[o] = (v >>> 24) & 0xff; out[o + 1] = (v >>> 16) & 0xff; out[o + 2] = (v >>> 8) & 0xff; out[o + 3] = v & 0xff;
}

/**
 * Serializes a packet into `out` (reused by the caller) and returns the bytes written. Throws
 * `RTP_BUFFER_TOO_SMALL` when it does not fit; an extension's data must be whole 32-bit words.
 */
export function serializeRtp(init: RtpPacketInit, out: Uint8Array, offset = 0): number {
  const csrc = init.csrc ?? [];
  const csrcCount = Math.min(csrc.length, 15);
  const extensionBytes = init.extension ? 4 + Math.ceil(init.extension.data.length / 4) * 4 : 0;
  const unpadded = RTP_HEADER_BYTES + csrcCount * 4 + extensionBytes + init.payload.length;
  const padTo = init.padTo ?? 0;
  const pad = padTo > 1 && unpadded % padTo !== 0 ? padTo - (unpadded % padTo) : 0;
  const total = unpadded + pad;
  if (offset + total > out.length) throw new MediaError('RTP_BUFFER_TOO_SMALL', `RTP packet of ${total} bytes does not fit in ${out.length - offset}`);
  writeRtpHeader(out, offset, init.marker ?? false, init.payloadType, init.sequenceNumber & 0xffff, init.timestamp >>> 0, init.ssrc >>> 0);
  out[offset] = 0x80 | (pad > 0 ? 0x20 : 0) | (init.extension ? 0x10 : 0) | csrcCount;
  let o = offset + RTP_HEADER_BYTES;
  for (let i = 0; i < csrcCount; i++, o += 4) put32(out, o, csrc[i]!);
  if (init.extension) {
    const words = (extensionBytes - 4) / 4;
    out[o] = (init.extension.profile >> 8) & 0xff; out[o + 1] = init.extension.profile & 0xff;
    out[o + 2] = (words >> 8) & 0xff; out[o + 3] = words & 0xff;
    out.fill(0, o + 4, o + extensionBytes);
    out.set(init.extension.data, o + 4);
    o += extensionBytes;
  }
  out.set(init.payload, o);
  o += init.payload.length;
  if (pad > 0) { out.fill(0, o, o + pad - 1); out[o + pad - 1] = pad; }
  return total;
}
