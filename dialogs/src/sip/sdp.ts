/**
 * SDP (RFC 4566): parse and serialize, plus typed reads of the attributes a voice call uses.
 * Lines we do not model (i=, u=, e=, p=, b=, r=, z=, k=) are kept and written back in place.
 */
import { fail, ok, type SipResult } from './errors.js';
import { hasSipControlChar } from './message.js';

export interface SdpOrigin {
  username: string;
  /** Decimal strings: 64-bit values are common and must not lose precision. */
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

export interface SdpConnection {
  netType: string;
  /** `IP4` or `IP6`. */
  addrType: string;
  address: string;
}

export interface SdpAttribute {
  name: string;
  /** null for a flag attribute (`a=sendrecv`). */
  value: string | null;
}

/** A line kept as it was: `type` is its letter. */
export interface SdpLine {
  type: string;
  value: string;
}

export interface SdpMedia {
  type: string;
  port: number;
  portCount: number | null;
  protocol: string;
  formats: string[];
  connection: SdpConnection | null;
  /** i=, b=, k= lines of this media section. */
  lines: SdpLine[];
  attributes: SdpAttribute[];
}

export interface SdpSession {
  origin: SdpOrigin;
  sessionName: string;
  connection: SdpConnection | null;
  /** t= values, e.g. `0 0`. */
  times: string[];
  /** i=, u=, e=, p=, b=, r=, z=, k= lines at session level. */
  lines: SdpLine[];
  attributes: SdpAttribute[];
  media: SdpMedia[];
}

const MAX_LINES = 2_000;

function bad<T>(line: number, detail: string): SipResult<T> {
  return fail('SDP_INVALID', null, `SDP line ${line}: ${detail}`);
}

function parseConnection(value: string): SdpConnection | null {
  const [netType, addrType, address, ...rest] = value.split(' ');
  if (!netType || !addrType || !address || rest.length > 0) return null;
  return { netType, addrType, address };
}

/** Parses an SDP body (bytes or text). Never throws. */
export function parseSdp(body: Uint8Array | string): SipResult<SdpSession> {
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const lines = text.split('\n');
  if (lines.length > MAX_LINES) return bad(MAX_LINES, 'too many lines');
  let session: SdpSession | null = null;
  let media: SdpMedia | null = null;
  let sawVersion = false;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue; // trailing or stray blank lines are common; harmless
    if (!/^[a-z]=/.test(line)) return bad(n + 1, 'not "x=value"');
    if (hasSipControlChar(line)) return bad(n + 1, 'control character');
    const type = line[0] ?? '';
    const value = line.slice(2);
    if (!sawVersion) {
      if (type !== 'v' || value.trim() !== '0') return bad(n + 1, 'the first line must be v=0');
      sawVersion = true;
      continue;
    }
    if (session === null) {
      if (type !== 'o') return bad(n + 1, 'o= must follow v=');
      const f = value.split(' ');
      if (f.length !== 6 || f.some((x) => x === '') || !/^[0-9]{1,20}$/.test(f[1] ?? '') || !/^[0-9]{1,20}$/.test(f[2] ?? '')) return bad(n + 1, 'malformed o=');
      const [username = '', sessionId = '', sessionVersion = '', netType = '', addrType = '', address = ''] = f;
      session = { origin: { username, sessionId, sessionVersion, netType, addrType, address }, sessionName: '', connection: null, times: [], lines: [], attributes: [], media: [] };
      continue;
    }
    switch (type) {
      case 's':
        if (media) return bad(n + 1, 's= inside a media section');
        session.sessionName = value;
        break;
      case 'c': {
        const c = parseConnection(value);
        if (!c) return bad(n + 1, 'malformed c=');
        if (media) media.connection = c;
        else session.connection = c;
        break;
      }
      case 't':
        if (media || !/^[0-9]+ [0-9]+$/.test(value)) return bad(n + 1, 'malformed t=');
        session.times.push(value);
        break;
      case 'm': {
        const m = /^([a-z0-9_-]+) ([0-9]{1,5})(?:\/([0-9]{1,5}))? ([A-Za-z0-9/_.-]+)((?: [^ ]+)*)$/i.exec(value);
        if (!m || Number(m[2]) > 65535) return bad(n + 1, 'malformed m=');
        media = {
          type: m[1] ?? '', port: Number(m[2]), portCount: m[3] === undefined ? null : Number(m[3]), protocol: m[4] ?? '',
          formats: (m[5] ?? '').split(' ').filter((x) => x !== ''), connection: null, lines: [], attributes: [],
        };
        session.media.push(media);
        break;
      }
      case 'a': {
        const colon = value.indexOf(':');
        const name = colon < 0 ? value : value.slice(0, colon);
        if (!/^[A-Za-z0-9_.-]+$/.test(name)) return bad(n + 1, 'malformed a=');
        (media ?? session).attributes.push({ name, value: colon < 0 ? null : value.slice(colon + 1) });
        break;
      }
      case 'v': case 'o':
        return bad(n + 1, `repeated ${type}=`);
      default:
        (media ?? session).lines.push({ type, value });
    }
  }
  if (session === null) return bad(lines.length, sawVersion ? 'no o= line' : 'empty SDP');
  return ok(session);
}

