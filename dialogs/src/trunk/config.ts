/**
 * A trunk (外线): where robot and agent calls leave for the phone network — a carrier's SIP trunk
 * or a voice gateway — with the settings of seed 001 (外线设置): gateway address and port, mode
 * (`register`: we register with the carrier using the account and password; `peer`: the
 * 普通落地网关 of the seed, trusted by address), account and password, 并发外线数 (concurrent lines),
 * 群呼并发外线数 (lines kept for campaigns), 去除前缀个数 (leading digits to strip), 前呼号码
 * (a prefix to add), 外显前缀 (only caller IDs with this prefix leave through it) and
 * 限制被叫前缀 (only these callee prefixes).
 *
 * {@link checkTrunkConfig} validates untrusted input once and says which field is wrong.
 */

export type TrunkMode = 'register' | 'peer';
export type TrunkTransport = 'udp' | 'tcp';

export interface TrunkConfig {
  readonly id: number;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly transport: TrunkTransport;
  readonly mode: TrunkMode;
  /** Digest user (and From user when registering); null for a peer that trusts our address. */
  readonly username: string | null;
  readonly password: string | null;
  /** 并发外线数: calls at once through this trunk. */
  readonly lines: number;
  /** 群呼并发外线数: of `lines`, how many campaigns may use; the rest stay free for agents' own calls. */
  readonly campaignLines: number;
  /** 去除前缀个数: leading digits removed from the number before dialing. */
  readonly stripDigits: number;
  /** 前呼号码: digits put in front of the number (after stripping). */
  readonly addPrefix: string;
  /** 外显前缀: only caller IDs starting with one of these leave through this trunk (empty: any). */
  readonly callerIdPrefixes: readonly string[];
  /** 限制被叫前缀: only numbers starting with one of these may be dialed (empty: any). */
  readonly calleePrefixes: readonly string[];
  /** Seconds between REGISTER refreshes asked of the carrier. */
  readonly registerExpiresS: number;
  /** How long a call may ring before we give up (无人接听). */
  readonly ringTimeoutMs: number;
}

export interface TrunkIssue {
  /** JSON path of the field, e.g. `/port`. */
  readonly path: string;
  readonly code: 'REQUIRED' | 'TYPE' | 'RANGE' | 'FORMAT';
  readonly message: string;
}

export type TrunkCheck = { readonly ok: true; readonly trunk: TrunkConfig } | { readonly ok: false; readonly issues: readonly TrunkIssue[] };

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[[0-9A-Fa-f:.]+\]$/;
const DIGITS = /^[0-9*#+]*$/;

export const TRUNK_DEFAULTS = { port: 5060, transport: 'udp', mode: 'peer', lines: 1, stripDigits: 0, addPrefix: '', registerExpiresS: 600, ringTimeoutMs: 45_000 } as const;

/** Checks raw settings (from the database or an API body) and fills defaults. */
export function checkTrunkConfig(raw: Readonly<Record<string, unknown>>): TrunkCheck {
  const issues: TrunkIssue[] = [];
  const issue = (path: string, code: TrunkIssue['code'], message: string): void => { issues.push({ path, code, message }); };
  const str = (key: string, fallback: string | null, required = false): string | null => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') {
      if (required) issue(`/${key}`, 'REQUIRED', `${key} is required`);
      return fallback;
    }
    if (typeof v !== 'string') { issue(`/${key}`, 'TYPE', `${key} must be text`); return fallback; }
    return v.trim();
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const v = raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) { issue(`/${key}`, 'TYPE', `${key} must be a whole number`); return fallback; }
    if (v < min || v > max) { issue(`/${key}`, 'RANGE', `${key} must be from ${min} to ${max}`); return fallback; }
    return v;
  };
  const prefixes = (key: string): string[] => {
    const v = raw[key];
    if (v === undefined || v === null) return [];
    const list = typeof v === 'string' ? v.split(/[,，\s]+/).filter(Boolean) : v;
    if (!Array.isArray(list) || !list.every((p) => typeof p === 'string' && /^[0-9]{1,20}$/.test(p))) {
      issue(`/${key}`, 'FORMAT', `${key} must be digit prefixes, e.g. ["1", "010"]`);
      return [];
    }
    return list as string[];
  };

  const name = str('name', '', true) ?? '';
  const host = str('host', '', true) ?? '';
  if (host !== '' && !HOST.test(host)) issue('/host', 'FORMAT', 'host must be an IP address or a host name, without a port');
  const transport = str('transport', TRUNK_DEFAULTS.transport);
  if (transport !== 'udp' && transport !== 'tcp') issue('/transport', 'FORMAT', 'transport must be udp or tcp');
  const mode = str('mode', TRUNK_DEFAULTS.mode);
  if (mode !== 'register' && mode !== 'peer') issue('/mode', 'FORMAT', 'mode must be register or peer');
  const username = str('username', null);
  const password = str('password', null);
  if (mode === 'register' && (username === null || password === null)) issue(username === null ? '/username' : '/password', 'REQUIRED', 'a registering trunk needs an account and a password');
  const lines = int('lines', TRUNK_DEFAULTS.lines, 1, 10_000);
  const campaignLines = int('campaignLines', lines, 0, 10_000);
  if (campaignLines > lines) issue('/campaignLines', 'RANGE', 'campaignLines cannot exceed lines');
  const addPrefix = str('addPrefix', TRUNK_DEFAULTS.addPrefix) ?? '';
  if (!DIGITS.test(addPrefix) || addPrefix.length > 20) issue('/addPrefix', 'FORMAT', 'addPrefix must be up to 20 digits');

  const trunk: TrunkConfig = {
    id: int('id', 0, 0, Number.MAX_SAFE_INTEGER),
    name, host,
    port: int('port', TRUNK_DEFAULTS.port, 1, 65_535),
    transport: transport === 'tcp' ? 'tcp' : 'udp',
    mode: mode === 'register' ? 'register' : 'peer',
    username, password, lines, campaignLines: Math.min(campaignLines, lines),
    stripDigits: int('stripDigits', TRUNK_DEFAULTS.stripDigits, 0, 10),
    addPrefix,
    callerIdPrefixes: prefixes('callerIdPrefixes'),
    calleePrefixes: prefixes('calleePrefixes'),
    registerExpiresS: int('registerExpiresS', TRUNK_DEFAULTS.registerExpiresS, 60, 86_400),
    ringTimeoutMs: int('ringTimeoutMs', TRUNK_DEFAULTS.ringTimeoutMs, 5_000, 180_000),
  };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, trunk };
}
