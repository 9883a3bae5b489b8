import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import Fastify from 'fastify';
import { readFile } from 'node:fs/promises';
import { SAMPLES } from '@waihu/scripts-templates';
import { PASSWORD, databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';
import { loggerOptions } from '../src/logger.js';
import { defaultConfig } from '../src/config.js';

const kinds = await databases();

describe.each(kinds)('audit log on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(kind); });
  afterAll(async () => { await api?.close(); });

  it('records who changed what, without secrets, visible only inside the enterprise', async () => {
    const admin = await api.login('acme');
    const body = multipart('loan.xlsx', await readFile(SAMPLES[0]!.xlsx));
    const up = await api.app.inject({ method: 'POST', url: '/api/scripts', headers: { ...body.headers, authorization: `Bearer ${admin}` }, payload: body.payload });
    const id = up.json().script.id as number;
    await api.call('PATCH', `/api/scripts/${id}`, admin, { revision: 0, name: '新名字' });
    await api.call('POST', `/api/scripts/${id}/simulate`, admin, { lines: ['好的'] });
    await api.call('POST', '/api/auth/password', admin, { oldPassword: PASSWORD, newPassword: 'Another123' });
    await api.call('PATCH', `/api/scripts/${id}`, admin, { revision: 99, name: 'x' }); // refused: not a change
    const log = (await api.call('GET', '/api/audit', admin)).json().items as { action: string; entity: string; entityId: string | null; after: unknown; userId: number }[];
    expect(log.map((r) => r.action)).toEqual(['POST /api/auth/password', 'PATCH /api/scripts/:id', 'POST /api/scripts']);
    expect(log[0]!.after).toEqual({ oldPassword: '[redacted]', newPassword: '[redacted]' });
    expect(log[1]).toMatchObject({ entity: 'scripts', entityId: String(id), after: { revision: 0, name: '新名字' }, userId: api.a.adminId });
    const other = (await api.call('GET', '/api/audit', await api.login('bravo'))).json().items;
    expect(other).toEqual([]);
    expect((await api.call('GET', '/api/audit', await api.login('2001@acme'))).statusCode).toBe(403);
  });
});

describe('logs', () => {
  it('redact phone numbers, transcripts and secrets under their keys', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const options = loggerOptions(defaultConfig({ logLevel: 'info' })) as pino.LoggerOptions;
    const log = pino(options, sink);
    log.info({ phone: '13800138000', transcript: '我姓张，电话13800138000', lead: { phone: '13900139000' }, req: { headers: { authorization: 'Bearer abc' } } }, 'dialed');
    const text = lines.join('');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('13900139000');
    expect(text).not.toContain('Bearer abc');
    expect(JSON.parse(text)).toMatchObject({ phone: '[redacted]', transcript: '[redacted]', lead: { phone: '[redacted]' }, msg: 'dialed' });
  });

  it('keep query strings (phone searches) out of request logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = Fastify({ logger: { ...(loggerOptions(defaultConfig({ logLevel: 'info' })) as object), stream } });
    app.get('/api/leads', async () => ({ items: [] }));
    await app.inject({ method: 'GET', url: '/api/leads?phone=13800138000' });
    await app.close();
    const text = lines.join('');
    expect(text).toContain('/api/leads?[redacted]');
    expect(text).not.toContain('13800138000');
  });
});

