/**
 * Identifiers SIP needs to be unique: Via branches, From/To tags, Call-IDs, digest cnonces.
 * Randomness comes in through one function so tests can make every id deterministic.
 */
import { randomBytes } from 'node:crypto';
import { SIP_BRANCH_COOKIE } from './via.js';

/** Produces `n` random bytes. */
export type RandomBytes = (n: number) => Uint8Array;

/** The id generators the transaction and dialog layers use. */
export interface SipIds {
  /** A Via branch with the RFC 3261 magic cookie, e.g. `z9hG4bK5f1c…`. */
  branch(): string;
  /** A From/To tag (RFC 3261 §19.3: at least 32 bits of randomness). */
  tag(): string;
  /** A Call-ID; `host`, when given, is appended after `@`. */
  callId(host?: string): string;
  /** A digest client nonce. */
  cnonce(): string;
  /** Raw random bytes (digest server nonces). */
  bytes(n: number): Uint8Array;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Id generators over `random` (node:crypto by default). */
export function createSipIds(random: RandomBytes = randomBytes): SipIds {
  return {
    branch: () => SIP_BRANCH_COOKIE + hex(random(8)),
    tag: () => hex(random(6)),
    callId: (host) => hex(random(12)) + (host ? `@${host}` : ''),
    cnonce: () => hex(random(8)),
    bytes: (n) => random(n),
  };
}

/** A deterministic RandomBytes for tests: a seeded xorshift, never for production. */
export function seededRandomBytes(seed: number): RandomBytes {
  let x = seed >>> 0 || 0x9e3779b9;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  };
}
