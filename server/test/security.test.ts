/**
 * Walks every API route: anonymous callers are refused everywhere but login and health; a user
 * of enterprise A never reaches enterprise B's data; agents cannot reach managers' routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { SAMPLES } from '@waihu/scripts-templates';
import { databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';

const kinds = await databases();
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every route the OpenAPI document lists, with path parameters filled in. */
function routes(api: TestApi, id: number, uid = 1): { method: Method; url: string; path: string }[] {
  const doc = api.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({
    method: m.toUpperCase() as Method,
    path,
    url: path.replace(/\{id\}/g, String(id)).replace(/\{number\}/g, '1').replace(/\{uid\}/g, String(uid)),
  })));
}

const PUBLIC = new Set(['POST /api/auth/login', 'GET /health']);

describe.each(kinds)('access control on %s', (kind) => {
  let api: TestApi;
  let bScript: number;
  let bUnmatched: number;
  beforeAll(async () => {
    api = await startApi(kind);
    const body = multipart('loan.xlsx', await readFile(SAMPLES[0]!.xlsx));
    const r = await api.app.inject({ method: 'POST', url: '/api/scripts', headers: { ...body.headers, authorization: `Bearer ${await api.login('bravo')}` }, payload: body.payload });
    bScript = r.json().script.id;
    bUnmatched = (await api.db.unmatchedUtterance.create({ data: { enterpriseId: api.b.id, templateId: bScript, text: '多久到账', flow: '开场白' } })).id;
  });
  afterAll(async () => { await api?.close(); });

  it('documents every route in OpenAPI at /docs', async () => {
    const r = await api.call('GET', '/docs/json', null);
    expect(r.statusCode).toBe(200);
    const listed = routes(api, 1).map((x) => `${x.method} ${x.path}`);
    expect(listed).toEqual(expect.arrayContaining(['POST /api/auth/login', 'POST /api/scripts', 'PUT /api/scripts/{id}', 'POST /api/scripts/{id}/simulate']));
    expect(listed.length).toBeGreaterThanOrEqual(15);
  });

  it('refuses anonymous callers on every route but login and health', async () => {
    for (const r of routes(api, bScript)) {
      if (PUBLIC.has(`${r.method} ${r.path}`) || !r.path.startsWith('/api')) continue;
      const res = await api.call(r.method, r.url, null, r.method === 'GET' ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it("never shows enterprise B's data to enterprise A", async () => {
    const token = await api.login('acme');
    // Routes an admin's role may not use (an agent's follow-up…) are walked again as A's leader.
    const leader = await api.login('1001@acme');
    const file = multipart('loan.xlsx', await readFile(SAMPLES[0]!.xlsx));
    for (const r of routes(api, bScript, bUnmatched)) {
      if (!r.path.includes('{id}')) continue;
      if (r.path.endsWith('/file')) {
        const res = await api.app.inject({ method: 'POST', url: `${r.url}?revision=0`, headers: { ...file.headers, authorization: `Bearer ${token}` }, payload: file.payload });
        expect(res.statusCode, r.url).toBe(404);
        continue;
      }
      const body = r.method === 'GET' ? undefined
        : r.path.endsWith('/simulate') ? { lines: ['好的'] }
          : r.path.endsWith('/resolve') ? { revision: 0, as: 'correction', correction: '到账' }
            : r.path.endsWith('/copy') ? {}
            : r.method === 'PATCH' ? { revision: 0, name: 'x' } : { revision: 0, template: SAMPLES[0]!.template };
      let res = await api.call(r.method, r.url, token, body);
      if (res.statusCode === 403 && !r.path.startsWith('/api/platform')) res = await api.call(r.method, r.url, leader, body);
      // 404 where the route is theirs to use (B's rows do not exist for A), 403 where the role is not.
      const expected = r.path.startsWith('/api/platform') ? 403 : 404;
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body.slice(0, 120)}`).toBe(expected);
    }
    const list = await api.call('GET', '/api/scripts', token);
    expect(list.json().items).toEqual([]);
    const still = await api.call('GET', `/api/scripts/${bScript}`, await api.login('bravo'));
    expect(still.json().script.revision).toBe(0);
  });

  it("keeps agents out of managers' routes", async () => {
    const agent = await api.login('2001@acme');
    for (const [method, url] of [['GET', '/api/scripts'], ['POST', '/api/scripts'], ['GET', '/api/scripts/1']] as const) {
      const res = await api.call(method, url, agent, method === 'POST' ? {} : undefined);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('answers unknown routes with 404 and no internals', async () => {
    const res = await api.call('GET', '/api/nothing-here', await api.login('acme'));
    expect(res.statusCode).toBe(404);
  });
});
