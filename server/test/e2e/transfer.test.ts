/**
 * Warm transfer through the server with real peers: POST /api/calls/test runs the loan script
 * from the server's RobotCaller to baresip as the customer, whose microphone answers the golden
 * "上班族, transferred" path (有资金需求 → 上班 → 好的); the dialog reaches 转顾问 and rings the
 * 贷款顾问 group. The agents are baresip phones registered as extensions to the SERVER's SIP port
 * (the same port the robot dials from) through the enterprise's domain and sealed secret.
 *
 * 1. Answered: the screen pop (customer, transcript so far, grade, tags, lead) reaches the agent's
 *    live events before the phone rings; audio flows both ways (xcorr ≥ 0.9); the saved call
 *    holds the agent leg and one stereo recording with the robot and then the agent on the
 *    right; the agent's follow-up (a test call has no lead to call back) ends after-call work.
 * 2. No answer: the robot resumes (转接失败语, 预约回电), the call asks for a callback.
 * 3. The customer hangs up while the agent's phone rings: ABANDONED.
 *
 * Skipped without baresip/espeak-ng, unless WAIHU_REQUIRE_PEERS=1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { EspeakTts } from '@waihu/asr';
import { createDb, migrate } from '@waihu/db';
import type { Db } from '@waihu/db';
import { checkTrunkConfig, decodeStereoWav, readWavFile, xcorr } from '@waihu/dialogs';
import type { SipAgent } from '@waihu/dialogs';
import type { AgentBusEvent } from '@waihu/dialogs';
import { buildApp } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { hashPassword } from '../../src/auth/secrets.js';
import { SecretBox } from '../../src/secrets/box.js';
import { defaultRobotSpeech } from '../../src/calls/robot-caller.js';
import { mandarinSpeech, matchInRecording, writeWav8k } from '../../../dialogs/test/support/audio.js';
import { startBaresipPhone } from '../../../dialogs/test/support/baresip.js';
import type { BaresipPhone } from '../../../dialogs/test/support/baresip.js';
import { RATE, VARS, fingerprintAsr, loanScript, realPeersAvailable, rms, synthesize } from './support.js';

const canRun = realPeersAvailable('the warm transfer through the server with real peers');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ms = (pcm: Int16Array): number => (pcm.length / RATE) * 1000;
const at = (msFromStart: number): number => Math.round((msFromStart * RATE) / 1000);

/**
 * The best match of `reference` in a recording holding several sounds (prompts, a hold tone, the
 * other party): tried from each onset — sound after at least 200 ms of quiet — from `fromSample`.
 */
function bestMatch(reference: Int16Array, recording: Int16Array, fromSample = 0, score = (r: Int16Array, excerpt: Int16Array) => matchInRecording(r, excerpt).peak): number {
  let best = 0;
  let quiet = at(200);
  for (let i = Math.max(0, fromSample); i < recording.length; i++) {
    if (Math.abs(recording[i]!) <= 300) { quiet += 1; continue; }
    if (quiet >= at(200)) best = Math.max(best, score(reference, recording.subarray(Math.max(0, i - 800))));
    quiet = 0;
  }
  return best;
}

/**
 * The median match of the reference's half-second pieces near where each should be: the
 * server's recording inserts silence for pacer ticks a loaded machine missed, which shifts the
 * rest of an utterance by a frame or two and lowers one whole-utterance correlation, not the
 * pieces'.
 */
function piecewise(reference: Int16Array, excerpt: Int16Array): number {
  const scores: number[] = [];
  for (let k = 0; k + 4000 <= reference.length; k += 4000) {
    const piece = reference.subarray(k, k + 4000);
    if (rms(piece, 0, 500) < 300) continue;
    const from = Math.max(0, 800 + k - 4000);
    scores.push(xcorr(piece, excerpt.subarray(from, from + 4000 + 8000), { maxLagSamples: 8000 }).peak);
  }
  scores.sort((x, y) => x - y);
  return scores.length === 0 ? 0 : scores[Math.floor(scores.length / 2)]!;
}

