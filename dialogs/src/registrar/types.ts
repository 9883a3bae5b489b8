/**
 * The registrar's vocabulary: who an extension (分机) is, where a REGISTER came from, what a
 * binding holds, and what the registrar tells its caller besides the response (events).
 */
import type { RandomBytes, SipResponse, SipUri } from '../sip/index.js';
import type { RegistrarRefusal } from './refusals.js';

/** What the enterprise's extension table knows about one SIP account. */
export interface ExtensionAccount {
  extensionId: string;
  enterpriseId: string;
  /** The SIP password, in clear: digest needs it (or its realm-specific hash). */
  password: string;
}

/**
 * Finds the extension `user` of the enterprise whose SIP domain is `domain` (lower-cased),
 * or null. Synchronous on purpose: the registrar is a pure core, so the server keeps the
 * (small) extension table in memory and refreshes it when an extension changes.
 */
export type ExtensionLookup = (domain: string, user: string) => ExtensionAccount | null;

/** Transports a REGISTER can arrive on (lower case, as a Via would say them). */
export type RegistrationTransport = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/**
 * Where the REGISTER really came from (the packet's source, not what the phone wrote):
 * requests to the phone go there, so a phone behind NAT is reachable through its mapping.
 */
export interface RegistrationSource {
  transport: RegistrationTransport;
  address: string;
  port: number;
  /** For connection-oriented transports: which connection to send on (opaque to the registrar). */
  connectionId?: string;
}

/** One live binding of an address-of-record, as `lookup` returns it. */
export interface RegisteredContact {
  /** `sip:8001@ent.example`: user and lower-cased domain. */
  aor: string;
  extensionId: string;
  enterpriseId: string;
  /** The Contact URI the phone registered, as written (may be a private address). */
  contact: string;
  uri: SipUri;
  /** Where the REGISTER came from: send requests for this contact here. */
  source: RegistrationSource;
  /** True when the Contact's host/port differ from the source (the phone is behind NAT). */
  natted: boolean;
  /**
   * The REGISTER's Path (RFC 3327) as Route values, nearest proxy first: requests to this
   * contact carry them as Route headers (empty for phones that register directly).
   */
  path: string[];
  /** When the binding lapses, in the registrar's clock (ms). */
  expiresAtMs: number;
  /** First registration of this contact, and its latest refresh (ms). */
  registeredAtMs: number;
  refreshedAtMs: number;
  callId: string;
  cseq: number;
  /** The Contact's q preference (0–1), or null when the phone gave none. */
  q: number | null;
  /** RFC 5626 `+sip.instance` (the device's stable id), or null. */
  instance: string | null;
  userAgent: string | null;
}

/** An agent-state change: an extension got its first live binding, or lost its last one. */
export interface RegistrarEvent {
  type: 'online' | 'offline';
  extensionId: string;
  enterpriseId: string;
  aor: string;
  /** Why: a REGISTER added or removed bindings, or they lapsed (`expire` or a lazy purge). */
  cause: 'registered' | 'unregistered' | 'expired';
}

/** What `handle` concluded; `response` goes back to `source` through the transport. */
export interface RegistrarResult {
  response: SipResponse;
  /** Online/offline transitions this request caused (possibly of other extensions, purged to make room). */
  events: RegistrarEvent[];
  outcome: 'registered' | 'unregistered' | 'queried' | 'options' | 'challenged' | 'refused';
  /** Set when `outcome` is `challenged` or `refused`: the coded reason. */
  refusal: RegistrarRefusal | null;
  /** The extension the request authenticated as, when it did. */
  extensionId: string | null;
}

/** Tuning and dependencies of a registrar; `lookup` and `secret` are required. */
export interface RegistrarOptions {
  lookup: ExtensionLookup;
  /** Digest nonce HMAC key: at least 16 random bytes, the same on every registrar node. */
  secret: Uint8Array | string;
  /** Random bytes for nonces and To tags (default node:crypto); tests pass a seeded source. */
  random?: RandomBytes;
  /** How long a nonce is accepted before `stale=true` (default 300 000 ms). */
  nonceTtlMs?: number;
  /** Expiry when the phone asks none (default 3600 s). */
  defaultExpiresS?: number;
  /** Shorter non-zero requests get 423 with Min-Expires (default 60 s). */
  minExpiresS?: number;
  /** Longer requests are shortened to this (default 3600 s). */
  maxExpiresS?: number;
  /** Bindings one AOR may hold (default 5): a desk phone, a softphone, the browser… */
  maxBindingsPerAor?: number;
  /** Bindings the registrar holds in all (default 20 000). */
  maxBindings?: number;
}
