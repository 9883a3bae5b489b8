/**
 * baresip as a headless agent phone for registration tests: a generated config in a temp dir
 * (no audio modules: registering needs none) and a process that is always reaped. Whether
 * baresip is here is the shared rule of support/peers.ts (`peerAvailable('baresip')`).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapOnExit } from '../support/peers.js';

/** One account line: `<sip:user@domain>;auth_pass=…;outbound=…;regint=…`. */
export interface BaresipAccount {
  user: string;
  domain: string;
  password: string;
  registrarPort: number;
  regintS?: number;
}

/** Writes a config dir for baresip: SIP on 127.0.0.1 (ephemeral port), no DNS leaving the host. */
export function baresipConfigDir(accounts: readonly BaresipAccount[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'waihu-baresip-'));
  writeFileSync(join(dir, 'config'), [
    'poll_method\t\tepoll',
    'sip_listen\t\t127.0.0.1:0',
    'dns_server\t\t127.0.0.1:53',
    'module_path\t\t/usr/lib/baresip/modules',
    'module_tmp\t\taccount.so',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'accounts'), accounts.map((a) =>
    `<sip:${a.user}@${a.domain}>;auth_pass=${a.password};outbound="sip:127.0.0.1:${a.registrarPort}";regint=${a.regintS ?? 600}`).join('\n') + '\n');
  return dir;
}

/** A running baresip and its output so far (for failure messages). */
export interface BaresipProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `baresip -f dir`; `-t` makes it quit by itself even if this process dies first. */
export function startBaresip(dir: string, maxSeconds = 60): BaresipProcess {
  const child = spawn('baresip', ['-f', dir, '-t', String(maxSeconds)], { stdio: ['ignore', 'pipe', 'pipe'] });
  reapOnExit(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return { child, output: () => out, exited };
}

/** Sends `signal` and waits up to `graceMs` for the exit; then SIGKILL. Safe on a dead process. */
export async function stopBaresip(phone: BaresipProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (phone.child.exitCode !== null || phone.child.signalCode !== null) return;
  phone.child.kill(signal);
  const timer = new Promise<'timeout'>((resolve) => { const t = setTimeout(() => resolve('timeout'), graceMs); t.unref(); });
  if ((await Promise.race([phone.exited, timer])) === 'timeout') {
    phone.child.kill('SIGKILL');
    await phone.exited;
  }
}

/** Polls `done` every 20 ms until it holds or `timeoutMs` passes; says what it waited for on failure. */
export async function waitFor(what: string, done: () => boolean, timeoutMs: number, context: () => string = () => ''): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
