/**
 * SIP and SIPS URIs (RFC 3261 §19.1): parse and format. User and password stay in their
 * escaped form so a URI formats back exactly as it came; `tel:` is deliberately not supported.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { fail, ok, type SipResult } from './errors.js';
import type { SipParams } from './scan.js';

/** A parsed sip:/sips: URI. Host holds an IPv6 address without brackets. */
export interface SipUri {
  scheme: 'sip' | 'sips';
  user: string | null;
  password: string | null;
  host: string;
  port: number | null;
  /** URI parameters (`;transport=tcp;lr`), names lower-cased, in order. */
  params: SipParams;
  /** URI headers (`?subject=x&priority=urgent`), in order. */
  headers: Array<[string, string]>;
}

const USER_RE = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const PASSWORD_RE = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,]|%[0-9A-Fa-f]{2})*$/;
const PARAM_RE = /^(?:[A-Za-z0-9\-_.!~*'()[\]/:&+$]|%[0-9A-Fa-f]{2})+$/;
const HNV_RE = /^(?:[A-Za-z0-9\-_.!~*'()[\]/?:+$]|%[0-9A-Fa-f]{2})*$/;
const HOSTNAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9\-_.]*[A-Za-z0-9.])?$/;

/** True when `host` is a hostname, IPv4 or (bracket-less) IPv6 address. */
export function isSipHost(host: string): boolean {
  return isIPv4(host) || isIPv6(host) || (host.length <= 255 && HOSTNAME_RE.test(host));
}

/** Formats a host for a URI or Via: IPv6 gets brackets. */
export function formatSipHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Parses `host[:port]` (IPv6 in brackets). Returns null when malformed.
 * @internal shared with the Via parser
 */
export function parseHostPort(text: string): { host: string; port: number | null } | null {
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return null;
    host = text.slice(1, close);
    if (!isIPv6(host)) return null;
    rest = text.slice(close + 1);
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? '' : text.slice(colon);
    if (!isSipHost(host)) return null;
  }
  if (rest === '') return { host, port: null };
  if (!/^:[0-9]{1,5}$/.test(rest)) return null;
  const port = Number(rest.slice(1));
  return port <= 65535 ? { host, port } : null;
}

/** Parses a sip: or sips: URI; other schemes fail with URI_SCHEME_UNSUPPORTED (416). */
export function parseSipUri(text: string, header: string | null = null): SipResult<SipUri> {
  const bad = (why: string): SipResult<SipUri> => fail(header === null ? 'REQUEST_URI_INVALID' : 'HEADER_INVALID', header, `URI ${JSON.stringify(text.slice(0, 80))}: ${why}`);
  const colon = text.indexOf(':');
  if (colon < 1) return bad('no scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') {
    return /^[a-z][a-z0-9+.-]*$/.test(scheme) ? fail('URI_SCHEME_UNSUPPORTED', header, `scheme "${scheme}" is not supported`) : bad('bad scheme');
  }
  let rest = text.slice(colon + 1);
  const q = rest.indexOf('?');
  const headerText = q < 0 ? null : rest.slice(q + 1);
  if (q >= 0) rest = rest.slice(0, q);

  let user: string | null = null;
  let password: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const info = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const pc = info.indexOf(':');
    user = pc < 0 ? info : info.slice(0, pc);
    password = pc < 0 ? null : info.slice(pc + 1);
    if (!USER_RE.test(user)) return bad('bad user part');
    if (password !== null && !PASSWORD_RE.test(password)) return bad('bad password');
  }

  const semi = rest.indexOf(';');
  const hp = parseHostPort(semi < 0 ? rest : rest.slice(0, semi));
  if (!hp) return bad('bad host or port');
  const params: SipParams = new Map();
  if (semi >= 0) {
    for (const part of rest.slice(semi + 1).split(';')) {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? null : part.slice(eq + 1);
      if (!PARAM_RE.test(name) || (value !== null && !PARAM_RE.test(value))) return bad(`bad parameter "${part.slice(0, 30)}"`);
      params.set(name.toLowerCase(), value);
    }
  }
  const headers: Array<[string, string]> = [];
  if (headerText !== null) {
    for (const part of headerText.split('&')) {
      const eq = part.indexOf('=');
      if (eq < 1 || !HNV_RE.test(part.slice(0, eq)) || !HNV_RE.test(part.slice(eq + 1))) return bad(`bad URI header "${part.slice(0, 30)}"`);
      headers.push([part.slice(0, eq), part.slice(eq + 1)]);
    }
  }
  return ok({ scheme, user, password, host: hp.host, port: hp.port, params, headers });
}

/** Formats a SipUri. */
export function formatSipUri(uri: SipUri): string {
  let out = `${uri.scheme}:`;
  if (uri.user !== null) out += uri.password === null ? `${uri.user}@` : `${uri.user}:${uri.password}@`;
  out += formatSipHost(uri.host);
  if (uri.port !== null) out += `:${uri.port}`;
  for (const [name, value] of uri.params) out += value === null ? `;${name}` : `;${name}=${value}`;
  if (uri.headers.length > 0) out += `?${uri.headers.map(([n, v]) => `${n}=${v}`).join('&')}`;
  return out;
}

/** A convenience constructor: `sipUri('robot', '10.0.0.1', 5060)`. */
export function sipUri(user: string | null, host: string, port: number | null = null, params: Iterable<readonly [string, string | null]> = []): SipUri {
  return { scheme: 'sip', user, password: null, host, port, params: new Map(params), headers: [] };
}
