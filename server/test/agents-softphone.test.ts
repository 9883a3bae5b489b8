/**
 * GET /api/agents/me/softphone: an agent or leader gets the SIP edge's WebSocket, their own
 * extension's address in the enterprise's SIP domain and its secret (unsealed), never cached;
 * no bound or a disabled extension is 409 NO_EXTENSION, other roles 403, no SIP_WS_URL 503;
 * SIP_WS_URL is checked when the configuration is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';

describe.each(await databases())('the browser softphone\'s credentials on %s', (kind) => {
  let api: TestApi;
  let agent: string;
  let leader: string;
  let admin: string;
  let bravoAgent: string;
  let extensionId: number;
  beforeAll(async () => {
    api = await startApi(kind, { sipWsUrl: 'ws://127.0.0.1:8088' });
    [agent, leader, admin, bravoAgent] = await Promise.all([api.login('2001@acme'), api.login('1001@acme'), api.login('acme'), api.login('2001@bravo')]);
    const ext = await api.db.extension.create({ data: { enterpriseId: api.a.id, number: '8001', sipPassword: api.secrets.seal('s3cret-8001-abc') } });
    extensionId = ext.id;
    await api.db.user.updateMany({ where: { enterpriseId: api.a.id, workNo: '2001' }, data: { extensionId: ext.id } });
  });
  afterAll(async () => { await api?.close(); });

  it('gives an agent their extension\'s SIP address, secret and the edge, not to be cached', async () => {
    const r = await api.call('GET', '/api/agents/me/softphone', agent);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ wsUrl: 'ws://127.0.0.1:8088', sipUri: 'sip:8001@acme', password: 's3cret-8001-abc', extension: '8001', displayName: expect.any(String) });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('says when no extension is bound or it is disabled, and only agents and leaders ask', async () => {
    expect((await api.call('GET', '/api/agents/me/softphone', leader)).json().error.code).toBe('NO_EXTENSION');
    // Another enterprise's agent with the same 工号 gets nothing of acme's.
    const other = await api.call('GET', '/api/agents/me/softphone', bravoAgent);
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'NO_EXTENSION']);
    expect((await api.call('GET', '/api/agents/me/softphone', admin)).statusCode).toBe(403);
    expect((await api.call('GET', '/api/agents/me/softphone', null)).statusCode).toBe(401);
    await api.db.extension.update({ where: { id: extensionId }, data: { enabled: false } });
    const disabled = await api.call('GET', '/api/agents/me/softphone', agent);
    expect([disabled.statusCode, disabled.json().error.code]).toEqual([409, 'NO_EXTENSION']);
    await api.db.extension.update({ where: { id: extensionId }, data: { enabled: true } });
  });
});

describe('the browser softphone without the SIP edge', () => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi('sqlite'); });
  afterAll(async () => { await api?.close(); });

  it('answers 503 SOFTPHONE_NOT_CONFIGURED', async () => {
    const r = await api.call('GET', '/api/agents/me/softphone', await api.login('2001@acme'));
    expect([r.statusCode, r.json().error.code]).toEqual([503, 'SOFTPHONE_NOT_CONFIGURED']);
  });

  it('reads SIP_WS_URL once and names a bad one', () => {
    const good = parseConfig({ SIP_WS_URL: 'wss://edge.example.com/ws' });
    expect(good.ok && good.config.sipWsUrl).toBe('wss://edge.example.com/ws');
    const bad = parseConfig({ SIP_WS_URL: 'http://127.0.0.1:8088' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^SIP_WS_URL: expected ws:\/\//)]);
  });
});
