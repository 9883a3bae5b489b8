/**
 * The registrar's state: bindings per address-of-record, with expiry in the caller's clock,
 * the RFC 3261 §10.3 step 7 Call-ID/CSeq rule, caps per AOR and in total, and online/offline
 * transitions per extension. Pure data in memory: no timers, time comes in as `nowMs`.
 */
import type { SipNameAddr } from '../sip/index.js';
import type { AddressOfRecord, RequestedBinding } from './register-request.js';
import type { RegistrarRefusalCode } from './refusals.js';
import type { ExtensionAccount, RegisteredContact, RegistrarEvent, RegistrationSource } from './types.js';
import { formatSipUri } from '../sip/index.js';

/** A binding as stored: the public view plus its identity and the Contact as sent. */
interface StoredBinding extends RegisteredContact {
  key: string;
  nameAddr: SipNameAddr;
}

interface AorRecord {
  aor: string;
  extensionId: string;
  enterpriseId: string;
  bindings: Map<string, StoredBinding>;
}

/** The request-level facts every binding of one REGISTER shares. */
export interface RegisterMeta {
  callId: string;
  cseq: number;
  source: RegistrationSource;
  userAgent: string | null;
  /** The request's Path (RFC 3327), as Route values. */
  path: readonly string[];
}

/** The change to apply: remove everything (`*`) or add/refresh/remove single contacts. */
export type BindingChange = { kind: 'wildcard' } | { kind: 'update'; bindings: readonly RequestedBinding[] };

/** What an update did; on refusal nothing changed (except purging lapsed bindings). */
export type UpdateOutcome =
  | { ok: true; events: RegistrarEvent[]; removed: number; added: number }
  | { ok: false; code: Extract<RegistrarRefusalCode, 'CSEQ_OUT_OF_ORDER' | 'AOR_FULL' | 'REGISTRAR_FULL'>; detail: string; events: RegistrarEvent[] };

/** Caps that keep memory bounded whatever phones send. */
export interface BindingLimits {
  perAor: number;
  total: number;
}

/** Bindings of every AOR; one instance per registrar. */
export class BindingTable {
  private readonly records = new Map<string, AorRecord>();
  private readonly byExtension = new Map<string, string>();
  private total = 0;

  constructor(private readonly limits: BindingLimits) {}

  /** Bindings stored, live or lapsed-but-not-yet-purged. */
  get size(): number {
    return this.total;
  }

  /** AORs with at least one stored binding. */
  get aorCount(): number {
    return this.records.size;
  }

  /** Applies one authenticated REGISTER's change to `aor`, atomically. */
  update(aor: AddressOfRecord, account: ExtensionAccount, change: BindingChange, meta: RegisterMeta, nowMs: number): UpdateOutcome {
    const events: RegistrarEvent[] = [];
    const existing = this.records.get(aor.aor);
    // Lapsed bindings are dropped first: they must not count against the caps nor block on CSeq.
    const lapsed = existing ? this.purge(existing, nowMs) : 0;
    const record = existing ?? { aor: aor.aor, extensionId: account.extensionId, enterpriseId: account.enterpriseId, bindings: new Map<string, StoredBinding>() };
    const wasOnline = (existing !== undefined && existing.bindings.size > 0) || lapsed > 0;

    const stale = this.findOutOfOrder(record, change, meta);
    if (stale !== null) return { ok: false, code: 'CSEQ_OUT_OF_ORDER', detail: stale, events: this.settle(record, wasOnline, 'expired', events) };

    const removals = new Set<string>();
    const upserts: RequestedBinding[] = [];
    if (change.kind === 'wildcard') for (const key of record.bindings.keys()) removals.add(key);
    else {
      for (const b of change.bindings) {
        if (b.expiresS === 0) removals.add(b.key);
        else upserts.push(b);
      }
    }
    const added = upserts.filter((b) => !record.bindings.has(b.key)).length;
    const removed = [...removals].filter((key) => record.bindings.has(key)).length;

    if (record.bindings.size - removed + added > this.limits.perAor) {
      return { ok: false, code: 'AOR_FULL', detail: `${aor.aor} would hold more than ${this.limits.perAor} bindings`, events: this.settle(record, wasOnline, 'expired', events) };
    }
    if (this.total - removed + added > this.limits.total) {
      // Make room from lapsed bindings elsewhere before refusing (their AORs go offline).
      events.push(...this.expire(nowMs));
      if (this.total - removed + added > this.limits.total) {
        return { ok: false, code: 'REGISTRAR_FULL', detail: `registrar holds ${this.total} bindings`, events: this.settle(record, wasOnline, 'expired', events) };
      }
    }

    for (const key of removals) if (record.bindings.delete(key)) this.total -= 1;
    for (const b of upserts) {
      const previous = record.bindings.get(b.key);
      if (!previous) this.total += 1;
      record.bindings.set(b.key, this.stored(record, b, meta, nowMs, previous));
    }
    record.extensionId = account.extensionId;
    record.enterpriseId = account.enterpriseId;
    this.settle(record, wasOnline, removed > 0 ? 'unregistered' : 'expired', events);
    return { ok: true, events, removed, added };
  }

