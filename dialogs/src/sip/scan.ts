/**
 * A small cursor over one header value, shared by the typed header parsers. It throws
 * ScanFail internally; every exported parser catches it and returns a located SipResult.
 */
import { fail, type SipErrorCode, type SipResult } from './errors.js';

/** Internal: a parse failure at an offset inside one header value. */
export class ScanFail extends Error {
  constructor(readonly detail: string, readonly code: SipErrorCode = 'HEADER_INVALID') {
    super(detail);
  }
}

const TOKEN_CHARS = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.!%*_+`'~") TOKEN_CHARS[c.charCodeAt(0)] = 1;
// Generic parameter values may be a host (IPv6 included): RFC 3261 gen-value = token / host / quoted-string.
const VALUE_CHARS = TOKEN_CHARS.slice();
for (const c of ':[]') VALUE_CHARS[c.charCodeAt(0)] = 1;

/** Ordered parameters, names lower-cased; a value of null is a flag (`;lr`, `;rport`). */
export type SipParams = Map<string, string | null>;

export class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  get done(): boolean {
    return this.i >= this.s.length;
  }

  peek(): string {
    return this.s[this.i] ?? '';
  }

  skipWs(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  /** Skips whitespace, then consumes `ch` if it is next. */
  eat(ch: string): boolean {
    this.skipWs();
    if (this.s[this.i] !== ch) return false;
    this.i++;
    this.skipWs();
    return true;
  }

  expect(ch: string, what: string): void {
    if (!this.eat(ch)) this.fail(`expected "${ch}" ${what} at offset ${this.i}`);
  }

  /** One or more token characters (or generic-value characters when `value`). */
  token(what: string, value = false): string {
    const table = value ? VALUE_CHARS : TOKEN_CHARS;
    const start = this.i;
    while (this.i < this.s.length && table[this.s.charCodeAt(this.i)] === 1) this.i++;
    if (this.i === start) this.fail(`expected ${what} at offset ${start}`);
    return this.s.slice(start, this.i);
  }

  /** A quoted string; returns its content with backslash escapes resolved. */
  quoted(): string {
    if (this.s[this.i] !== '"') this.fail(`expected quoted string at offset ${this.i}`);
    let out = '';
    for (let j = this.i + 1; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === '\\') {
        j++;
        if (j >= this.s.length) break;
        out += this.s[j];
      } else if (c === '"') {
        this.i = j + 1;
        return out;
      } else out += c;
    }
    return this.fail('unterminated quoted string');
  }

  /** A quoted string kept verbatim, quotes and escapes included (for round-tripping params). */
  quotedRaw(): string {
    const start = this.i;
    this.quoted();
    return this.s.slice(start, this.i);
  }

  /** `*( ";" name [ "=" value ] )` into `into`; stops at anything else. */
  params(into: SipParams): SipParams {
    while (this.eat(';')) {
      const name = this.token('parameter name').toLowerCase();
      let value: string | null = null;
      if (this.eat('=')) value = this.peek() === '"' ? this.quotedRaw() : this.token(`value of ${name}`, true);
      into.set(name, value);
    }
    return into;
  }

  end(what: string): void {
    this.skipWs();
    if (!this.done) this.fail(`unexpected "${this.s.slice(this.i, this.i + 10)}" after ${what}`);
  }

  fail(detail: string, code?: SipErrorCode): never {
    throw new ScanFail(detail, code);
  }
}

/** Runs a scanner-based parser and turns ScanFail into a located error for `header`. */
export function scanHeader<T>(header: string, value: string, parse: (sc: Scanner) => T): SipResult<T> {
  try {
    return { ok: true, value: parse(new Scanner(value)) };
  } catch (e) {
    if (e instanceof ScanFail) return fail(e.code, header, e.detail);
    throw e;
  }
}

/**
 * Splits a header value at commas that separate list elements: not inside quotes, not inside
 * `<…>` (a URI may hold commas there).
 */
export function splitSipList(value: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let j = 0; j < value.length; j++) {
    const c = value[j];
    if (quoted) {
      if (c === '\\') j++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (c === ',' && !angle) {
      out.push(value.slice(start, j).trim());
      start = j + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}

/** Formats params back: `;name=value;flag`. */
export function formatSipParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Quotes a string for a quoted-string, escaping `"` and `\`. */
export function quoteSipString(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Parses a non-negative decimal integer no larger than `max`, or fails. */
export function parseSipInt(text: string, what: string, max: number): number {
  if (!/^[0-9]{1,10}$/.test(text)) throw new ScanFail(`${what} must be a decimal number, got "${text.slice(0, 20)}"`);
  const n = Number(text);
  if (n > max) throw new ScanFail(`${what} ${n} is larger than ${max}`);
  return n;
}
