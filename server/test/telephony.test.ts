/** Trunks, caller numbers and extensions over the API, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';
import { trunkConfigOf } from '../src/telephony/index.js';
import { SecretBox } from '../src/secrets/box.js';

describe.each(await databases())('telephony settings on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  let bravo: string;
  let root: string;
  beforeAll(async () => {
    api = await startApi(kind);
    [admin, leader, bravo, root] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('bravo'), api.login('root')]);
  });
  afterAll(async () => { await api?.close(); });

  it('keeps a trunk with the seed\'s settings, its password sealed and never shown', async () => {
    const r = await api.call('POST', '/api/trunks', admin, {
      name: '电信中继', host: '10.0.0.8', mode: 'register', username: 'acct', password: 'gw-secret-1', lines: 30, campaignLines: 20,
      stripDigits: 0, addPrefix: '9', callerIdPrefixes: ['0755'], calleePrefixes: ['1', '0'],
    });
    expect(r.statusCode, r.body).toBe(201);
    const trunk = r.json().trunk;
    expect(trunk).toMatchObject({ name: '电信中继', port: 5060, transport: 'udp', hasPassword: true, lines: 30, campaignLines: 20, addPrefix: '9', calleePrefixes: ['1', '0'] });
    expect(r.body).not.toContain('gw-secret-1');
    const row = await api.db.trunk.findUniqueOrThrow({ where: { id: trunk.id } });
    expect(row.password).toMatch(/^v1:/);
    expect(row.password).not.toContain('gw-secret-1');
    expect((await api.call('GET', '/api/trunks', admin)).body).not.toContain('gw-secret-1');
    expect((await api.call('GET', '/api/audit', admin)).body).not.toContain('gw-secret-1');
    // The dialer reads it back with the server's key, and only with it.
    expect(trunkConfigOf(row, api.secrets)).toMatchObject({ password: 'gw-secret-1', username: 'acct', lines: 30, calleePrefixes: ['1', '0'] });
    expect(() => trunkConfigOf(row, SecretBox.random())).toThrow(/does not open/);
  });

  it('checks settings together and says which field is wrong', async () => {
    const r = await api.call('POST', '/api/trunks', admin, { name: 'x', host: 'gw:5060', mode: 'register', lines: 2, campaignLines: 3 });
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'TRUNK_INVALID']);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toEqual(['/host', '/username', '/campaignLines']);
    const id = (await api.call('GET', '/api/trunks', admin)).json().items[0].id;
    // Removing the password of a registering trunk leaves invalid settings: refused, nothing changed.
    const p = await api.call('PATCH', `/api/trunks/${id}`, admin, { password: null });
    expect([p.statusCode, p.json().error.details[0].path]).toEqual([400, '/password']);
    // Fewer lines than the campaign share: the merged settings are what is checked.
    const fewer = await api.call('PATCH', `/api/trunks/${id}`, admin, { lines: 10 });
    expect([fewer.statusCode, fewer.json().error.details[0].path]).toEqual([400, '/campaignLines']);
    const peer = await api.call('PATCH', `/api/trunks/${id}`, admin, { mode: 'peer', password: null, lines: 10, campaignLines: 8 });
    expect(peer.json().trunk).toMatchObject({ mode: 'peer', hasPassword: false, lines: 10, campaignLines: 8 });
    expect((await api.call('POST', '/api/trunks', admin, { name: '电信中继', host: 'h' })).json().error.code).toBe('TRUNK_NAME_TAKEN');
    expect((await api.call('PATCH', `/api/trunks/${id}`, bravo, { lines: 1 })).statusCode).toBe(404);
    expect((await api.call('GET', '/api/trunks', leader)).statusCode).toBe(403);
  });

  it('lists caller numbers for approval by the platform only', async () => {
    const r = await api.call('POST', '/api/caller-ids', admin, { number: '0755-8234 5678', note: '深圳总机' });
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json().callerId;
    expect(c).toMatchObject({ number: '075582345678', approved: false });
    expect((await api.call('POST', '/api/caller-ids', admin, { number: '075582345678' })).json().error.code).toBe('CALLER_ID_EXISTS');
    expect((await api.call('POST', '/api/caller-ids', admin, { number: '12' })).json().error.details[0].path).toBe('/number');
    expect((await api.call('PATCH', `/api/platform/caller-ids/${c.id}`, admin, { approved: true })).statusCode).toBe(403);
    const pending = (await api.call('GET', '/api/platform/caller-ids?approved=false', root)).json().items;
    expect(pending.map((x: { number: string }) => x.number)).toContain('075582345678');
    const ok = await api.call('PATCH', `/api/platform/caller-ids/${c.id}`, root, { approved: true });
    expect(ok.json().callerId).toMatchObject({ approved: true });
    expect((await api.call('GET', '/api/caller-ids', leader)).json().items[0].approved).toBe(true);
    expect((await api.call('GET', '/api/caller-ids', bravo)).json().items).toEqual([]);
    expect((await api.call('DELETE', `/api/caller-ids/${c.id}`, bravo)).statusCode).toBe(404);
  });

  it('makes extensions with a sealed SIP secret shown once', async () => {
    const r = await api.call('POST', '/api/extensions', admin, { number: '8001', kind: 'deskphone' });
    expect(r.statusCode, r.body).toBe(201);
    const { extension, password } = r.json();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    const row = await api.db.extension.findUniqueOrThrow({ where: { id: extension.id } });
    expect(row.sipPassword).not.toContain(password);
    expect((await api.call('GET', '/api/extensions', admin)).body).not.toContain(password);
    expect((await api.call('POST', '/api/extensions', admin, { number: '8001' })).json().error.code).toBe('EXTENSION_EXISTS');
    const reset = await api.call('POST', `/api/extensions/${extension.id}/reset-secret`, admin);
    expect(reset.json().password).not.toBe(password);
    expect((await api.call('PATCH', `/api/extensions/${extension.id}`, admin, { enabled: false })).json().extension.enabled).toBe(false);
    expect((await api.call('PATCH', `/api/extensions/${extension.id}`, bravo, { enabled: true })).statusCode).toBe(404);
    expect((await api.call('DELETE', `/api/extensions/${extension.id}`, admin)).statusCode).toBe(204);
  });
});
