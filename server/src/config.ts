/**
 * The server's configuration, read from the environment once, with every problem listed at
 * once (ARCHITECTURE rule 8). Nothing else in the server reads `process.env`.
 */
import { dirname, resolve } from 'node:path';
import { DEFAULT_SQLITE_FILE } from '@waihu/db';
import { parseSecretKey } from './secrets/box.js';

export interface Config {
  readonly host: string;
  readonly port: number;
  /** `file:…` (SQLite, the default) or `postgres://…`. */
  readonly databaseUrl: string | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Redact phone numbers, transcripts and secrets in logs (on unless LOG_REDACT=0). */
  readonly logRedact: boolean;
  /** Largest upload accepted, in bytes. */
  readonly uploadMaxBytes: number;
  readonly sessionTtlMs: number;
  /** Failed logins in a row before an account locks. */
  readonly lockoutThreshold: number;
  readonly lockoutMs: number;
  /** Send cookies with `Secure` (behind HTTPS). */
  readonly cookieSecure: boolean;
  readonly trustProxy: boolean;
  /** The data folder: files (reports, exports, later recordings) live in its `files/` folder. */
  readonly dataDir: string;
  /** SECRET_KEY: seals stored credentials; null: the key file in the data folder. */
  readonly secretKey: Buffer | null;
  /** REDIS_URL: the dialer distributes work through BullMQ on this Redis; null: the embedded queue on the database. */
  readonly redisUrl: string | null;
  /** DIALER=0: this process serves the API only and runs no dialer worker. */
  readonly dialer: boolean;
  /** SIP_ADDRESS: where robot calls' SIP and RTP bind (and what SDP announces). */
  readonly sipAddress: string;
  /** SIP_PORT: the robot calls' SIP port (0: any free port). */
  readonly sipPort: number;
  /** RTP_PORTS=MIN-MAX: the robot calls' RTP port range. */
  readonly rtpPorts: { readonly min: number; readonly max: number };
  /** SIP_WS_URL: the SIP edge's WebSocket the console's softphone registers through (tools/sip-edge); null: no browser softphone. */
  readonly sipWsUrl: string | null;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly string[] };

type Env = Readonly<Record<string, string | undefined>>;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function parseConfig(env: Env): ConfigResult {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw}: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}=${raw}: expected true or false`);
    return fallback;
  };
  const level = env['LOG_LEVEL'] ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level)) problems.push(`LOG_LEVEL=${level}: expected one of ${LEVELS.join(', ')}`);
  const databaseUrl = env['DATABASE_URL'] ?? null;
  if (databaseUrl !== null && !/^(file:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    problems.push('DATABASE_URL: expected file:PATH (SQLite) or postgres://… (PostgreSQL)');
  }
  let config: Config = {
    host: env['HOST'] ?? '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    databaseUrl,
    logLevel: (LEVELS as readonly string[]).includes(level) ? (level as Config['logLevel']) : 'info',
    logRedact: bool('LOG_REDACT', true),
    uploadMaxBytes: int('UPLOAD_MAX_MB', 20, 1, 1024) * 1024 * 1024,
    sessionTtlMs: int('SESSION_TTL_HOURS', 12, 1, 24 * 90) * 3_600_000,
    lockoutThreshold: int('LOCKOUT_THRESHOLD', 5, 1, 100),
    lockoutMs: int('LOCKOUT_MINUTES', 15, 1, 24 * 60) * 60_000,
    cookieSecure: bool('COOKIE_SECURE', false),
    trustProxy: bool('TRUST_PROXY', false),
    dataDir: env['DATA_DIR'] ? resolve(env['DATA_DIR']) : dirname(DEFAULT_SQLITE_FILE),
    secretKey: null,
    redisUrl: null,
    dialer: bool('DIALER', true),
    sipAddress: env['SIP_ADDRESS'] || '127.0.0.1',
    sipPort: int('SIP_PORT', 0, 0, 65535),
    rtpPorts: { min: 20000, max: 29999 },
    sipWsUrl: null,
  };
  const rtp = env['RTP_PORTS'];
  if (rtp) {
    const m = /^(\d+)-(\d+)$/.exec(rtp);
    const min = Number(m?.[1]), max = Number(m?.[2]);
    if (m && min >= 1024 && max <= 65535 && max - min >= 1) config = { ...config, rtpPorts: { min, max } };
    else problems.push(`RTP_PORTS=${rtp}: expected MIN-MAX within 1024-65535, e.g. 20000-29999`);
  }
  const sipWsUrl = env['SIP_WS_URL'];
  if (sipWsUrl) {
    if (/^wss?:\/\/[^\s/]+(\/\S*)?$/.test(sipWsUrl)) config = { ...config, sipWsUrl };
    else problems.push('SIP_WS_URL: expected ws://host:port or wss://host[:port][/path], e.g. ws://127.0.0.1:8088 (npm run sip-edge)');
  }
  const redisUrl = env['REDIS_URL'];
  if (redisUrl) {
    if (/^rediss?:\/\/[^\s]+$/.test(redisUrl)) config = { ...config, redisUrl };
    else problems.push('REDIS_URL: expected redis://[user:password@]host[:port][/db] or rediss://…');
  }
  const secretText = env['SECRET_KEY'];
  if (secretText) {
    const key = parseSecretKey(secretText);
    if (key) config = { ...config, secretKey: key };
    else problems.push('SECRET_KEY: expected 32 bytes as base64 or 64 hex digits (e.g. `openssl rand -base64 32`)');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/** Defaults, for tests. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  const r = parseConfig({});
  if (!r.ok) throw new Error(r.problems.join('; '));
  return { ...r.config, ...overrides };
}