const BEFORE_C = 'iuep';

/** Serializes in RFC 4566 order, CRLF line ends. */
export function serializeSdp(s: SdpSession): string {
  const out = ['v=0', `o=${[s.origin.username, s.origin.sessionId, s.origin.sessionVersion, s.origin.netType, s.origin.addrType, s.origin.address].join(' ')}`, `s=${s.sessionName === '' ? '-' : s.sessionName}`];
  const kept = (types: string, from: SdpLine[]): string[] => from.filter((l) => types.includes(l.type)).map((l) => `${l.type}=${l.value}`);
  const attrs = (list: SdpAttribute[]): string[] => list.map((a) => (a.value === null ? `a=${a.name}` : `a=${a.name}:${a.value}`));
  const conn = (c: SdpConnection | null): string[] => (c ? [`c=${c.netType} ${c.addrType} ${c.address}`] : []);
  out.push(...kept(BEFORE_C, s.lines), ...conn(s.connection), ...kept('b', s.lines));
  out.push(...(s.times.length > 0 ? s.times : ['0 0']).map((t) => `t=${t}`), ...kept('rz', s.lines), ...kept('k', s.lines));
  out.push(...attrs(s.attributes));
  for (const m of s.media) {
    const port = m.portCount === null ? `${m.port}` : `${m.port}/${m.portCount}`;
    out.push([`m=${m.type}`, port, m.protocol, ...m.formats].join(' '));
    out.push(...kept('i', m.lines), ...conn(m.connection), ...kept('b', m.lines), ...kept('k', m.lines), ...attrs(m.attributes));
  }
  return `${out.join('\r\n')}\r\n`;
}

/** The first value of an attribute, or undefined; null for a flag. */
export function sdpAttribute(list: readonly SdpAttribute[], name: string): string | null | undefined {
  return list.find((a) => a.name === name)?.value;
}

/** Media direction. */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
const DIRECTIONS: readonly SdpDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/** A media section's direction: its own attribute, else the session's, else sendrecv. */
export function sdpDirection(media: SdpMedia, session?: SdpSession): SdpDirection {
  for (const list of [media.attributes, session?.attributes ?? []]) {
    const found = list.find((a) => (DIRECTIONS as readonly string[]).includes(a.name));
    if (found) return found.name as SdpDirection;
  }
  return 'sendrecv';
}

/** The connection address for a media section: its own c=, else the session's. */
export function sdpConnectionAddress(media: SdpMedia, session: SdpSession): string | null {
  const c = media.connection ?? session.connection;
  return c === null ? null : (c.address.split('/')[0] ?? null);
}

/** An rtpmap entry. */
export interface SdpRtpMap {
  encoding: string;
  clockRate: number;
  channels: number | null;
}

const STATIC_PT = new Map<number, SdpRtpMap>([
  [0, { encoding: 'PCMU', clockRate: 8000, channels: null }],
  [3, { encoding: 'GSM', clockRate: 8000, channels: null }],
  [8, { encoding: 'PCMA', clockRate: 8000, channels: null }],
  [9, { encoding: 'G722', clockRate: 8000, channels: null }],
  [18, { encoding: 'G729', clockRate: 8000, channels: null }],
]);

/** What a payload type means: its a=rtpmap, else the RFC 3551 static assignment. */
export function sdpRtpMap(media: SdpMedia, pt: number): SdpRtpMap | null {
  for (const a of media.attributes) {
    if (a.name !== 'rtpmap' || a.value === null) continue;
    const m = /^([0-9]{1,3}) +([^/ ]+)\/([0-9]+)(?:\/([0-9]+))?/.exec(a.value);
    if (m && Number(m[1]) === pt) return { encoding: m[2] ?? '', clockRate: Number(m[3]), channels: m[4] === undefined ? null : Number(m[4]) };
  }
  return STATIC_PT.get(pt) ?? null;
}

/** The a=fmtp parameters of a payload type, or null. */
export function sdpFmtp(media: SdpMedia, pt: number): string | null {
  for (const a of media.attributes) {
    if (a.name !== 'fmtp' || a.value === null) continue;
    const sp = a.value.indexOf(' ');
    if (sp > 0 && a.value.slice(0, sp) === String(pt)) return a.value.slice(sp + 1).trim();
  }
  return null;
}

/** a=ptime in ms, or null. */
export function sdpPtime(media: SdpMedia): number | null {
  const v = sdpAttribute(media.attributes, 'ptime');
  return v != null && /^[0-9]{1,4}$/.test(v.trim()) ? Number(v.trim()) : null;
}

/** a=rtcp (RFC 3605): port and optional address. */
export function sdpRtcp(media: SdpMedia): { port: number; address: string | null } | null {
  const v = sdpAttribute(media.attributes, 'rtcp');
  const m = v == null ? null : /^([0-9]{1,5})(?: IN IP[46] ([^ ]+))?$/.exec(v.trim());
  return m ? { port: Number(m[1]), address: m[2] ?? null } : null;
}
