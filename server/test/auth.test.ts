import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, databases, startApi } from './support.js';
import type { TestApi } from './support.js';
import { parseConfig } from '../src/config.js';

const kinds = await databases();

describe.each(kinds)('auth on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(kind, { lockoutThreshold: 3, lockoutMs: 60_000 }); });
  afterAll(async () => { await api?.close(); });

  it('logs in with each form of PRODUCT.md and says who you are', async () => {
    for (const [account, role] of [['acme', 'ENTERPRISE_ADMIN'], ['1001@acme', 'LEADER'], ['2001@acme', 'AGENT'], ['13800130001', 'AGENT'], ['+86 138-0013-0002', 'AGENT'], ['root', 'PLATFORM_ADMIN']] as const) {
      const token = await api.login(account);
      const me = await api.call('GET', '/api/auth/me', token);
      expect(me.statusCode, account).toBe(200);
      expect(me.json().principal.role, account).toBe(role);
    }
  });

  it('sets an httpOnly session cookie that works on its own', async () => {
    const r = await api.call('POST', '/api/auth/login', null, { account: 'acme', password: PASSWORD });
    const cookie = r.cookies.find((c) => c.name === 'waihu_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await api.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { waihu_session: cookie!.value } });
    expect(me.json().principal.name).toBe('管理员');
  });

  it('refuses wrong passwords and unknown accounts alike', async () => {
    for (const account of ['acme', 'nobody', '9999@acme', '1001@bravo-x', '@', '']) {
      const r = await api.call('POST', '/api/auth/login', null, { account: account || ' ', password: 'wrong-pass1' });
      expect(r.statusCode, account).toBe(401);
      expect(r.json().error.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('locks an account after repeated failures, until the lock expires', async () => {
    for (let i = 0; i < 2; i++) expect((await api.call('POST', '/api/auth/login', null, { account: '1001@bravo', password: 'nope12345' })).statusCode).toBe(401);
    const locked = await api.call('POST', '/api/auth/login', null, { account: '1001@bravo', password: 'nope12345' });
    expect(locked.statusCode).toBe(403);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBe(60);
    const stillLocked = await api.call('POST', '/api/auth/login', null, { account: '1001@bravo', password: PASSWORD });
    expect(stillLocked.json().error.code).toBe('ACCOUNT_LOCKED');
    api.clock.now += 61_000;
    expect(await api.login('1001@bravo')).toMatch(/^[\w-]{40,}$/);
  });

  it('stores only hashes of passwords and session tokens', async () => {
    const token = await api.login('2001@bravo');
    const user = await api.db.user.findFirst({ where: { workNo: '2001', enterpriseId: api.b.id } });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await api.db.session.count({ where: { tokenHash: token } })).toBe(0);
  });

  it('expires sessions and ends them at logout', async () => {
    const token = await api.login('2001@acme');
    expect((await api.call('POST', '/api/auth/logout', token)).statusCode).toBe(200);
    expect((await api.call('GET', '/api/auth/me', token)).statusCode).toBe(401);
    const old = await api.login('2001@acme');
    api.clock.now += 13 * 3_600_000;
    expect((await api.call('GET', '/api/auth/me', old)).statusCode).toBe(401);
  });

  it('changes a password, ending the other sessions but not this one', async () => {
    const first = await api.login('bravo');
    const second = await api.login('bravo');
    const weak = await api.call('POST', '/api/auth/password', second, { oldPassword: PASSWORD, newPassword: 'short' });
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const wrong = await api.call('POST', '/api/auth/password', second, { oldPassword: 'bad-old-1', newPassword: 'NewSecret456' });
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    expect((await api.call('POST', '/api/auth/password', second, { oldPassword: PASSWORD, newPassword: 'NewSecret456' })).statusCode).toBe(200);
    expect((await api.call('GET', '/api/auth/me', second)).statusCode).toBe(200);
    expect((await api.call('GET', '/api/auth/me', first)).statusCode).toBe(401);
    expect(await api.login('bravo', 'NewSecret456')).toBeTruthy();
  });

  it('shuts out a disabled enterprise, sessions included', async () => {
    const token = await api.login('2001@acme');
    await api.db.enterprise.update({ where: { id: api.a.id }, data: { disabled: true } });
    expect((await api.call('GET', '/api/auth/me', token)).statusCode).toBe(401);
    const r = await api.call('POST', '/api/auth/login', null, { account: '1001@acme', password: PASSWORD });
    expect(r.json().error.code).toBe('ACCOUNT_DISABLED');
    await api.db.enterprise.update({ where: { id: api.a.id }, data: { disabled: false } });
  });
});

describe('configuration', () => {
  it('lists every problem at once', () => {
    const r = parseConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', COOKIE_SECURE: 'maybe' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toHaveLength(4);
  });
});
