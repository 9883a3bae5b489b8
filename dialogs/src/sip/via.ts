/**
 * Via (RFC 3261 §20.42, RFC 3581 rport). The fields the transaction and transport layers read
 * are typed; other parameters are kept in order in `params`.
 */
import { ok, type SipResult } from './errors.js';
import { formatSipParams, parseSipInt, scanHeader, splitSipList, type SipParams } from './scan.js';
import { formatSipHost, parseHostPort } from './uri.js';

/** The RFC 3261 magic cookie every compliant branch starts with. */
export const SIP_BRANCH_COOKIE = 'z9hG4bK';

/** One Via hop. */
export interface SipVia {
  /** `SIP/2.0`. */
  protocol: string;
  /** Transport in upper case: UDP, TCP, TLS, WS, WSS, SCTP. */
  transport: string;
  host: string;
  port: number | null;
  branch: string | null;
  received: string | null;
  /** RFC 3581: `true` when present without a value (a request asking for it), else the port. */
  rport: number | true | null;
  maddr: string | null;
  ttl: number | null;
  /** Other parameters, names lower-cased, in order. */
  params: SipParams;
}

const TYPED = ['branch', 'received', 'rport', 'maddr', 'ttl'];

/** Parses all Via hops from one or several fields, top first. */
export function parseVias(values: string | readonly string[]): SipResult<SipVia[]> {
  const out: SipVia[] = [];
  for (const field of typeof values === 'string' ? [values] : values) {
    for (const item of splitSipList(field)) {
      const via = parseVia(item);
      if (!via.ok) return via;
      out.push(via.value);
    }
  }
  return ok(out);
}

/** Parses one Via hop. */
export function parseVia(value: string): SipResult<SipVia> {
  return scanHeader('Via', value, (sc) => {
    sc.skipWs();
    const name = sc.token('protocol name');
    sc.expect('/', 'in the Via protocol');
    const version = sc.token('protocol version');
    sc.expect('/', 'in the Via protocol');
    const transport = sc.token('transport').toUpperCase();
    if (name.toUpperCase() !== 'SIP' || version !== '2.0') sc.fail(`unsupported protocol ${name}/${version}`);
    sc.skipWs();
    const start = sc.i;
    while (!sc.done && !/[;\s]/.test(sc.peek())) sc.i++;
    const hp = parseHostPort(sc.s.slice(start, sc.i));
    if (!hp) return sc.fail(`bad sent-by "${sc.s.slice(start, sc.i).slice(0, 60)}"`);
    const all = sc.params(new Map());
    sc.end('the Via');
    const rport = all.get('rport');
    const ttl = all.get('ttl');
    const params: SipParams = new Map([...all].filter(([k]) => !TYPED.includes(k)));
    return {
      protocol: 'SIP/2.0',
      transport,
      host: hp.host,
      port: hp.port,
      branch: all.get('branch') ?? null,
      received: unbracket(all.get('received') ?? null),
      rport: rport === undefined ? null : rport === null ? true : parseSipInt(rport, 'rport', 65535),
      maddr: all.get('maddr') ?? null,
      ttl: ttl == null ? null : parseSipInt(ttl, 'ttl', 255),
      params,
    };
  });
}

function unbracket(host: string | null): string | null {
  return host !== null && host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Formats one Via hop: typed parameters first (branch first of all), then the others. */
export function formatVia(via: SipVia): string {
  let out = `${via.protocol}/${via.transport} ${formatSipHost(via.host)}`;
  if (via.port !== null) out += `:${via.port}`;
  if (via.branch !== null) out += `;branch=${via.branch}`;
  if (via.received !== null) out += `;received=${via.received}`;
  if (via.rport === true) out += ';rport';
  else if (via.rport !== null) out += `;rport=${via.rport}`;
  if (via.maddr !== null) out += `;maddr=${via.maddr}`;
  if (via.ttl !== null) out += `;ttl=${via.ttl}`;
  return out + formatSipParams(via.params);
}

/** A Via for a request we send: `SIP/2.0/UDP host:port;branch=…;rport`. */
export function newSipVia(transport: string, host: string, port: number | null, branch: string, rport = true): SipVia {
  return { protocol: 'SIP/2.0', transport: transport.toUpperCase(), host, port, branch, received: null, rport: rport ? true : null, maddr: null, ttl: null, params: new Map() };
}
