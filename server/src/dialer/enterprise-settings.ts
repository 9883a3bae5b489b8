/**
 * An enterprise's dialer settings (Setting row `dialer`): the opt-out switch, callback
 * assignment of warm leads, the webhook / CRM push, and the SMS provider. Secrets (the webhook's
 * and the SMS provider's signing keys) are sealed and never returned.
 */
import type { Db } from '@waihu/db';
import type { SecretBox } from '../secrets/box.js';
import { ApiError } from '../errors.js';
import { saveSetting } from '../crm/settings.js';

export const DIALER_SETTINGS_KEY = 'dialer';

export interface DialerSettings {
  /** A spoken opt-out (不要再打了…) puts the number on the blacklist. */
  readonly optOutBlacklist: boolean;
  /** Warm leads (by final grade) are assigned to an agent of the group for a callback. */
  readonly callback: { readonly enabled: boolean; readonly grades: readonly string[]; readonly agentGroupId: number | null };
  /** Each finished call is POSTed as JSON to `url`, signed with `secret` (X-Waihu-Signature: sha256=HMAC). */
  readonly webhook: { readonly enabled: boolean; readonly url: string | null; readonly secret: string | null; readonly maxAttempts: number };
  /** Where SMS go: `log` (written to the log only, the default) or `http` (POST JSON to `url`, signed). */
  readonly smsProvider: { readonly kind: 'log' | 'http'; readonly url: string | null; readonly secret: string | null; readonly maxAttempts: number };
}

export const DEFAULT_DIALER_SETTINGS: DialerSettings = {
  optOutBlacklist: false,
  callback: { enabled: false, grades: ['A', 'B'], agentGroupId: null },
  webhook: { enabled: false, url: null, secret: null, maxAttempts: 8 },
  smsProvider: { kind: 'log', url: null, secret: null, maxAttempts: 5 },
};

const url = { type: ['string', 'null'], maxLength: 2000, pattern: '^https?://' } as const;
const secret = { type: ['string', 'null'], minLength: 8, maxLength: 200 } as const;

/** Request body: every section optional; a secret left out is kept, null clears it. */
export const dialerSettingsBody = {
  type: 'object', additionalProperties: false,
  properties: {
    optOutBlacklist: { type: 'boolean' },
    callback: {
      type: 'object', additionalProperties: false,
      properties: { enabled: { type: 'boolean' }, grades: { type: 'array', items: { type: 'string', enum: ['A', 'B', 'C', 'D'] }, maxItems: 4 }, agentGroupId: { type: ['integer', 'null'], minimum: 1 } },
    },
    webhook: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean' }, url, secret, maxAttempts: { type: 'integer', minimum: 1, maximum: 30 } } },
    smsProvider: { type: 'object', additionalProperties: false, properties: { kind: { type: 'string', enum: ['log', 'http'] }, url, secret, maxAttempts: { type: 'integer', minimum: 1, maximum: 30 } } },
  },
} as const;

export const dialerSettingsView = {
  type: 'object',
  properties: {
    optOutBlacklist: { type: 'boolean' },
    callback: { type: 'object', properties: { enabled: { type: 'boolean' }, grades: { type: 'array', items: { type: 'string' } }, agentGroupId: { type: ['integer', 'null'] } } },
    webhook: { type: 'object', properties: { enabled: { type: 'boolean' }, url: { type: ['string', 'null'] }, hasSecret: { type: 'boolean' }, maxAttempts: { type: 'integer' } } },
    smsProvider: { type: 'object', properties: { kind: { type: 'string' }, url: { type: ['string', 'null'] }, hasSecret: { type: 'boolean' }, maxAttempts: { type: 'integer' } } },
  },
} as const;

export type DialerSettingsInput = {
  readonly optOutBlacklist?: boolean;
  readonly callback?: Partial<DialerSettings['callback']>;
  readonly webhook?: Partial<DialerSettings['webhook']>;
  readonly smsProvider?: Partial<DialerSettings['smsProvider']>;
};

/** Stored form (secrets sealed). Reads an enterprise's settings through a client scoped to it. */
export async function readDialerSettings(db: Db): Promise<DialerSettings> {
  const row = await db.setting.findFirst({ where: { key: DIALER_SETTINGS_KEY } });
  if (!row) return DEFAULT_DIALER_SETTINGS;
  try {
    const v = JSON.parse(row.value) as DialerSettingsInput;
    return {
      optOutBlacklist: v.optOutBlacklist ?? DEFAULT_DIALER_SETTINGS.optOutBlacklist,
      callback: { ...DEFAULT_DIALER_SETTINGS.callback, ...v.callback },
      webhook: { ...DEFAULT_DIALER_SETTINGS.webhook, ...v.webhook },
      smsProvider: { ...DEFAULT_DIALER_SETTINGS.smsProvider, ...v.smsProvider },
    };
  } catch {
    return DEFAULT_DIALER_SETTINGS;
  }
}

/** What the API shows: no secrets, only whether one is set. */
export function viewDialerSettings(s: DialerSettings): unknown {
  return {
    optOutBlacklist: s.optOutBlacklist, callback: s.callback,
    webhook: { enabled: s.webhook.enabled, url: s.webhook.url, hasSecret: s.webhook.secret !== null, maxAttempts: s.webhook.maxAttempts },
    smsProvider: { kind: s.smsProvider.kind, url: s.smsProvider.url, hasSecret: s.smsProvider.secret !== null, maxAttempts: s.smsProvider.maxAttempts },
  };
}

export async function writeDialerSettings(db: Db, secrets: SecretBox, userId: number, input: DialerSettingsInput, nowMs: number): Promise<DialerSettings> {
  const current = await readDialerSettings(db);
  const seal = (given: string | null | undefined, kept: string | null): string | null => (given === undefined ? kept : given === null ? null : secrets.seal(given));
  const next: DialerSettings = {
    optOutBlacklist: input.optOutBlacklist ?? current.optOutBlacklist,
    callback: { ...current.callback, ...input.callback },
    webhook: { ...current.webhook, ...input.webhook, secret: seal(input.webhook?.secret, current.webhook.secret) },
    smsProvider: { ...current.smsProvider, ...input.smsProvider, secret: seal(input.smsProvider?.secret, current.smsProvider.secret) },
  };
  if (next.webhook.enabled && !next.webhook.url) throw new ApiError(400, 'VALIDATION', 'webhook: a URL is needed to enable it', [{ path: '/webhook/url', message: 'required when enabled' }]);
  if (next.smsProvider.kind === 'http' && !next.smsProvider.url) throw new ApiError(400, 'VALIDATION', 'smsProvider: the http provider needs a URL', [{ path: '/smsProvider/url', message: 'required for kind http' }]);
  const value = JSON.stringify(next);
  await saveSetting(db, DIALER_SETTINGS_KEY, value, userId, new Date(nowMs));
  return next;
}
