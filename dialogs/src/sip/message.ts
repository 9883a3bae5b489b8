/**
 * The SIP message model: requests and responses whose headers are an ordered list. Several
 * fields with one name keep their order (Via, Route, Record-Route depend on it); lookups ignore
 * case and compact forms (`v` is Via), and names are stored in their canonical spelling.
 */
import { SipMessageError, sipError } from './errors.js';

/** RFC 3261 §7.3.3 compact forms plus the common extensions' ones. */
const COMPACT = new Map<string, string>([
  ['i', 'call-id'], ['m', 'contact'], ['f', 'from'], ['t', 'to'], ['v', 'via'], ['l', 'content-length'],
  ['c', 'content-type'], ['k', 'supported'], ['e', 'content-encoding'], ['s', 'subject'], ['o', 'event'],
  ['u', 'allow-events'], ['r', 'refer-to'], ['b', 'referred-by'], ['x', 'session-expires'],
]);

/** Spellings that plain Title-Case would get wrong. */
const SPECIAL = new Map<string, string>([
  ['call-id', 'Call-ID'], ['cseq', 'CSeq'], ['www-authenticate', 'WWW-Authenticate'], ['rseq', 'RSeq'],
  ['rack', 'RAck'], ['mime-version', 'MIME-Version'], ['sip-etag', 'SIP-ETag'], ['sip-if-match', 'SIP-If-Match'],
]);

const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * True when `s` holds a control character other than HTAB. Header values never hold CR or LF
 * once unfolded, so this is what keeps data from injecting header lines.
 */
export function hasSipControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/** The lookup key of a header name: lower case, compact form expanded. */
export function sipHeaderKey(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT.get(lower) ?? lower;
}

/** The canonical spelling of a header name: `v` → `Via`, `call-id` → `Call-ID`, `x-foo` → `X-Foo`. */
export function canonicalSipHeaderName(name: string): string {
  const key = sipHeaderKey(name);
  return SPECIAL.get(key) ?? key.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** True when `name` is a valid header name (an RFC 3261 token). */
export function isSipToken(name: string): boolean {
  return TOKEN_RE.test(name);
}

/** One header field as it appears on the wire (after unfolding). */
export interface SipHeaderField {
  readonly name: string;
  readonly value: string;
}

interface Field {
  readonly key: string;
  readonly name: string;
  readonly value: string;
}

/**
 * Ordered header fields with case-insensitive, compact-form-aware lookup. Mutating methods
 * return `this` so a message can be built in one expression.
 */
export class SipHeaders implements Iterable<SipHeaderField> {
  #fields: Field[] = [];

  constructor(fields?: Iterable<readonly [string, string]> | SipHeaders) {
    if (fields instanceof SipHeaders) this.#fields = [...fields.#fields];
    else if (fields) for (const [name, value] of fields) this.append(name, value);
  }

  /** Number of header fields (lines), not of comma-separated values. */
  get size(): number {
    return this.#fields.length;
  }

  /** The first field's value, or undefined. */
  get(name: string): string | undefined {
    const key = sipHeaderKey(name);
    return this.#fields.find((f) => f.key === key)?.value;
  }

  /** Every field's value with this name, in order. */
  getAll(name: string): string[] {
    const key = sipHeaderKey(name);
    return this.#fields.filter((f) => f.key === key).map((f) => f.value);
  }

  /** Number of fields with this name. */
  count(name: string): number {
    const key = sipHeaderKey(name);
    let n = 0;
    for (const f of this.#fields) if (f.key === key) n++;
    return n;
  }

  has(name: string): boolean {
    const key = sipHeaderKey(name);
    return this.#fields.some((f) => f.key === key);
  }

  /** Adds a field after all others. */
  append(name: string, value: string | number): this {
    this.#fields.push(makeField(name, value));
    return this;
  }

  /** Adds a field before all others with the same name (a new top Via, a pre-loaded Route). */
  prepend(name: string, value: string | number): this {
    const field = makeField(name, value);
    const at = this.#fields.findIndex((f) => f.key === field.key);
    this.#fields.splice(at < 0 ? this.#fields.length : at, 0, field);
    return this;
  }

  /** Replaces the first field with this name in place and removes the others; appends if none. */
  set(name: string, value: string | number): this {
    const field = makeField(name, value);
    const at = this.#fields.findIndex((f) => f.key === field.key);
    if (at < 0) {
      this.#fields.push(field);
      return this;
    }
    this.#fields = this.#fields.filter((f, i) => i === at || f.key !== field.key);
    this.#fields[at] = field;
    return this;
  }

  /** Removes every field with this name; returns how many were removed. */
  delete(name: string): number {
    const key = sipHeaderKey(name);
    const before = this.#fields.length;
    this.#fields = this.#fields.filter((f) => f.key !== key);
    return before - this.#fields.length;
  }

  /** A copy of the fields, in order. */
  fields(): SipHeaderField[] {
    return this.#fields.map(({ name, value }) => ({ name, value }));
  }

  clone(): SipHeaders {
    return new SipHeaders(this);
  }

  [Symbol.iterator](): Iterator<SipHeaderField> {
    return this.fields()[Symbol.iterator]();
  }
}

function makeField(name: string, raw: string | number): Field {
  const value = typeof raw === 'number' ? String(raw) : raw;
  // Why throw: only our own code builds headers; a CR/LF here would let data inject headers.
  if (!isSipToken(name)) throw new SipMessageError(sipError('HEADER_LINE_INVALID', name, `bad header name ${JSON.stringify(name)}`));
  if (hasSipControlChar(value)) throw new SipMessageError(sipError('HEADER_INVALID', canonicalSipHeaderName(name), 'control character in value'));
  return { key: sipHeaderKey(name), name: canonicalSipHeaderName(name), value: value.trim() };
}

/** A SIP request. The version is always SIP/2.0: the parser answers 505 to anything else. */
export interface SipRequest {
  readonly kind: 'request';
  method: string;
  /** The Request-URI as written; parse it with parseSipUri when it is sip/sips. */
  uri: string;
  headers: SipHeaders;
  body: Uint8Array;
}

/** A SIP response. */
export interface SipResponse {
  readonly kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

const EMPTY = new Uint8Array(0);

/** Builds a request; string bodies are encoded as UTF-8. */
export function newSipRequest(method: string, uri: string, headers: Iterable<readonly [string, string]> | SipHeaders = [], body: Uint8Array | string = EMPTY): SipRequest {
  return { kind: 'request', method, uri, headers: new SipHeaders(headers), body: toBytes(body) };
}

/** Builds a response; string bodies are encoded as UTF-8. */
export function newSipResponse(status: number, reason: string, headers: Iterable<readonly [string, string]> | SipHeaders = [], body: Uint8Array | string = EMPTY): SipResponse {
  return { kind: 'response', status, reason, headers: new SipHeaders(headers), body: toBytes(body) };
}

function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
