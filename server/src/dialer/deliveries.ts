/**
 * The outbox sender: SMS by grade and webhook / CRM pushes of finished calls, from the Delivery
 * table. Each due row is leased (claimedUntil) so two processes never send it at once, sent,
 * and marked SENT; a failure is retried with exponential backoff (30 s, 1 min, 2 min… capped at
 * an hour) and after the last attempt the row stays DEAD: the dead-letter list, replayable from
 * the API. Sends are signed: `X-Waihu-Signature: sha256=<hex HMAC of the body>` with the
 * enterprise's secret, and `X-Waihu-Delivery: <id>` lets the receiver drop duplicates.
 */
import { createHmac } from 'node:crypto';
import type { Db } from '@waihu/db';
import type { SecretBox } from '../secrets/box.js';
import { tenantClients } from '../tenancy.js';
import { readDialerSettings } from './enterprise-settings.js';
import type { DialerSettings } from './enterprise-settings.js';
import type { DialerLog } from './dialer.js';

/** One SMS to send. */
export interface SmsMessage {
  readonly phone: string;
  readonly text: string;
  readonly templateId: number | null;
  readonly grade: string | null;
  readonly deliveryId: number;
}

/** Failure of a send, with whether trying again can help. */
export class SendError extends Error {
  constructor(readonly code: string, message: string, readonly retryable: boolean) {
    super(message);
  }
}

/** Where SMS go; the enterprise's settings choose one. */
export interface SmsProvider {
  send(message: SmsMessage): Promise<void>;
}

/** Writes the SMS to the log only (the default: nothing leaves the machine). Numbers go under a redactable key. */
export function loggingSmsProvider(log: DialerLog): SmsProvider {
  return { send: async (m) => { log.info({ phone: m.phone, sms: { text: m.text, templateId: m.templateId, grade: m.grade } }, 'SMS (logging provider: not sent)'); } };
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;

export function sign(body: string, secret: string | null): Record<string, string> {
  return secret === null ? {} : { 'x-waihu-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
}

/** POSTs JSON, signed; 2xx is success, 4xx (but 408/429) is final, anything else can be retried. */
export async function postJson(fetchFn: Fetch, url: string, payload: unknown, secret: string | null, deliveryId: number, timeoutMs = 10_000): Promise<void> {
  const body = JSON.stringify(payload);
  let res;
  try {
    res = await fetchFn(url, {
      method: 'POST', body, signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/json', 'x-waihu-delivery': String(deliveryId), ...sign(body, secret) },
    });
  } catch (e) {
    throw new SendError('UNREACHABLE', `could not reach ${new URL(url).host}: ${(e as Error).message}`, true);
  }
  if (res.status >= 200 && res.status < 300) return;
  const text = (await res.text().catch(() => '')).slice(0, 200);
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  throw new SendError(`HTTP_${res.status}`, `${url} answered ${res.status}${text ? `: ${text}` : ''}`, retryable);
}

/** The generic HTTP SMS provider: POST {phone, text, templateId, grade} to the configured URL. */
export function httpSmsProvider(fetchFn: Fetch, url: string, secret: string | null): SmsProvider {
  return { send: (m) => postJson(fetchFn, url, { phone: m.phone, text: m.text, templateId: m.templateId, grade: m.grade }, secret, m.deliveryId) };
}

/** Backoff before attempt n+1 (n ≥ 1): 30 s doubling, at most an hour. */
export const backoffMs = (attempts: number): number => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

export interface DelivererOptions {
  readonly db: Db;
  readonly secrets: SecretBox;
  readonly clock: () => number;
  readonly log: DialerLog;
  readonly fetch?: Fetch;
  /** Overrides the provider the settings choose (tests). */
  readonly smsProvider?: (settings: DialerSettings) => SmsProvider;
}

export class Deliverer {
  private readonly tenant: (enterpriseId: number) => Db;
  private readonly fetchFn: Fetch;

  constructor(private readonly opts: DelivererOptions) {
    this.tenant = tenantClients(opts.db);
    this.fetchFn = opts.fetch ?? ((url, init) => fetch(url, init));
  }

  /** Sends what is due; returns how many were tried. */
  async run(max = 50): Promise<number> {
    const now = this.opts.clock();
    const due = await this.opts.db.delivery.findMany({
      where: { status: 'PENDING', nextAttemptAt: { lte: new Date(now) }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: new Date(now) } }] },
      orderBy: { nextAttemptAt: 'asc' }, take: max,
    });
    let tried = 0;
    for (const d of due) {
      const lease = await this.opts.db.delivery.updateMany({
        where: { id: d.id, status: 'PENDING', OR: [{ claimedUntil: null }, { claimedUntil: { lt: new Date(now) } }] },
        data: { claimedUntil: new Date(now + 60_000) },
      });
      if (lease.count === 0) continue;
      tried++;
      const settings = await readDialerSettings(this.tenant(d.enterpriseId));
      const maxAttempts = d.kind === 'sms' ? settings.smsProvider.maxAttempts : settings.webhook.maxAttempts;
      try {
        await this.send(d, settings);
        await this.opts.db.delivery.update({ where: { id: d.id }, data: { status: 'SENT', attempts: d.attempts + 1, sentAt: new Date(this.opts.clock()), claimedUntil: null, lastError: null } });
      } catch (e) {
        const attempts = d.attempts + 1;
        const retry = !(e instanceof SendError) || e.retryable;
        const dead = !retry || attempts >= maxAttempts;
        const message = e instanceof SendError ? `${e.code}: ${e.message}` : String((e as Error).message ?? e);
        await this.opts.db.delivery.update({
          where: { id: d.id },
          data: { status: dead ? 'DEAD' : 'PENDING', attempts, lastError: message.slice(0, 500), claimedUntil: null, nextAttemptAt: new Date(this.opts.clock() + backoffMs(attempts)) },
        });
        this.opts.log.warn({ deliveryId: d.id, kind: d.kind, attempts, dead }, dead ? 'delivery failed for good: kept as a dead letter' : 'delivery failed; will retry');
      }
    }
    return tried;
  }

  private async send(d: { id: number; kind: string; target: string; payload: string }, settings: DialerSettings): Promise<void> {
    const payload = JSON.parse(d.payload) as Record<string, unknown>;
    const open = (sealed: string | null): string | null => (sealed === null ? null : this.opts.secrets.open(sealed));
    if (d.kind === 'webhook') {
      await postJson(this.fetchFn, d.target, payload, open(settings.webhook.secret), d.id);
      return;
    }
    const provider = this.opts.smsProvider?.(settings)
      ?? (settings.smsProvider.kind === 'http' && settings.smsProvider.url ? httpSmsProvider(this.fetchFn, settings.smsProvider.url, open(settings.smsProvider.secret)) : loggingSmsProvider(this.opts.log));
    await provider.send({ phone: String(payload['phone']), text: String(payload['text']), templateId: (payload['templateId'] as number | undefined) ?? null, grade: (payload['grade'] as string | undefined) ?? null, deliveryId: d.id });
  }
}

/** Puts dead letters back in the queue (the API's replay). */
export async function replayDeliveries(db: Db, ids: readonly number[] | 'all-dead', nowMs: number): Promise<number> {
  const where = ids === 'all-dead' ? { status: 'DEAD' } : { status: 'DEAD', id: { in: [...ids] } };
  const n = await db.delivery.updateMany({ where, data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date(nowMs), claimedUntil: null } });
  return n.count;
}
