/**
 * Real dialer worker processes for the crash and shared-budget tests (server/test/dialer-worker.ts
 * in a child Node process each), and what the tests check from outside: the workers' own logs of
 * every dial's grant, start and end, from which the calls in progress at each dial start and the
 * grants in each one-second window are counted.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../../..');

/** One line a worker prints: `ready`, `start` (t: dial start, g: when its line was granted), `end`, `kept`. */
export interface WorkerEvent {
  readonly ev: 'ready' | 'start' | 'end' | 'kept';
  readonly worker: string;
  readonly t: number;
  readonly phone?: string;
  readonly taskId?: number;
  readonly g?: number;
  readonly rowId?: number;
}

export class WorkerProcess {
  readonly events: WorkerEvent[] = [];
  readonly child: ChildProcess;
  killedAt: number | null = null;
  private buf = '';
  private err = '';

  constructor(readonly id: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/test/dialer-worker.ts'], { cwd: ROOT, env: { ...process.env, ...env, WORKER_ID: id }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (c: Buffer) => {
      this.buf += c.toString();
      const lines = this.buf.split('\n');
      this.buf = lines.pop()!;
      for (const l of lines) if (l.trim()) this.events.push(JSON.parse(l) as WorkerEvent);
    });
    // Kept for failure messages (the last few kilobytes).
    this.child.stderr!.on('data', (c: Buffer) => { this.err = (this.err + c.toString()).slice(-4_000); });
  }

  count(ev: WorkerEvent['ev']): number {
    return this.events.filter((e) => e.ev === ev).length;
  }

  get stderr(): string {
    return this.err;
  }

  kill(): void {
    this.killedAt = Date.now();
    this.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.killedAt !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Polls until `check` holds; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A dial as the workers logged it: from its start to its end, or to its worker's death. */
export interface LoggedCall {
  readonly worker: string;
  readonly phone: string;
  readonly taskId: number;
  readonly grantedAt: number;
  readonly from: number;
  readonly to: number;
}

/** Pairs each worker's starts and ends; a call of a killed worker that never ended lasted until the kill. */
export function callsOf(workers: readonly WorkerProcess[]): LoggedCall[] {
  const calls: LoggedCall[] = [];
  for (const w of workers) {
    const open = new Map<string, WorkerEvent>();
    for (const e of w.events) {
      if (e.ev === 'start') open.set(e.phone!, e);
      else if (e.ev === 'end') {
        const s = open.get(e.phone!);
        if (!s) continue;
        open.delete(e.phone!);
        calls.push({ worker: w.id, phone: s.phone!, taskId: s.taskId!, grantedAt: s.g!, from: s.t, to: e.t });
      }
    }
    for (const s of open.values()) calls.push({ worker: w.id, phone: s.phone!, taskId: s.taskId!, grantedAt: s.g!, from: s.t, to: w.killedAt ?? Number.POSITIVE_INFINITY });
  }
  return calls.sort((a, b) => a.from - b.from);
}

/** The most calls in progress at any dial's start (sampled at every start, the start itself counted). */
export function mostAtOnce(calls: readonly { readonly from: number; readonly to: number }[]): number {
  let most = 0;
  for (const c of calls) most = Math.max(most, calls.filter((o) => o.from <= c.from && c.from < o.to).length);
  return most;
}

/** The most instants inside any window [t, t + windowMs). */
export function mostInWindow(times: readonly number[], windowMs = 1_000): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
