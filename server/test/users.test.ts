/** Managing the enterprise's users (坐席管理 basics) on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';

describe.each(await databases())('users on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  let agent: string;
  let bravo: string;
  beforeAll(async () => {
    api = await startApi(kind);
    [admin, leader, agent, bravo] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
  });
  afterAll(async () => { await api?.close(); });

  it('adds an agent with a generated password that logs in, and lists by role', async () => {
    const ext = await api.db.extension.create({ data: { enterpriseId: api.a.id, number: '8001', sipPassword: 'x' } });
    const r = await api.call('POST', '/api/users', admin, { role: 'AGENT', workNo: '2002', name: '  王坐席 ', mobile: '139 0000 1111', callerNumber: '13900002222', extensionId: ext.id });
    expect(r.statusCode, r.body).toBe(201);
    const { user, password } = r.json();
    expect(user).toMatchObject({ role: 'AGENT', workNo: '2002', name: '王坐席', mobile: '13900001111', callerNumber: '13900002222', extension: { id: ext.id, number: '8001' }, disabled: false });
    expect(password).toMatch(/^[A-Za-z0-9]{12}$/);
    expect((await api.login('2002@acme', password)).length).toBeGreaterThan(10);
    expect((await api.login('13900002222', password)).length).toBeGreaterThan(10);
    const given = await api.call('POST', '/api/users', admin, { role: 'LEADER', workNo: '1002', name: '李班长', password: 'Chosen123' });
    expect(given.json().password).toBeNull();
    const agents = (await api.call('GET', '/api/users?role=AGENT', leader)).json().items.map((u: { workNo: string }) => u.workNo);
    expect(agents).toEqual(['2001', '2002']);
    expect((await api.call('GET', '/api/users?q=王', leader)).json().items.map((u: { workNo: string }) => u.workNo)).toEqual(['2002']);
    expect((await api.call('GET', '/api/users', bravo)).json().items.map((u: { workNo: string }) => u.workNo)).not.toContain('2002');
  });

  it('refuses duplicates, bad numbers, weak passwords and foreign extensions with located errors', async () => {
    const dup = await api.call('POST', '/api/users', admin, { role: 'AGENT', workNo: '2001', name: 'x' });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'WORK_NO_TAKEN']);
    const taken = await api.call('POST', '/api/users', bravo, { role: 'AGENT', workNo: '2009', name: 'x', callerNumber: '13900002222' });
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'CALLER_NUMBER_TAKEN']);
    const phone = await api.call('POST', '/api/users', admin, { role: 'AGENT', workNo: '2009', name: 'x', mobile: '12345' });
    expect([phone.statusCode, phone.json().error.details[0].path]).toEqual([400, '/mobile']);
    expect((await api.call('POST', '/api/users', admin, { role: 'AGENT', workNo: '2009', name: 'x', password: 'short' })).json().error.code).toBe('WEAK_PASSWORD');
    const bExt = await api.db.extension.create({ data: { enterpriseId: api.b.id, number: '9001', sipPassword: 'x' } });
    expect((await api.call('POST', '/api/users', admin, { role: 'AGENT', workNo: '2009', name: 'x', extensionId: bExt.id })).json().error.code).toBe('EXTENSION_UNKNOWN');
    for (const body of [{ role: 'PLATFORM_ADMIN', workNo: '9', name: 'x' }, { role: 'AGENT', workNo: 'a b', name: 'x' }, { role: 'AGENT', workNo: '9', name: 'x', enterpriseId: api.b.id }]) {
      expect((await api.call('POST', '/api/users', admin, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await api.db.user.count({ where: { workNo: '2009' } })).toBe(0);
  });

  it('lets only admins change users; disabling ends sessions; reset clears a lockout', async () => {
    const target = (await api.db.user.findFirstOrThrow({ where: { enterpriseId: api.a.id, workNo: '2001' } })).id;
    expect((await api.call('PATCH', `/api/users/${target}`, leader, { name: 'x' })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/users', agent, { role: 'AGENT', workNo: '7', name: 'x' })).statusCode).toBe(403);
    expect((await api.call('GET', '/api/users', agent)).statusCode).toBe(403);
    expect((await api.call('PATCH', `/api/users/${target}`, bravo, { name: 'x' })).statusCode).toBe(404);
    expect((await api.call('GET', '/api/auth/me', agent)).statusCode).toBe(200);
    const off = await api.call('PATCH', `/api/users/${target}`, admin, { disabled: true });
    expect(off.json().user.disabled).toBe(true);
    expect((await api.call('GET', '/api/auth/me', agent)).statusCode).toBe(401);
    await api.call('PATCH', `/api/users/${target}`, admin, { disabled: false });
    await api.db.user.update({ where: { id: target }, data: { failedLogins: 9, lockedUntil: new Date(api.clock.now + 3_600_000) } });
    const reset = await api.call('POST', `/api/users/${target}/reset-password`, admin);
    agent = await api.login('2001@acme', reset.json().password);
    expect((await api.call('GET', '/api/auth/me', agent)).statusCode).toBe(200);
  });

  it('keeps an enabled admin: nobody disables or demotes themselves', async () => {
    const self = (await api.call('GET', '/api/auth/me', admin)).json().principal.userId;
    for (const body of [{ role: 'AGENT' }, { disabled: true }]) {
      const r = await api.call('PATCH', `/api/users/${self}`, admin, body);
      expect([r.statusCode, r.json().error.code]).toEqual([409, 'SELF_LOCKOUT']);
    }
    // A second admin may disable the first; that admin's session ends with it.
    const second = (await api.call('POST', '/api/users', admin, { role: 'ENTERPRISE_ADMIN', workNo: 'boss2', name: '二号管理员', password: 'Second123' })).json().user;
    const boss2 = await api.login('boss2@acme', 'Second123');
    expect((await api.call('PATCH', `/api/users/${self}`, boss2, { disabled: true })).statusCode).toBe(200);
    expect((await api.call('PATCH', `/api/users/${second.id}`, admin, { disabled: true })).statusCode).toBe(401);
    expect((await api.call('PATCH', `/api/users/${self}`, boss2, { disabled: false })).json().user.disabled).toBe(false);
  });
});
