/**
 * The registrar for extensions (分机) as a pure core: a REGISTER (or OPTIONS) plus where it came
 * from and `nowMs` in, the response to send and the agent-state events out (effects as data).
 * No sockets, no timers: the transport passes requests in and calls `expire` on a schedule.
 */
import { randomBytes } from 'node:crypto';
import { createSipIds, createSipResponse, formatNameAddr, getCallId, getCSeq } from '../sip/index.js';
import type { RandomBytes, SipIds, SipNameAddr, SipRequest, SipResponse } from '../sip/index.js';
import { authenticate, challengeHeader } from './auth.js';
import { BindingTable } from './binding-table.js';
import type { BindingChange } from './binding-table.js';
import { PATH_OPTION_TAG, readPath } from './path.js';
import { readAddressOfRecord, readRequestedChange } from './register-request.js';
import type { ExpiryLimits } from './register-request.js';
import { REGISTRAR_REASONS, registrarRefusal } from './refusals.js';
import type { RegistrarRefusal } from './refusals.js';
import type { RegisteredContact, RegistrarEvent, RegistrarOptions, RegistrarResult, RegistrationSource } from './types.js';

const ALLOW = 'REGISTER, OPTIONS';
/** Seconds a phone refused for a full table is asked to wait (bindings lapse meanwhile). */
const FULL_RETRY_AFTER_S = 60;

/** Registrations of every enterprise's extensions; one per process (or per registrar node). */
export class Registrar {
  private readonly table: BindingTable;
  private readonly ids: SipIds;
  private readonly random: RandomBytes;
  private readonly limits: ExpiryLimits;

  constructor(private readonly options: RegistrarOptions) {
    this.random = options.random ?? randomBytes;
    this.ids = createSipIds(this.random);
    this.limits = {
      defaultExpiresS: options.defaultExpiresS ?? 3600,
      minExpiresS: options.minExpiresS ?? 60,
      maxExpiresS: options.maxExpiresS ?? 3600,
    };
    if (this.limits.minExpiresS > this.limits.maxExpiresS) throw new RangeError('minExpiresS exceeds maxExpiresS');
    this.table = new BindingTable({ perAor: options.maxBindingsPerAor ?? 5, total: options.maxBindings ?? 20_000 });
  }

  /**
   * Answers one request addressed to the registrar. `request` must come from `parseSipMessage`
   * (validated); `source` is the packet's real origin. REGISTER and OPTIONS are handled, other
   * methods get 405.
   */
  handle(request: SipRequest, source: RegistrationSource, nowMs: number): RegistrarResult {
    if (request.method === 'OPTIONS') {
      return { response: this.respond(request, 200, [['Allow', ALLOW], ['Accept', 'application/sdp']]), events: [], outcome: 'options', refusal: null, extensionId: null };
    }
    if (request.method !== 'REGISTER') return this.refuse(request, registrarRefusal('METHOD_NOT_ALLOWED', request.method), [['Allow', ALLOW]]);
    // We support one option tag, path (RFC 3327): anything else required of us is refused (RFC 3261 §8.2.2.3).
    const required = request.headers.getAll('Require').flatMap((v) => v.split(',')).map((t) => t.trim()).filter((t) => t !== '' && t.toLowerCase() !== PATH_OPTION_TAG);
    if (required.length > 0) return this.refuse(request, registrarRefusal('BAD_EXTENSION', required.join(', ')), [['Unsupported', required.join(', ')]]);

    const aor = readAddressOfRecord(request);
    // A To the parser would have refused (hand-built requests) cannot take a tag: answer without one.
    if (!aor.ok) return this.refuse(request, aor.refusal, [], aor.refusal.code === 'AOR_INVALID');
    const auth = authenticate(request, aor.value, { lookup: this.options.lookup, secret: this.options.secret, random: this.random, nonceTtlMs: this.options.nonceTtlMs ?? 300_000 }, nowMs);
    if (!auth.ok) {
      const headers: [string, string][] = auth.challenge ? [['WWW-Authenticate', challengeHeader(auth.challenge)]] : [];
      return this.refuse(request, auth.refusal, headers);
    }
    const extensionId = auth.account.extensionId;
    const change = readRequestedChange(request, this.limits);
    if (!change.ok) {
      const headers: [string, string][] = change.minExpiresS !== undefined ? [['Min-Expires', String(change.minExpiresS)]] : [];
      return { ...this.refuse(request, change.refusal, headers), extensionId };
    }
    if (change.value.kind === 'query') return this.ok(request, aor.value.aor, nowMs, [], 'queried', extensionId);
    const path = readPath(request, source);
    if (!path.ok) return { ...this.refuse(request, path.refusal, path.headers), extensionId };

    const meta = { callId: getCallId(request), cseq: getCSeq(request).seq, source, userAgent: request.headers.get('User-Agent') ?? null, path: path.path };
    const updated = this.table.update(aor.value, auth.account, change.value, meta, nowMs);
    if (!updated.ok) {
      const full = updated.code !== 'CSEQ_OUT_OF_ORDER';
      const refused = this.refuse(request, registrarRefusal(updated.code, updated.detail), full ? [['Retry-After', String(FULL_RETRY_AFTER_S)]] : []);
      return { ...refused, events: updated.events, extensionId };
    }
    // RFC 3327 §5.3: the stored Path goes back to a phone that supports it.
    const echo: [string, string][] = path.supported ? path.path.map((hop) => ['Path', hop]) : [];
    return this.ok(request, aor.value.aor, nowMs, updated.events, outcomeOf(change.value), extensionId, echo);
  }

