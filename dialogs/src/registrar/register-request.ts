/**
 * Reading a REGISTER (RFC 3261 §10.3 steps 5 and 6): the address-of-record from To, and what
 * the Contact and Expires headers ask for — a query, a wildcard removal, or per-contact
 * updates with their expiry already clamped. Every refusal is coded; nothing here changes state.
 */
import { parseExpires, parseNameAddr, type SipNameAddr, type SipRequest } from '../sip/index.js';
import { getContacts } from '../sip/index.js';
import { registrarRefusal, type RegistrarRefusal } from './refusals.js';

/** An address-of-record: the extension's user at the enterprise's (lower-cased) domain. */
export interface AddressOfRecord {
  user: string;
  domain: string;
  /** `sip:user@domain`, the canonical text form. */
  aor: string;
}

/** One Contact of the request, ready to apply. */
export interface RequestedBinding {
  /** Identity of the binding within its AOR (RFC 3261 §19.1.4-style URI equality, simplified). */
  key: string;
  nameAddr: SipNameAddr;
  /** Seconds; 0 removes. Already raised-to-error below the minimum and cut to the maximum. */
  expiresS: number;
  q: number | null;
  instance: string | null;
}

/** What the request asks the registrar to do. */
export type RequestedChange =
  | { kind: 'query' }
  | { kind: 'wildcard' }
  | { kind: 'update'; bindings: RequestedBinding[] };

/** Expiry policy, in seconds. */
export interface ExpiryLimits {
  defaultExpiresS: number;
  minExpiresS: number;
  maxExpiresS: number;
}

/** A value or the coded refusal to answer. */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; refusal: RegistrarRefusal; /** Set with INTERVAL_TOO_BRIEF. */ minExpiresS?: number };

/** The AOR from To: a sip/sips URI with a user part; the domain lower-cased (hosts are case-insensitive). */
export function readAddressOfRecord(request: SipRequest): ReadResult<AddressOfRecord> {
  const to = parseNameAddr(request.headers.get('To') ?? '', 'To');
  if (!to.ok) {
    const code = to.error.code === 'URI_SCHEME_UNSUPPORTED' ? 'URI_SCHEME_UNSUPPORTED' : 'BAD_REQUEST';
    return { ok: false, refusal: registrarRefusal(code, to.error.detail) };
  }
  const { user, host } = to.value.uri;
  if (user === null || user === '') return { ok: false, refusal: registrarRefusal('AOR_INVALID', 'To has no user part') };
  const domain = host.toLowerCase();
  return { ok: true, value: { user, domain, aor: `sip:${user}@${domain.includes(':') ? `[${domain}]` : domain}` } };
}

/** The Contact/Expires request, with §10.3 step 6's checks and the expiry policy applied. */
export function readRequestedChange(request: SipRequest, limits: ExpiryLimits): ReadResult<RequestedChange> {
  const bad = (detail: string): { ok: false; refusal: RegistrarRefusal } => ({ ok: false, refusal: registrarRefusal('BAD_REQUEST', detail) });
  let headerExpires: number | null = null;
  const expiresField = request.headers.get('Expires');
  if (expiresField !== undefined) {
    const parsed = parseExpires(expiresField);
    if (!parsed.ok) return bad(parsed.error.detail);
    headerExpires = parsed.value;
  }
  // The parser validated Contact already; the typed read cannot fail on a parsed message.
  const contacts = getContacts(request);
  if (contacts === '*') {
    // §10.3 step 6: "*" only alone, and only with Expires: 0.
    return headerExpires === 0 ? { ok: true, value: { kind: 'wildcard' } } : bad('Contact "*" needs Expires: 0');
  }
  if (contacts.length === 0) return { ok: true, value: { kind: 'query' } };
  const bindings = new Map<string, RequestedBinding>();
  for (const nameAddr of contacts) {
    const param = nameAddr.params.get('expires');
    let expiresS = headerExpires ?? limits.defaultExpiresS;
    if (param !== undefined) {
      const parsed = parseExpires(param ?? '', 'Contact');
      if (!parsed.ok) return bad(`Contact expires: ${parsed.error.detail}`);
      expiresS = parsed.value;
    }
    if (expiresS !== 0 && expiresS < limits.minExpiresS) {
      return { ok: false, refusal: registrarRefusal('INTERVAL_TOO_BRIEF', `expires ${expiresS} < ${limits.minExpiresS}`), minExpiresS: limits.minExpiresS };
    }
    expiresS = Math.min(expiresS, limits.maxExpiresS);
    // A repeated contact in one request: the last one wins, as if sent in order.
    const key = contactKey(nameAddr);
    bindings.set(key, { key, nameAddr, expiresS, q: readQ(nameAddr.params.get('q')), instance: readInstance(nameAddr.params.get('+sip.instance')) });
  }
  return { ok: true, value: { kind: 'update', bindings: [...bindings.values()] } };
}

/**
 * Binding identity: scheme, user, host (case-insensitive), port (default filled in) and
 * transport. Why not the whole URI text: phones re-send the same contact with parameters in
 * another order or case, and each must refresh the binding rather than add one.
 */
export function contactKey(nameAddr: SipNameAddr): string {
  const u = nameAddr.uri;
  const port = u.port ?? (u.scheme === 'sips' ? 5061 : 5060);
  const transport = (u.params.get('transport') ?? (u.scheme === 'sips' ? 'tls' : 'udp')).toLowerCase();
  return `${u.scheme}:${u.user ?? ''}@${u.host.toLowerCase()}:${port};${transport}`;
}

function readQ(value: string | null | undefined): number | null {
  if (value == null || !/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value)) return null;
  return Number(value);
}

function readInstance(value: string | null | undefined): string | null {
  if (value == null) return null;
  return value.replace(/^"|"$/g, '').replace(/^<|>$/g, '');
}
