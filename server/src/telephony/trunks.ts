/**
 * 外线设置: an enterprise's trunks. Settings are checked by the telephony layer's own
 * `checkTrunkConfig` (one set of rules for the API and the dialer); the password is sealed at
 * rest and never leaves the server — the API says only whether one is set.
 */
import type { Db, Prisma, Trunk } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import { checkTrunkConfig } from '@waihu/dialogs';
import type { TrunkConfig } from '@waihu/dialogs';
import { ApiError, conflict, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import type { SecretBox } from '../secrets/box.js';

export interface TrunkInput {
  readonly name?: string;
  readonly host?: string;
  readonly port?: number;
  readonly transport?: 'udp' | 'tcp';
  readonly mode?: 'register' | 'peer';
  readonly username?: string | null;
  /** null clears it; absent keeps it. */
  readonly password?: string | null;
  readonly lines?: number;
  readonly campaignLines?: number;
  readonly stripDigits?: number;
  readonly addPrefix?: string | null;
  readonly callerIdPrefixes?: readonly string[];
  readonly calleePrefixes?: readonly string[];
  readonly registerExpiresS?: number;
  readonly ringTimeoutMs?: number;
  readonly enabled?: boolean;
}

export interface TrunkView extends Omit<TrunkConfig, 'password'> {
  readonly hasPassword: boolean;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const list = (json: string): string[] => {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

/** The row as the settings checker reads it; `password` stands in for the sealed one. */
function rawOf(t: Trunk, password: string | null): Record<string, unknown> {
  return {
    id: t.id, name: t.name, host: t.host, port: t.port, transport: t.transport, mode: t.mode, username: t.username, password,
    lines: t.lines, campaignLines: t.campaignLines, stripDigits: t.stripDigits, addPrefix: t.addPrefix ?? '',
    callerIdPrefixes: list(t.callerIdPrefixes), calleePrefixes: list(t.calleePrefixes), registerExpiresS: t.registerExpiresS, ringTimeoutMs: t.ringTimeoutMs,
  };
}

export function trunkView(t: Trunk): TrunkView {
  const checked = checkTrunkConfig(rawOf(t, t.password === null ? null : 'sealed'));
  // A stored row always passed the check; if the rules tightened since, show it as stored.
  const base = checked.ok ? checked.trunk : (rawOf(t, null) as unknown as TrunkConfig);
  const { password: _password, ...rest } = base;
  return { ...rest, hasPassword: t.password !== null, enabled: t.enabled, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
}

/** The trunk with its password opened, for the dialer and the test-call tool. */
export function trunkConfigOf(t: Trunk, secrets: SecretBox): TrunkConfig {
  const checked = checkTrunkConfig(rawOf(t, t.password === null ? null : secrets.open(t.password)));
  if (!checked.ok) throw new ApiError(409, 'TRUNK_INVALID', `trunk ${t.name} has invalid settings: ${checked.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  return checked.trunk;
}

type Columns = Omit<Prisma.TrunkUncheckedCreateInput, 'enterpriseId' | 'name' | 'host'> & { name?: string; host?: string };

function columns(input: TrunkInput, secrets: SecretBox): Columns {
  const trim = (v: string | null | undefined): string | null | undefined => (typeof v === 'string' ? v.trim() : v);
  const data: Columns = {
    name: trim(input.name) ?? undefined, host: trim(input.host) ?? undefined, port: input.port, transport: input.transport, mode: input.mode,
    username: trim(input.username), lines: input.lines, campaignLines: input.campaignLines, stripDigits: input.stripDigits,
    registerExpiresS: input.registerExpiresS, ringTimeoutMs: input.ringTimeoutMs, enabled: input.enabled,
  };
  if (input.addPrefix !== undefined) data.addPrefix = input.addPrefix || null;
  if (input.callerIdPrefixes !== undefined) data.callerIdPrefixes = JSON.stringify(input.callerIdPrefixes);
  if (input.calleePrefixes !== undefined) data.calleePrefixes = JSON.stringify(input.calleePrefixes);
  if (input.password !== undefined) data.password = input.password === null || input.password === '' ? null : secrets.seal(input.password);
  return data;
}

function invalid(issues: readonly { path: string; code: string; message: string }[]): ApiError {
  return new ApiError(400, 'TRUNK_INVALID', `invalid trunk settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

const nameTaken = (): ApiError => conflict('TRUNK_NAME_TAKEN', 'a trunk with this name already exists');

/** Checks the settings a write would leave, with the values it does not change. */
function checkMerged(current: Trunk | null, input: TrunkInput): void {
  const base = current ? rawOf(current, current.password === null ? null : 'sealed') : {};
  const merged = { ...base, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
  if (merged['addPrefix'] === null) merged['addPrefix'] = '';
  if (merged['password'] === '') merged['password'] = null;
  const checked = checkTrunkConfig(merged);
  if (!checked.ok) throw invalid(checked.issues);
}

export async function createTrunk(db: Db, secrets: SecretBox, input: TrunkInput & { name: string; host: string }, nowMs: number): Promise<Trunk> {
  checkMerged(null, input);
  const campaignLines = input.campaignLines ?? input.lines ?? 1;
  try {
    return await db.trunk.create({
      data: tenantOwned({ ...columns(input, secrets), name: input.name.trim(), host: input.host.trim(), campaignLines, createdAt: new Date(nowMs), updatedAt: new Date(nowMs) }),
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}

export async function updateTrunk(db: Db, secrets: SecretBox, id: number, input: TrunkInput, nowMs: number): Promise<Trunk> {
  const current = await db.trunk.findUnique({ where: { id } });
  if (!current) throw notFound('trunk');
  checkMerged(current, input);
  try {
    return await db.trunk.update({ where: { id }, data: { ...columns(input, secrets), updatedAt: new Date(nowMs) } });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}