  /** Live bindings of `aor` (canonical `sip:user@domain`), most recently refreshed first. */
  live(aor: string, nowMs: number): RegisteredContact[] {
    const record = this.records.get(aor);
    if (!record) return [];
    const out: RegisteredContact[] = [];
    for (const b of record.bindings.values()) if (b.expiresAtMs > nowMs) out.push(publicView(b));
    // Most recent first: the device the agent touched last is the likeliest to be in hand.
    return out.sort((x, y) => y.refreshedAtMs - x.refreshedAtMs || y.registeredAtMs - x.registeredAtMs);
  }

  /** The live bindings with their Contact as sent, for a 200 OK. */
  liveContacts(aor: string, nowMs: number): { nameAddr: SipNameAddr; expiresAtMs: number }[] {
    const record = this.records.get(aor);
    if (!record) return [];
    return [...record.bindings.values()].filter((b) => b.expiresAtMs > nowMs).map((b) => ({ nameAddr: b.nameAddr, expiresAtMs: b.expiresAtMs }));
  }

  /** The AOR an extension last registered, if it holds bindings. */
  aorOfExtension(extensionId: string): string | null {
    return this.byExtension.get(extensionId) ?? null;
  }

  /** Drops every lapsed binding; returns the extensions that went offline. */
  expire(nowMs: number): RegistrarEvent[] {
    const events: RegistrarEvent[] = [];
    for (const record of [...this.records.values()]) {
      if (this.purge(record, nowMs) > 0) this.settle(record, true, 'expired', events);
    }
    return events;
  }

  /** The earliest moment a binding lapses, or null when none is stored (to schedule `expire`). */
  nextExpiryMs(): number | null {
    let next: number | null = null;
    for (const record of this.records.values()) {
      for (const b of record.bindings.values()) if (next === null || b.expiresAtMs < next) next = b.expiresAtMs;
    }
    return next;
  }

  /** §10.3 step 7: a binding held under the same Call-ID with an equal or newer CSeq aborts the request. */
  private findOutOfOrder(record: AorRecord, change: BindingChange, meta: RegisterMeta): string | null {
    const keys = change.kind === 'wildcard' ? [...record.bindings.keys()] : change.bindings.map((b) => b.key);
    for (const key of keys) {
      const b = record.bindings.get(key);
      if (b && b.callId === meta.callId && meta.cseq <= b.cseq) return `CSeq ${meta.cseq} is not above ${b.cseq} for Call-ID ${meta.callId}`;
    }
    return null;
  }

  private stored(record: AorRecord, b: RequestedBinding, meta: RegisterMeta, nowMs: number, previous: StoredBinding | undefined): StoredBinding {
    const uri = b.nameAddr.uri;
    const natted = uri.host.toLowerCase() !== meta.source.address.toLowerCase() || (uri.port ?? 5060) !== meta.source.port;
    return {
      key: b.key, nameAddr: b.nameAddr, aor: record.aor, extensionId: record.extensionId, enterpriseId: record.enterpriseId,
      contact: formatSipUri(uri), uri, source: { ...meta.source }, natted, path: [...meta.path],
      expiresAtMs: nowMs + b.expiresS * 1000, registeredAtMs: previous?.registeredAtMs ?? nowMs, refreshedAtMs: nowMs,
      callId: meta.callId, cseq: meta.cseq, q: b.q, instance: b.instance, userAgent: meta.userAgent,
    };
  }

  /** Removes lapsed bindings of one record; returns how many. */
  private purge(record: AorRecord, nowMs: number): number {
    let n = 0;
    for (const [key, b] of record.bindings) {
      if (b.expiresAtMs <= nowMs) {
        record.bindings.delete(key);
        n += 1;
      }
    }
    this.total -= n;
    return n;
  }

  /** Keeps the indexes in step with the record and reports a change of online state. */
  private settle(record: AorRecord, wasOnline: boolean, offlineCause: RegistrarEvent['cause'], events: RegistrarEvent[]): RegistrarEvent[] {
    const online = record.bindings.size > 0;
    if (online) {
      this.records.set(record.aor, record);
      this.byExtension.set(record.extensionId, record.aor);
    } else {
      // An AOR without bindings is forgotten, so memory follows live phones only.
      this.records.delete(record.aor);
      if (this.byExtension.get(record.extensionId) === record.aor) this.byExtension.delete(record.extensionId);
    }
    if (online !== wasOnline) {
      const cause = online ? 'registered' : offlineCause;
      events.push({ type: online ? 'online' : 'offline', extensionId: record.extensionId, enterpriseId: record.enterpriseId, aor: record.aor, cause });
    }
    return events;
  }
}

function publicView(b: StoredBinding): RegisteredContact {
  const { key: _key, nameAddr: _nameAddr, ...view } = b;
  return { ...view, source: { ...view.source }, path: [...view.path] };
}
