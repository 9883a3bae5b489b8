/**
 * The real product for the browser tests: `server/src/main.ts` (what `npm start` runs, building
 * the console when it is stale) on a scratch data folder and SQLite file and a free port; the
 * demo accounts it prints once are read from its output.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort } from '../../../tools/sip-edge/edge.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Started {
  readonly url: string;
  readonly accounts: ReadonlyMap<string, { login: string; password: string }>;
  stop(): Promise<void>;
}


/** Starts the server; `env` adds settings (e.g. SIP_PORT and SIP_WS_URL for the softphone). */
export async function startServer(env: Readonly<Record<string, string>> = {}): Promise<Started> {
  const dir = await mkdtemp(join(tmpdir(), 'waihu-e2e-'));
  const port = await freeTcpPort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, DATABASE_URL: `file:${join(dir, 'waihu.db')}`, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 200_000;
  while (!/demo accounts[\s\S]*AGENT\s+\S+\s+\S+/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const accounts = new Map<string, { login: string; password: string }>();
  for (const m of out.matchAll(/^\s+(PLATFORM_ADMIN|ENTERPRISE_ADMIN|LEADER|AGENT)\s+(\S+)\s+(\S+)\s*$/gm)) accounts.set(m[1]!, { login: m[2]!, password: m[3]! });
  return { url: `http://127.0.0.1:${port}`, accounts, stop };
}

/** A JSON call to the started server's API (a bearer token or none); a non-2xx answer throws with its body. */
export async function callApi<T>(server: Started, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const r = await fetch(`${server.url}${path}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}
