/**
 * The server's robot caller refuses before dialing (nothing starts: no SIP agent, no VAD) when
 * the script, the trunk or the enterprise's speech engines are missing — over POST /api/calls/test
 * and on the RobotCaller itself. The call that goes through is in e2e/robot-test-call.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleById } from '@waihu/scripts-templates';
import { startApi } from './support.js';
import type { TestApi } from './support.js';
import { RobotCaller } from '../src/calls/robot-caller.js';
import { CallRecords, RecordingStorage } from '../src/calls/index.js';
import { LocalFileStore } from '../src/storage/index.js';
import { defaultConfig } from '../src/config.js';

describe('robot test calls refused before dialing (sqlite)', () => {
  let api: TestApi;
  let admin: string, leader: string, agent: string, bravo: string;
  let templateId: number, trunkId: number;

  beforeAll(async () => {
    api = await startApi('sqlite');
    [admin, leader, agent, bravo] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
    const t = await api.db.template.create({ data: { enterpriseId: api.a.id, name: '贷款', currentVersion: 1, revision: 0 } });
    await api.db.templateVersion.create({ data: { enterpriseId: api.a.id, templateId: t.id, number: 1, source: JSON.stringify(sampleById('loan').template) } });
    templateId = t.id;
    const r = await api.call('POST', '/api/trunks', admin, { name: '网关', host: '127.0.0.1', port: 5099, lines: 2, campaignLines: 1 });
    expect(r.statusCode, r.body).toBe(201);
    trunkId = r.json().trunk.id;
  });
  afterAll(async () => { await api?.close(); });

  const body = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ templateId, trunkId, number: '13800138000', callerId: '02150001234', ...over });

  it('answers 409 SPEECH_NOT_CONFIGURED until the enterprise has both engines', async () => {
    const r = await api.call('POST', '/api/calls/test', leader, body());
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'SPEECH_NOT_CONFIGURED', details: { missing: ['asr', 'tts'] } });
    expect((await api.call('PUT', '/api/speech', admin, { tts: { provider: 'espeak' } })).statusCode).toBe(200);
    const tts = await api.call('POST', '/api/calls/test', leader, body());
    expect(tts.json().error).toMatchObject({ code: 'SPEECH_NOT_CONFIGURED', details: { missing: ['asr'] } });
    expect(await api.db.callAttempt.count()).toBe(0);
  });

  it('answers 404 for an unknown trunk or script, and another enterprise\'s', async () => {
    expect((await api.call('POST', '/api/calls/test', leader, body({ trunkId: 9999 }))).json().error).toMatchObject({ code: 'NOT_FOUND', message: 'trunk not found' });
    expect((await api.call('POST', '/api/calls/test', leader, body({ templateId: 9999 }))).statusCode).toBe(404);
    const other = await api.call('POST', '/api/calls/test', bravo, body());
    expect(other.statusCode, other.body).toBe(404);
  });

  it('is for managers, with a checked body', async () => {
    expect((await api.call('POST', '/api/calls/test', agent, body())).statusCode).toBe(403);
    expect((await api.call('POST', '/api/calls/test', leader, body({ number: 'abc' }))).statusCode).toBe(400);
    expect((await api.call('POST', '/api/calls/test', null, body())).statusCode).toBe(401);
  });

  it('refuses on the RobotCaller itself with coded errors, starting nothing', async () => {
    let started = 0;
    const caller = new RobotCaller({
      config: defaultConfig({ logLevel: 'silent', dataDir: '/tmp/waihu-unused' }), db: api.db, secrets: api.secrets,
      calls: new CallRecords({ db: api.db, recordings: new RecordingStorage(api.db, new LocalFileStore('/tmp/waihu-unused'), api.secrets) }),
      agent: () => { started++; return Promise.reject(new Error('no agent in this test')); },
    });
    const req = { enterpriseId: api.b.id, templateId, trunkId, number: '13800138000', callerId: '1' };
    await expect(caller.call(req)).rejects.toMatchObject({ status: 404 });
    const bt = await api.db.template.create({ data: { enterpriseId: api.b.id, name: 'b', currentVersion: 1, revision: 0 } });
    const bv = await api.db.templateVersion.create({ data: { enterpriseId: api.b.id, templateId: bt.id, number: 1, source: JSON.stringify(sampleById('loan').template) } });
    const btrunk = await api.db.trunk.create({ data: { enterpriseId: api.b.id, name: 'gw', host: '127.0.0.1' } });
    await expect(caller.call({ ...req, templateId: undefined, templateVersionId: bv.id, trunkId: trunkId })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(caller.call({ ...req, templateVersionId: bv.id, trunkId: btrunk.id })).rejects.toMatchObject({ status: 409, code: 'SPEECH_NOT_CONFIGURED' });
    const test = await api.db.trunk.create({ data: { enterpriseId: api.b.id, name: 'test', host: 'test' } });
    await expect(caller.call({ ...req, templateVersionId: bv.id, trunkId: test.id })).rejects.toMatchObject({ status: 409, code: 'TEST_TRUNK' });
    await caller.close();
    expect(started).toBe(0);
  });
});