  /** Live contacts of an AOR (`sip:8001@ent.example`; domain case-insensitive), most recent first. */
  lookup(aor: string, nowMs: number): RegisteredContact[] {
    return this.table.live(canonicalAor(aor), nowMs);
  }

  /** Live contacts of an extension (by the id the lookup gave), most recent first. */
  lookupExtension(extensionId: string, nowMs: number): RegisteredContact[] {
    const aor = this.table.aorOfExtension(extensionId);
    return aor === null ? [] : this.table.live(aor, nowMs);
  }

  /** Drops lapsed bindings; returns the extensions that went offline. Call it every few seconds. */
  expire(nowMs: number): RegistrarEvent[] {
    return this.table.expire(nowMs);
  }

  /** When the next binding lapses (to schedule `expire`), or null. */
  nextExpiryMs(): number | null {
    return this.table.nextExpiryMs();
  }

  /** Bindings held (live or lapsed and not yet purged) and AORs holding them. */
  get size(): { bindings: number; aors: number } {
    return { bindings: this.table.size, aors: this.table.aorCount };
  }

  /** 200 OK listing every live binding with its remaining seconds (§10.3 step 8). */
  private ok(request: SipRequest, aor: string, nowMs: number, events: RegistrarEvent[], outcome: RegistrarResult['outcome'], extensionId: string, extra: [string, string][] = []): RegistrarResult {
    const contacts: [string, string][] = this.table.liveContacts(aor, nowMs).map(({ nameAddr, expiresAtMs }) => ['Contact', withExpires(nameAddr, Math.ceil((expiresAtMs - nowMs) / 1000))]);
    return { response: this.respond(request, 200, [...extra, ...contacts]), events, outcome, refusal: null, extensionId };
  }

  private refuse(request: SipRequest, refusal: RegistrarRefusal, headers: [string, string][] = [], tagged = true): RegistrarResult {
    const response = this.respond(request, refusal.status, headers, REGISTRAR_REASONS[refusal.code], tagged);
    const outcome = refusal.code === 'AUTH_REQUIRED' || refusal.code === 'AUTH_STALE' ? 'challenged' : 'refused';
    return { response, events: [], outcome, refusal, extensionId: null };
  }

  private respond(request: SipRequest, status: number, headers: [string, string][], reason?: string, tagged = true): SipResponse {
    return createSipResponse(request, status, { headers, ...(tagged ? { toTag: this.ids.tag() } : {}), ...(reason !== undefined ? { reason } : {}) });
  }
}

function outcomeOf(change: BindingChange): RegistrarResult['outcome'] {
  if (change.kind === 'wildcard') return 'unregistered';
  return change.bindings.every((b) => b.expiresS === 0) ? 'unregistered' : 'registered';
}

/** The Contact as registered, with `expires` replaced by the remaining time. */
function withExpires(nameAddr: SipNameAddr, expiresS: number): string {
  const params = new Map(nameAddr.params);
  params.set('expires', String(expiresS));
  return formatNameAddr({ ...nameAddr, params });
}

/** `sip:User@Host` → `sip:User@host` (users are case-sensitive, hosts are not). */
function canonicalAor(aor: string): string {
  const text = aor.trim().replace(/^sips?:/i, '');
  const at = text.lastIndexOf('@');
  if (at < 0) return `sip:${text.toLowerCase()}`;
  return `sip:${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
}
