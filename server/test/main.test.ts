/** `npm start` as a user runs it: migrate, seed the demo enterprise, serve, stop on SIGTERM. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('npm start', () => {
  it('migrates a new database, seeds the demo enterprise (scripts, a lead batch, a user per role), serves the API and shuts down cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waihu-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: { ...process.env, DATABASE_URL: `file:${join(dir, 'w.db')}`, PORT: '0', LOG_LEVEL: 'warn' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address in time:\n${out}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /API: (http:\/\/[\d.:]+)/.exec(out);
        if (m && out.includes('2001@demo')) { clearTimeout(timer); resolve(m[1]!); }
      });
    });
    expect(out).toMatch(/ENTERPRISE_ADMIN\s+demo\s+\S+/);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ ok: true });
    const password = /ENTERPRISE_ADMIN\s+demo\s+(\S+)/.exec(out)![1]!;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'demo', password }) });
    const { token } = (await login.json()) as { token: string };
    const scripts = (await (await fetch(`${url}/api/scripts`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: unknown[] };
    expect(scripts.items).toHaveLength(4);
    const leads = (await (await fetch(`${url}/api/leads?pageSize=10`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };
    expect(leads.total).toBe(50);
    const code = await new Promise<number | null>((resolve) => { child.on('exit', resolve); child.kill('SIGTERM'); });
    expect(code).toBe(0);
  }, 60_000);
});