/** The golden path to 转顾问: the customer's three answers (espeak-ng pinyin). */
const ANSWERS = [
  { text: '有啊，最近正好要周转一下', pinyin: 'you3 a, zui4 jin4 zheng4 hao3 yao4 zhou1 zhuan3 yi2 xia4' },
  { text: '我在上班，单位有公积金', pinyin: 'wo3 zai4 shang4 ban1, dan1 wei4 you3 gong1 ji1 jin1' },
  { text: '好的，可以，你让顾问跟我说吧', pinyin: 'hao3 de, ke3 yi3, ni3 rang4 gu4 wen4 gen1 wo3 shuo1 ba' },
];

describe.skipIf(!canRun)('warm transfer from a server robot call to agents registered on the server (baresip)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waihu-e2e-transfer-'));
  const secrets = SecretBox.random();
  const phones: BaresipPhone[] = [];
  let db: Db;
  let app: FastifyInstance;
  let enterpriseId: number;
  let templateId: number;
  let trunkId = 0;
  let adminToken: string;
  let agentA: number;
  let agentB: number;
  let leaderId: number;
  const events: { at: number; event: AgentBusEvent }[] = [];
  let answers: { text: string; pinyin: string; pcm: Int16Array }[];
  let prompts: Record<string, number>;
  const heard: { text: string; score: number }[] = [];
  const fingerprints = (): string => `prompts ${JSON.stringify(prompts)}; fingerprints ${heard.map((h) => `${h.text}:${h.score.toFixed(2)}`).join(', ')}`;
  const customerSpeech = mandarinSpeech('wei, ni3 hao3, wo3 xiang3 wen4 yi2 xia4 li4 xi1 duo1 shao3'); // 喂你好，我想问一下利息多少
  const agentSpeech = mandarinSpeech('nin2 hao3, wo3 shi4 dai4 kuan3 gu4 wen4 xiao3 li3'); // 您好，我是贷款顾问小李

  const inject = (method: 'POST' | 'PUT' | 'GET' | 'PATCH', url: string, token: string | null, body?: object) =>
    app.inject({ method, url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}), ...(body ? { payload: body } : {}) });
  const login = async (account: string): Promise<string> => {
    const r = await inject('POST', '/api/auth/login', null, { account, password: 'Secret123' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().token as string;
  };

  /** The customer's microphone: the three answers after the prompts, then `after` (ms after the estimated bridge) the post-transfer line. */
  function customerMic(name: string): { path: string; bridgeEstimateMs: number; speechAtMs: number } {
    const t1 = 400 + prompts['开场白']! + 1200;
    const t2 = t1 + ms(answers[0]!.pcm) + 900 + 400 + prompts['职业']! + 1200;
    const t3 = t2 + ms(answers[1]!.pcm) + 900 + 400 + prompts['信用贷']! + 1200;
    const bridgeEstimateMs = t3 + ms(answers[2]!.pcm) + 900 + 400 + prompts['转顾问']! + 300;
    const speechAtMs = bridgeEstimateMs + 2500;
    const mic = new Int16Array(at(speechAtMs + ms(customerSpeech) + 20_000));
    mic.set(answers[0]!.pcm, at(t1));
    mic.set(answers[1]!.pcm, at(t2));
    mic.set(answers[2]!.pcm, at(t3));
    mic.set(customerSpeech, at(speechAtMs));
    const path = join(dir, `${name}.wav`);
    writeWav8k(path, mic);
    return { path, bridgeEstimateMs, speechAtMs };
  }

  async function customerPhone(name: string): Promise<{ phone: BaresipPhone; bridgeEstimateMs: number; speechAtMs: number }> {
    const mic = customerMic(name);
    const phone = await startBaresipPhone({ accounts: ['<sip:13800138000@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1'], micWav: mic.path, maxSeconds: 120 });
    phones.push(phone);
    return { phone, ...mic };
  }

  async function agentPhone(number: string, answer: 'auto' | 'manual', userId: number, speech = agentSpeech, speechAtMs = 1000): Promise<BaresipPhone> {
    const extensionId = String((await db.user.findUniqueOrThrow({ where: { id: userId } })).extensionId);
    const micPath = join(dir, `agent-${number}.wav`);
    const mic = new Int16Array(at(speechAtMs) + speech.length + at(30_000));
    mic.set(speech, at(speechAtMs));
    writeWav8k(micPath, mic);
    const port = await app.agentTelephony.sipPort();
    const p = await startBaresipPhone({
      accounts: [`<sip:${number}@e2e>;auth_pass=pw-${number};outbound="sip:127.0.0.1:${port}";regint=600;answermode=${answer};audio_codecs=PCMA/8000/1`],
      micWav: micPath, maxSeconds: 240,
    });
    phones.push(p);
    const board = await app.agents.board(enterpriseId);
    const registrations = await app.agentTelephony.phones();
    // Registered from this phone (an earlier phone's binding of the same extension may linger).
    for (let i = 0; i < 250 && (board.agent(String(userId))?.status !== 'idle' || registrations.contacts(extensionId)[0]?.source.port !== p.sipPort); i++) await sleep(20);
    expect(registrations.contacts(extensionId)[0]?.source.port, p.output()).toBe(p.sipPort);
    expect(board.agent(String(userId)), p.output()).toMatchObject({ status: 'idle', registered: true });
    return p;
  }

  const testCall = () => inject('POST', '/api/calls/test', adminToken, { templateId, trunkId, number: '13800138000', callerId: '02150001234', vars: { ...VARS, 额度: '50万', 公司: '鑫源' } });
  /** The first event `pred` takes; fails early when the call ends first (with what it answered). */
  const waitFor = async (pred: (e: AgentBusEvent) => boolean, placed: Promise<{ body: string }>, timeoutMs: number): Promise<{ at: number; event: AgentBusEvent }> => {
    const start = Date.now();
    let ended: string | null = null;
    void placed.then((r) => { ended = r.body; });
    for (;;) {
      const hit = events.find((x) => pred(x.event));
      if (hit) return hit;
      const seen = JSON.stringify(events.map((x) => x.event.type));
      if (ended !== null) throw new Error(`the call ended before the agent event: ${ended}; events ${seen}; ${fingerprints()}`);
      if (Date.now() - start > timeoutMs) throw new Error(`no such agent event within ${timeoutMs} ms: ${seen}`);
      await sleep(20);
    }
  };

  beforeAll(async () => {
    const url = `file:${join(dir, 'transfer.db')}`;
    await migrate(url);
    db = await createDb(url);
    const e = await db.enterprise.create({ data: { name: 'e2e', account: 'e2e' } });
    enterpriseId = e.id;
    const passwordHash = await hashPassword('Secret123');
    await db.user.create({ data: { enterpriseId, role: 'ENTERPRISE_ADMIN', workNo: 'admin', name: '管理员', passwordHash } });
    const extA = await db.extension.create({ data: { enterpriseId, number: '8001', sipPassword: secrets.seal('pw-8001') } });
    const extB = await db.extension.create({ data: { enterpriseId, number: '8002', sipPassword: secrets.seal('pw-8002') } });
    agentA = (await db.user.create({ data: { enterpriseId, role: 'AGENT', workNo: 'a1', name: '顾问小李', passwordHash, extensionId: extA.id } })).id;
    agentB = (await db.user.create({ data: { enterpriseId, role: 'AGENT', workNo: 'a2', name: '顾问小张', passwordHash, extensionId: extB.id } })).id;
    const extL = await db.extension.create({ data: { enterpriseId, number: '8003', sipPassword: secrets.seal('pw-8003') } });
    leaderId = (await db.user.create({ data: { enterpriseId, role: 'LEADER', workNo: 'l1', name: '班长', passwordHash, extensionId: extL.id } })).id;
    // The script's transfer names 贷款顾问; a test call has no task, so that group rings.
    const g = await db.agentGroup.create({ data: { enterpriseId, name: '贷款顾问', strategy: 'IN_ORDER', ringTimeoutMs: 4_000, afterCallWorkMs: 60_000 } });
    await db.agentGroupMember.createMany({ data: [{ enterpriseId, groupId: g.id, userId: agentA, position: 0 }, { enterpriseId, groupId: g.id, userId: agentB, position: 1 }] });
    const { source, flow } = loanScript();
    const t = await db.template.create({ data: { enterpriseId, name: '贷款', currentVersion: 1, revision: 0 } });
    templateId = t.id;
    await db.templateVersion.create({ data: { enterpriseId, templateId: t.id, number: 1, source: JSON.stringify(source) } });

    const tts = new EspeakTts();
    prompts = {};
    for (const name of ['开场白', '职业', '信用贷', '转顾问']) prompts[name] = ((await synthesize(tts, flow(name))) / RATE) * 1000;
    await tts.close();
    answers = ANSWERS.map((a) => ({ ...a, pcm: mandarinSpeech(a.pinyin) }));

    app = await buildApp({
      config: defaultConfig({ logLevel: (process.env['E2E_LOG'] ?? 'silent') as 'silent', dataDir: dir, sipAddress: '127.0.0.1', sipPort: 0, rtpPorts: { min: 37800, max: 37998 } }),
      db, secrets,
      robotSpeech: { ...defaultRobotSpeech, asr: () => fingerprintAsr(answers, heard) },
    });
    await app.agentTelephony.phones();
    app.agents.subscribe(({ event }) => events.push({ at: Date.now(), event }));
    adminToken = await login('e2e');
    expect((await inject('PUT', '/api/speech', adminToken, { asr: { provider: 'funasr', url: 'ws://127.0.0.1:9' }, tts: { provider: 'espeak' } })).statusCode).toBe(200);
  }, 60_000);

  afterEach(async () => { for (const p of phones.splice(0)) await p.dispose(); });
  afterAll(async () => {
    for (const p of phones.splice(0)) await p.dispose();
    await app?.close();
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A trunk to this scenario's customer phone. */
  async function trunkTo(phone: BaresipPhone, name: string): Promise<void> {
    const r = await inject('POST', '/api/trunks', adminToken, { name, host: '127.0.0.1', port: phone.sipPort, lines: 2, campaignLines: 1, ringTimeoutMs: 10_000 });
    expect(r.statusCode, r.body).toBe(201);
    trunkId = r.json().trunk.id as number;
  }

  it('rings the agent with a screen pop first, bridges with audio both ways, keeps both legs and one recording; the agent\'s follow-up ends after-call work', async () => {
    const a = await agentPhone('8001', 'auto', agentA);
    const c = await customerPhone('customer-1');
    await trunkTo(c.phone, 'customer-1');
    events.length = 0;
    const placed = testCall();
    const connected = await waitFor((e) => e.type === 'transfer' && e.phase === 'connected', placed, 90_000);
    await sleep(c.speechAtMs - c.bridgeEstimateMs + ms(customerSpeech) + 2500);
    await c.phone.command('hangup');
    const r = await placed;
    expect(r.statusCode, `${r.body}\n${c.phone.output()}\n${a.output()}`).toBe(200);
    const attemptId = r.json().attemptId as number;

    // Decision → screen pop → agent's phone ringing, in the server path.
    const started = events.find((x) => x.event.type === 'transfer' && x.event.phase === 'started')!;
    const pop = events.find((x) => x.event.type === 'screen-pop')!;
    const ringing = events.find((x) => x.event.type === 'transfer' && x.event.phase === 'ringing')!;
    console.info(`[e2e transfer] decision→screen pop ${pop.event.atMs - started.event.atMs} ms, →agent 180 Ringing ${ringing.event.atMs - started.event.atMs} ms, →bridged ${connected.event.atMs - started.event.atMs} ms`);
    expect(pop.event.atMs).toBeLessThanOrEqual(ringing.event.atMs);
    expect(pop.event).toMatchObject({
      agentId: String(agentA),
      pop: {
        customer: { phone: '13800138000', name: '张先生' }, flow: '转顾问', grade: 'A', tags: ['有资金需求', '意向信用贷'],
        lead: { 姓名: '张先生', 额度: '50万', 公司: '鑫源' },
      },
    });
    const popped = pop.event.type === 'screen-pop' ? pop.event.pop : null;
    expect(popped!.transcript.filter((t) => t.speaker === 'customer').map((t) => t.text)).toEqual(ANSWERS.map((x) => x.text));
    expect(popped!.transcript.filter((t) => t.speaker === 'robot').length).toBeGreaterThanOrEqual(3);

    // The call record: the robot part, then the agent leg; one recording.
    const row = await db.callAttempt.findUniqueOrThrow({ where: { id: attemptId }, include: { recording: true } });
    expect(row).toMatchObject({ outcome: 'ANSWERED', endReason: 'transferred', agentId: agentA, transferOutcome: 'CONNECTED', grade: 'A', callbackRequested: false });
    expect(JSON.parse(row.transferTried!)).toEqual([agentA]);
    expect(row.agentRingAt!.getTime()).toBeLessThanOrEqual(row.agentAnswerAt!.getTime());
    expect(row.agentEndAt!.getTime()).toBeGreaterThan(row.agentAnswerAt!.getTime());
    expect(row.agentTalkMs).toBeGreaterThan(3_000);
    expect(row.transferAt!.getTime()).toBeLessThanOrEqual(row.agentAnswerAt!.getTime());
    expect(row.recording).not.toBeNull();
    const detail = (await inject('GET', `/api/calls/${attemptId}`, adminToken)).json();
    expect(detail).toMatchObject({ agentLeg: { outcome: 'CONNECTED', agentId: agentA, tried: [agentA] } });
    const wav = await inject('GET', `/api/calls/${attemptId}/recording`, adminToken);
    expect(wav.statusCode).toBe(200);
    const { left, right } = decodeStereoWav(new Uint8Array(wav.rawPayload));
    const bridgedAt = Math.round(((row.agentAnswerAt!.getTime() - row.answerAt!.getTime()) * RATE) / 1000);
    // Before the transfer the right channel is the robot (its prompts); after it, the agent.
    expect(rms(right, 0, ms(right.subarray(0, bridgedAt))), 'the robot on the right before the transfer').toBeGreaterThan(300);
    const recAgent = bestMatch(agentSpeech, right, bridgedAt - at(1000), piecewise);
    const recCustomer = bestMatch(customerSpeech, left, bridgedAt - at(1000), piecewise);

    // After the call (the agent's phone still registered): after-call work; the follow-up ends it.
    const board = await app.agents.board(enterpriseId);
    expect(board.agent(String(agentA))).toMatchObject({ status: 'after-call', callsToday: 1 });
    const agentToken = await login('a1@e2e');
    const mine = (await inject('GET', '/api/agents/me/follow-ups', agentToken)).json();
    expect(mine.pending).toEqual([expect.objectContaining({ attemptId, callRef: row.sipCallId })]);
    const callbackAt = new Date(Date.now() + 86_400_000).toISOString();
    const noLead = await inject('POST', `/api/calls/${attemptId}/follow-up`, agentToken, { disposition: '需回访', action: 'callback', callbackAt });
    expect(noLead.statusCode).toBe(409); // a test call has no lead to call back
    expect(noLead.json().error.code).toBe('CALL_HAS_NO_LEAD');
    const done = await inject('POST', `/api/calls/${attemptId}/follow-up`, agentToken, { disposition: '有意向', notes: '客户问利息，明天发方案' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ disposition: '有意向', followUp: { attemptId, notes: '【有意向】 客户问利息，明天发方案' }, state: { status: 'idle' } });
    expect((await inject('POST', `/api/calls/${attemptId}/follow-up`, agentToken, { disposition: '有意向' })).statusCode).toBe(409);
    expect(await db.callAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ disposition: '有意向' });

    // Audio both ways through the bridge, as the phones heard it.
    for (const p of [a, c.phone]) await p.stop('SIGTERM');
    // Per half-second piece, like the recording: a phone's adaptive jitter buffer on a loaded box
    // stretches an utterance by a frame here and there, which no single alignment survives.
    const heardByAgent = bestMatch(customerSpeech, await readWavFile(a.recording()!.heard), 0, piecewise);
    const heardByCustomer = bestMatch(agentSpeech, await readWavFile(c.phone.recording()!.heard), bridgedAt - at(1000), piecewise);
    console.info(`[e2e transfer] bridged ${Math.round(bridgedAt / 8)} ms after the answer (customer's line at ${Math.round(c.speechAtMs)} ms); xcorr (median of half-second pieces) customer→agent ${heardByAgent.toFixed(3)}, agent→customer ${heardByCustomer.toFixed(3)}; recording: agent right ${recAgent.toFixed(3)}, customer left ${recCustomer.toFixed(3)}`);
    expect(heardByAgent, 'customer speech vs what the agent heard').toBeGreaterThanOrEqual(0.9);
    expect(heardByCustomer, 'agent speech vs what the customer heard').toBeGreaterThanOrEqual(0.9);
    expect(recAgent, 'the agent in the recording\'s right channel').toBeGreaterThanOrEqual(0.9);
    expect(recCustomer, 'the customer in the recording\'s left channel').toBeGreaterThanOrEqual(0.9);
  }, 150_000);

  it('nobody answers: the robot resumes with the callback offer and the call asks for a callback', async () => {
    const board = await app.agents.board(enterpriseId);
    board.apply(String(agentA), { type: 'set', status: 'busy', reason: '培训' });
    const b = await agentPhone('8002', 'manual', agentB);
    const c = await customerPhone('customer-2');
    await trunkTo(c.phone, 'customer-2');
    events.length = 0;
    const placed = testCall();
    await waitFor((e) => e.type === 'transfer' && e.phase === 'failed', placed, 90_000);
    await sleep(2500); // 转接失败语 and the callback offer start
    await c.phone.command('hangup');
    const r = await placed;
    expect(r.statusCode, `${r.body}\n${b.output()}`).toBe(200);
    const row = await db.callAttempt.findUniqueOrThrow({ where: { id: r.json().attemptId } });
    expect(row).toMatchObject({ transferOutcome: 'NO_ANSWER', agentId: null, callbackRequested: true, agentAnswerAt: null, agentTalkMs: 0 });
    expect(JSON.parse(row.transferTried!)).toEqual([agentB]);
    expect(JSON.parse(row.tags)).toContain('转人工未接通');
    const turns = await db.turn.findMany({ where: { attemptId: row.id, who: 'ROBOT' }, orderBy: { seq: 'asc' } });
    expect(turns.map((t) => t.flow)).toContain('预约回电');
    expect(board.agent(String(agentB))).toMatchObject({ status: 'idle' });
  }, 120_000);

  it('the customer hangs up while the agent rings: ABANDONED, the pop withdrawn, the agent idle again', async () => {
    const board = await app.agents.board(enterpriseId);
    board.apply(String(agentA), { type: 'set', status: 'busy', reason: '培训' });
    await agentPhone('8002', 'manual', agentB);
    const c = await customerPhone('customer-3');
    await trunkTo(c.phone, 'customer-3');
    events.length = 0;
    const placed = testCall();
    await waitFor((e) => e.type === 'transfer' && e.phase === 'ringing', placed, 90_000);
    await c.phone.command('hangup');
    const r = await placed;
    expect(r.statusCode).toBe(200);
    const row = await db.callAttempt.findUniqueOrThrow({ where: { id: r.json().attemptId } });
    expect(row).toMatchObject({ transferOutcome: 'ABANDONED', agentId: null, agentAnswerAt: null });
    expect(events.find((x) => x.event.type === 'screen-pop-withdrawn')?.event).toMatchObject({ agentId: String(agentB), reason: 'customer-left' });
    expect(board.agent(String(agentB))).toMatchObject({ status: 'idle' });
  }, 120_000);
  it('a leader listens in on the bridged call: hears both sides on their phone, and nobody hears the leader', async () => {
    const board = await app.agents.board(enterpriseId);
    const leaderSpeech = mandarinSpeech('wo3 shi4 ban1 zhang3, zai4 jian1 ting1'); // 我是班长，在监听
    board.apply(String(agentA), { type: 'set', status: 'idle' }); // back from 培训 (the earlier tests)
    const a = await agentPhone('8001', 'auto', agentA, agentSpeech, 2500);
    const l = await agentPhone('8003', 'auto', leaderId, leaderSpeech, 300);
    const leaderToken = await login('l1@e2e');
    // Nobody to listen to yet.
    const early = await inject('POST', `/api/agents/${agentA}/listen`, leaderToken);
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'AGENT_NOT_ON_CALL']);

    // A customer handed to agent A (the transfer handler a robot call gets, driven directly).
    const micPath = join(dir, 'customer-listen.wav');
    // The customer speaks well after the leader's phone has answered (a loaded box may take seconds).
    const mic = new Int16Array(at(9000) + customerSpeech.length + at(20_000));
    mic.set(customerSpeech, at(9000));
    writeWav8k(micPath, mic);
    const customer = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1'], micWav: micPath, maxSeconds: 120 });
    phones.push(customer);
    const sip = (await app.agentTelephony.sipAgent()) as SipAgent;
    const trunk = checkTrunkConfig({ name: 'customer', host: '127.0.0.1', port: customer.sipPort });
    if (!trunk.ok) throw new Error('trunk');
    const c = await sip.placeCall({ trunk: trunk.trunk, number: 'customer', callerId: '02150001234', codecs: ['PCMU'] });
    expect((await c.answered).answered).toBe(true);
    const handler = (await app.agentTelephony.forCall({ enterpriseId, trunkId: 0, number: '13800138000', vars: { 姓名: '张先生' } }, { callRef: () => c.callId, customer: () => c }))!;
    const abort = new AbortController();
    void c.ended.then(() => abort.abort());
    const result = await handler.transfer('贷款顾问', { calleeNumber: '13800138000', flow: '转顾问', tags: [], leg: c.rtp, signal: abort.signal });
    expect(result.connected).toBe(true);
    const listen = await inject('POST', `/api/agents/${agentA}/listen`, leaderToken);
    expect(listen.statusCode, listen.body).toBe(202);
    expect((await inject('POST', `/api/agents/${agentA}/listen`, adminToken)).json().error.code).toBe('LISTENER_NO_PHONE');
    const leaderAnsweredAfterMs = await (async () => { const t0 = Date.now(); await l.waitForOutput(/established/i, 8_000); return Date.now() - t0; })();
    await sleep(9000 + ms(customerSpeech) + 1500 - leaderAnsweredAfterMs);
    await c.hangup();
    await (await handler.finished())?.ended;
    await l.waitForOutput(/closed|terminated/i, 5_000);
    for (const p of [a, l, customer]) await p.stop('SIGTERM');
    const leaderHeard = await readWavFile(l.recording()!.heard);
    const heardCustomer = bestMatch(customerSpeech, leaderHeard, 0, piecewise);
    const heardAgent = bestMatch(agentSpeech, leaderHeard, 0, piecewise);
    const leakToCustomer = bestMatch(leaderSpeech, await readWavFile(customer.recording()!.heard));
    const leakToAgent = bestMatch(leaderSpeech, await readWavFile(a.recording()!.heard));
    console.info(`[e2e listen-in] the leader's phone answered ${leaderAnsweredAfterMs} ms after the request; leader heard customer ${heardCustomer.toFixed(3)}, agent ${heardAgent.toFixed(3)}; leader heard by customer ${leakToCustomer.toFixed(3)}, by agent ${leakToAgent.toFixed(3)}`);
    expect(heardCustomer, 'the customer in what the leader heard').toBeGreaterThanOrEqual(0.9);
    expect(heardAgent, 'the agent in what the leader heard').toBeGreaterThanOrEqual(0.9);
    expect(leakToCustomer, 'the leader is not heard by the customer').toBeLessThan(0.5);
    expect(leakToAgent, 'the leader is not heard by the agent').toBeLessThan(0.5);
  }, 90_000);
});
