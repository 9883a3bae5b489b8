/**
 * name-addr / addr-spec (RFC 3261 §20.10, §25.1): From, To, Contact, Route, Record-Route,
 * Refer-To. Without angle brackets, everything after the first `;` belongs to the header, not
 * to the URI — the rule that makes `sip:a@b;tag=1` a tag.
 */
import { fail, ok, type SipResult } from './errors.js';
import { formatSipParams, quoteSipString, ScanFail, scanHeader, splitSipList, type SipParams } from './scan.js';
import { formatSipUri, parseSipUri, type SipUri } from './uri.js';

/** A display name, a URI and header parameters (tag, expires, q, lr…). */
export interface SipNameAddr {
  displayName: string | null;
  uri: SipUri;
  params: SipParams;
}

/** Parses one name-addr or addr-spec with its parameters. */
export function parseNameAddr(value: string, header = 'From'): SipResult<SipNameAddr> {
  return scanHeader(header, value, (sc) => {
    sc.skipWs();
    let displayName: string | null = null;
    let uriText: string;
    const lt = sc.s.indexOf('<', sc.i);
    if (sc.peek() === '"') {
      displayName = sc.quoted();
      sc.skipWs();
      if (sc.peek() !== '<') sc.fail('expected "<" after the display name');
    } else if (lt >= 0 && !/[;"]/.test(sc.s.slice(sc.i, lt))) {
      const name = sc.s.slice(sc.i, lt).trim().replace(/\s+/g, ' ');
      displayName = name === '' ? null : name;
      sc.i = lt;
    }
    if (sc.peek() === '<') {
      const close = sc.s.indexOf('>', sc.i);
      if (close < 0) sc.fail('missing ">"');
      uriText = sc.s.slice(sc.i + 1, close).trim();
      sc.i = close + 1;
    } else {
      const start = sc.i;
      while (!sc.done && !/[;\s]/.test(sc.peek())) sc.i++;
      uriText = sc.s.slice(start, sc.i);
    }
    const uri = parseSipUri(uriText, header);
    if (!uri.ok) throw new ScanFail(uri.error.detail, uri.error.code);
    const params = sc.params(new Map());
    sc.end('the address');
    return { displayName, uri: uri.value, params };
  });
}

/** Parses comma-separated name-addrs over one or several fields (Route, Record-Route, Contact). */
export function parseNameAddrList(values: string | readonly string[], header: string): SipResult<SipNameAddr[]> {
  const out: SipNameAddr[] = [];
  for (const field of typeof values === 'string' ? [values] : values) {
    for (const item of splitSipList(field)) {
      if (item === '') continue; // RFC 7230-style empty list elements are tolerated
      const parsed = parseNameAddr(item, header);
      if (!parsed.ok) return parsed;
      out.push(parsed.value);
    }
  }
  return ok(out);
}

/** Contact fields: a list of addresses, or `*` (REGISTER removal of all bindings). */
export function parseContacts(values: string | readonly string[]): SipResult<SipNameAddr[] | '*'> {
  const fields = typeof values === 'string' ? [values] : values;
  if (fields.some((f) => f.trim().startsWith('*'))) {
    return fields.length === 1 && fields[0]?.trim() === '*' ? ok('*') : fail('HEADER_INVALID', 'Contact', '"*" must be the only Contact');
  }
  return parseNameAddrList(fields, 'Contact');
}

/** Formats a name-addr, always with angle brackets (safe whatever the URI holds). */
export function formatNameAddr(na: SipNameAddr): string {
  const name = na.displayName === null ? '' : `${quoteSipString(na.displayName)} `;
  return `${name}<${formatSipUri(na.uri)}>${formatSipParams(na.params)}`;
}

/** A name-addr's `tag` parameter, or null. */
export function sipTag(na: SipNameAddr): string | null {
  return na.params.get('tag') ?? null;
}

/** A copy of a name-addr with its tag set (the To of a response that creates a dialog). */
export function withSipTag(na: SipNameAddr, tag: string): SipNameAddr {
  const params = new Map(na.params);
  params.set('tag', tag);
  return { ...na, params };
}
