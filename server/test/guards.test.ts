import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { TENANT_MODELS } from '../src/tenancy.js';
import Fastify from 'fastify';
import { startApi } from './support.js';
import { authPlugin } from '../src/auth/plugin.js';

describe('tenant isolation and role checks are structural', () => {
  it('scopes exactly the models that carry enterpriseId', async () => {
    const schema = await readFile(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
    const owned = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].filter((m) => /^\s+enterpriseId\s/m.test(m[2]!)).map((m) => m[1]);
    expect([...TENANT_MODELS].sort()).toEqual(owned.sort());
  });

  it('refuses to start with an /api route that declares no roles', async () => {
    const api = await startApi('sqlite');
    const app = Fastify({ logger: false });
    await app.register(authPlugin, { db: api.db, clock: () => 0 });
    let error: unknown = null;
    try {
      app.get('/api/oops', async () => ({}));
      await app.ready();
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain('GET /api/oops declares neither config.roles nor config.public');
    await app.close().catch(() => undefined);
    await api.close();
  });

  it('confines a scoped client: creates land in the enterprise, other rows are invisible', async () => {
    const api = await startApi('sqlite');
    const { scopedDb } = await import('../src/tenancy.js');
    const a = scopedDb(api.db, api.a.id);
    const made = await a.blacklist.create({ data: { phone: '13800138000', enterpriseId: api.b.id } as never });
    expect(made.enterpriseId).toBe(api.a.id);
    await api.db.blacklist.create({ data: { phone: '13900139000', enterpriseId: api.b.id } });
    expect((await a.blacklist.findMany()).map((x) => x.phone)).toEqual(['13800138000']);
    expect(await a.blacklist.count()).toBe(1);
    const bRow = await api.db.blacklist.findFirst({ where: { enterpriseId: api.b.id } });
    expect(await a.blacklist.findUnique({ where: { id: bRow!.id } })).toBeNull();
    await expect(a.blacklist.delete({ where: { id: bRow!.id } })).rejects.toThrow();
    expect((await a.blacklist.deleteMany({})).count).toBe(1);
    expect(await api.db.blacklist.count()).toBe(1);
    await api.close();
  });
});
