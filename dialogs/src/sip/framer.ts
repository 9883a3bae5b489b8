/**
 * Framing SIP messages on a stream transport (TCP, TLS): bytes arrive in arbitrary pieces, and
 * Content-Length (mandatory here, RFC 3261 §18.3) says where each message ends. CRLF keep-alives
 * between messages (RFC 5626 §3.5.1) are reported so the transport can answer a ping.
 */
import { sipError, type SipError } from './errors.js';
import type { SipMessage } from './message.js';
import { completeMessage } from './parse.js';
import {
  DEFAULT_MAX_HEADERS, DEFAULT_MAX_MESSAGE_BYTES, findHeadEnd, parseHead, readContentLength, type Head,
  type SipParseLimits,
} from './parse-head.js';

/**
 * What a push yields. A `fatal` error means the stream can no longer be framed (the connection
 * should be closed); a non-fatal one concerns one message only.
 */
export type SipStreamItem =
  | { readonly type: 'message'; readonly message: SipMessage }
  | { readonly type: 'error'; readonly error: SipError; readonly fatal: boolean; readonly partial?: SipMessage }
  | { readonly type: 'keepalive' };

const decoder = new TextDecoder('utf-8');

/** Splits a byte stream into SIP messages. One framer per connection. */
export class SipStreamFramer {
  readonly #maxBytes: number;
  readonly #maxHeaders: number;
  #buf = new Uint8Array(4096);
  #start = 0;
  #end = 0;
  /** Where the search for the end of the header section resumes: keeps the scan linear. */
  #scanFrom = 0;
  #pending: { head: Head; bodyStart: number; length: number; missingLength: boolean } | null = null;
  #breaks = 0;
  #failed = false;

  constructor(limits: SipParseLimits = {}) {
    this.#maxBytes = limits.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#maxHeaders = limits.maxHeaders ?? DEFAULT_MAX_HEADERS;
  }

  /** True after a fatal error: further input is ignored. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Bytes received but not yet part of a complete message. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  /** Feeds received bytes; returns every item they complete, in order. */
  push(chunk: Uint8Array): SipStreamItem[] {
    if (this.#failed) return [];
    this.#append(chunk);
    const out: SipStreamItem[] = [];
    while (!this.#failed && this.#step(out));
    return out;
  }

  #step(out: SipStreamItem[]): boolean {
    const buf = this.#buf;
    if (this.#pending === null) {
      // Between messages: line breaks are keep-alives; a double CRLF is a ping (one LF pair counts).
      while (this.#start < this.#end && (buf[this.#start] === 13 || buf[this.#start] === 10)) {
        if (buf[this.#start] === 10 && ++this.#breaks === 2) {
          out.push({ type: 'keepalive' });
          this.#breaks = 0;
        }
        this.#start++;
      }
      if (this.#start === this.#end) return false;
      this.#breaks = 0;
      const from = Math.max(this.#start, this.#scanFrom);
      const found = findHeadEnd(buf, from, this.#end);
      if (found === null) {
        this.#scanFrom = Math.max(this.#start, this.#end - 3);
        if (this.#end - this.#start > this.#maxBytes) return this.#fatal(out, sipError('MESSAGE_TOO_LARGE', null, 'header section too large'));
        return false;
      }
      const head = parseHead(decoder.decode(buf.subarray(this.#start, found.textEnd)), this.#maxHeaders);
      // Without a sound header section we cannot know where the next message starts.
      if (!head.ok) return this.#fatal(out, head.error);
      const length = readContentLength(head.value.headers);
      if (!length.ok) return this.#fatal(out, length.error);
      const n = length.value ?? 0;
      if (found.bodyStart - this.#start + n > this.#maxBytes) return this.#fatal(out, sipError('MESSAGE_TOO_LARGE', 'Content-Length', `body of ${n} bytes`));
      this.#pending = { head: head.value, bodyStart: found.bodyStart - this.#start, length: n, missingLength: length.value === null };
    }
    const p = this.#pending;
    const total = p.bodyStart + p.length;
    if (this.#end - this.#start < total) return false;
    const body = buf.slice(this.#start + p.bodyStart, this.#start + total);
    this.#start += total;
    this.#scanFrom = this.#start;
    this.#pending = null;
    const result = completeMessage(p.head, body);
    if (p.missingLength) {
      // Assume an empty body and carry on: the most likely resync, but the sender is broken.
      out.push({ type: 'error', error: sipError('CONTENT_LENGTH_MISSING', 'Content-Length', 'required on stream transports'), fatal: false, ...(result.ok ? { partial: result.message } : result.partial ? { partial: result.partial } : {}) });
    } else if (result.ok) out.push({ type: 'message', message: result.message });
    else out.push({ type: 'error', error: result.error, fatal: false, ...(result.partial ? { partial: result.partial } : {}) });
    return true;
  }

  #fatal(out: SipStreamItem[], error: SipError): boolean {
    this.#failed = true;
    this.#buf = new Uint8Array(0);
    this.#start = this.#end = 0;
    out.push({ type: 'error', error, fatal: true });
    return false;
  }

  #append(chunk: Uint8Array): void {
    const live = this.#end - this.#start;
    if (this.#end + chunk.length > this.#buf.length) {
      // Compact, and grow by doubling: amortised linear however small the pieces are.
      let size = this.#buf.length;
      while (size < live + chunk.length) size *= 2;
      const next = size === this.#buf.length ? this.#buf : new Uint8Array(size);
      next.set(this.#buf.subarray(this.#start, this.#end), 0);
      this.#buf = next;
      this.#scanFrom = Math.max(0, this.#scanFrom - this.#start);
      this.#end = live;
      this.#start = 0;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }
}
