/**
 * A test call from the console's API with real peers: POST /api/calls/test on the server's
 * RobotCaller (its own SIP agent, the real Silero VAD, espeak-ng prompts from the enterprise's
 * speech settings) calls baresip as the customer, whose microphone answers the loan script's
 * golden refusal. The recognizer is the e2e test recognizer, injected through buildApp's
 * robotSpeech (the enterprise's ASR setting is a FunASR URL that is never dialed). The answer
 * is the saved call; its turns are in the database. Skipped without baresip/espeak-ng, unless
 * WAIHU_REQUIRE_PEERS=1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { EspeakTts } from '@waihu/asr';
import { createDb, migrate } from '@waihu/db';
import type { Db } from '@waihu/db';
import { buildApp } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { hashPassword } from '../../src/auth/secrets.js';
import { SecretBox } from '../../src/secrets/box.js';
import { defaultRobotSpeech } from '../../src/calls/robot-caller.js';
import { mandarinSpeech, writeWav8k } from '../../../dialogs/test/support/audio.js';
import { startBaresipPhone } from '../../../dialogs/test/support/baresip.js';
import type { BaresipPhone } from '../../../dialogs/test/support/baresip.js';
import { ANSWERS, RATE, VARS, fingerprintAsr, loanScript, realPeersAvailable, synthesize } from './support.js';

const canRun = realPeersAvailable('the API test call with real peers');

describe.skipIf(!canRun)('POST /api/calls/test with real peers (baresip customer, espeak-ng, Silero VAD)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waihu-e2e-api-'));
  let db: Db | undefined;
  let app: FastifyInstance | undefined;
  let phone: BaresipPhone | undefined;

  afterAll(async () => {
    await phone?.dispose();
    await app?.close();
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('places the call, answers with the saved call graded D, and keeps its turns', async () => {
    const url = `file:${join(dir, 'api.db')}`;
    await migrate(url);
    db = await createDb(url);
    const e = await db.enterprise.create({ data: { name: 'e2e', account: 'e2e' } });
    await db.user.create({ data: { enterpriseId: e.id, role: 'ENTERPRISE_ADMIN', workNo: 'admin', name: '管理员', passwordHash: await hashPassword('Secret123') } });
    const { source, flow } = loanScript();
    const t = await db.template.create({ data: { enterpriseId: e.id, name: '贷款', currentVersion: 1, revision: 0 } });
    await db.templateVersion.create({ data: { enterpriseId: e.id, templateId: t.id, number: 1, source: JSON.stringify(source) } });

    // The customer's microphone, as in robot-call.test.ts: each answer 1.2 s after its prompt.
    const tts = new EspeakTts();
    const openingMs = ((await synthesize(tts, flow('开场白'))) / RATE) * 1000;
    const retainMs = ((await synthesize(tts, flow('挽留'))) / RATE) * 1000;
    await tts.close();
    const answers = ANSWERS.map((a) => ({ ...a, pcm: mandarinSpeech(a.pinyin) }));
    const ms = (pcm: Int16Array): number => (pcm.length / RATE) * 1000;
    const first = Math.round(400 + openingMs + 1200);
    const second = Math.round(first + ms(answers[0]!.pcm) + 900 + 400 + retainMs + 1200);
    const mic = new Int16Array(Math.round(((second + ms(answers[1]!.pcm) + 15_000) * RATE) / 1000));
    mic.set(answers[0]!.pcm, Math.round((first * RATE) / 1000));
    mic.set(answers[1]!.pcm, Math.round((second * RATE) / 1000));
    const micWav = join(dir, 'customer.wav');
    writeWav8k(micWav, mic);
    phone = await startBaresipPhone({ accounts: ['<sip:13800138000@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMA/8000/1'], micWav, maxSeconds: 90 });

    const heard: { text: string; score: number }[] = [];
    app = await buildApp({
      config: defaultConfig({ logLevel: 'silent', dataDir: dir, sipAddress: '127.0.0.1', sipPort: 0, rtpPorts: { min: 37600, max: 37798 } }),
      db, secrets: SecretBox.random(),
      robotSpeech: { ...defaultRobotSpeech, asr: () => fingerprintAsr(answers, heard) },
    });
    const call = (method: 'POST' | 'PUT' | 'GET', u: string, token: string | null, body?: object) =>
      app!.inject({ method, url: u, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}), ...(body ? { payload: body } : {}) });
    const token = (await call('POST', '/api/auth/login', null, { account: 'e2e', password: 'Secret123' })).json().token as string;
    expect((await call('PUT', '/api/speech', token, { asr: { provider: 'funasr', url: 'ws://127.0.0.1:9' }, tts: { provider: 'espeak' } })).statusCode).toBe(200);
    const trunk = await call('POST', '/api/trunks', token, { name: 'baresip', host: '127.0.0.1', port: phone.sipPort, lines: 2, campaignLines: 1, ringTimeoutMs: 10_000 });
    expect(trunk.statusCode, trunk.body).toBe(201);

    const r = await call('POST', '/api/calls/test', token, { templateId: t.id, trunkId: trunk.json().trunk.id, number: '13800138000', callerId: '02150001234', vars: VARS });
    expect(r.statusCode, `${r.body}\n${phone.output()}`).toBe(200);
    const { attemptId, call: saved } = r.json() as { attemptId: number; call: Record<string, unknown> };
    console.info(`[e2e api] ${JSON.stringify(saved)}; fingerprints ${heard.map((h) => `${h.text}:${h.score.toFixed(2)}`).join(', ')}`);
    expect(saved).toMatchObject({ id: attemptId, outcome: 'ANSWERED', grade: 'D', calleeNumber: '13800138000', callerNumber: '02150001234' });

    const listed = (await call('GET', '/api/calls', token)).json() as { items: { id: number }[] };
    expect(listed.items.map((i) => i.id)).toEqual([attemptId]);
    const attempt = await db.callAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt).toMatchObject({ grade: 'D', outcome: 'ANSWERED', hangupBy: 'ROBOT', endReason: 'completed', interactions: 2, refusals: 2 });
    const turns = await db.turn.findMany({ where: { attemptId }, orderBy: { seq: 'asc' } });
    expect(turns.filter((x) => x.who === 'CALLEE').map((x) => x.text)).toEqual(ANSWERS.map((a) => a.text));
    expect(turns.filter((x) => x.who === 'ROBOT').map((x) => x.flow)).toEqual(['开场白', '挽留', '结束拒绝']);
  }, 120_000);
});
