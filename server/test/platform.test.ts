import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';

const kinds = await databases();

describe.each(kinds)('platform administration on %s', (kind) => {
  let api: TestApi;
  let root: string;
  beforeAll(async () => { api = await startApi(kind); root = await api.login('root'); });
  afterAll(async () => { await api?.close(); });

  it('creates an enterprise whose admin can log in with the password shown once', async () => {
    const r = await api.call('POST', '/api/platform/enterprises', root, { name: '星辰教育', account: 'xingchen', kind: 'merchant' });
    expect(r.statusCode).toBe(201);
    const { admin, enterprise } = r.json();
    expect(admin.login).toBe('xingchen');
    const token = await api.login('xingchen', admin.password);
    expect((await api.call('GET', '/api/auth/me', token)).json().principal).toMatchObject({ role: 'ENTERPRISE_ADMIN', enterpriseId: enterprise.id });
    const dup = await api.call('POST', '/api/platform/enterprises', root, { name: 'x', account: 'xingchen' });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'ACCOUNT_TAKEN']);
    const weak = await api.call('POST', '/api/platform/enterprises', root, { name: 'y', account: 'yy', adminPassword: '123' });
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
  });

  it('lists enterprises and disables one, logging its users out', async () => {
    const member = await api.login('1001@bravo');
    const list = await api.call('GET', '/api/platform/enterprises', root);
    expect(list.json().items.map((e: { account: string }) => e.account)).toEqual(expect.arrayContaining(['acme', 'bravo']));
    const off = await api.call('PATCH', `/api/platform/enterprises/${api.b.id}`, root, { disabled: true });
    expect(off.json().enterprise.disabled).toBe(true);
    expect((await api.call('GET', '/api/auth/me', member)).statusCode).toBe(401);
    await api.call('PATCH', `/api/platform/enterprises/${api.b.id}`, root, { disabled: false });
    expect(await api.login('1001@bravo')).toBeTruthy();
  });

  it('is the platform admin\'s alone', async () => {
    const admin = await api.login('acme');
    expect((await api.call('GET', '/api/platform/enterprises', admin)).statusCode).toBe(403);
    expect((await api.call('POST', '/api/platform/enterprises', admin, { name: 'z', account: 'zz' })).statusCode).toBe(403);
  });
});
