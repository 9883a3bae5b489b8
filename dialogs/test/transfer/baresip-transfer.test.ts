/**
 * Warm transfer with real phones: baresip agents register as extensions on the robot's
 * SipAgent, a baresip customer is called, and the `WarmTransfer` handler is driven the way a
 * CallSession drives it (the customer's leg and an abort signal for the customer hanging up).
 * Answered: the customer heard the hold tone, then customer and agent hear each other (xcorr ≥
 * 0.9 both ways). An agent who never answers: the next agent, or the robot resumes. The agent
 * hangs up first; the customer hangs up while the agent rings. Agent states follow every step,
 * and nothing is left open. Skipped with a message when baresip is missing (support/peers.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SipAgent } from '../../src/calls/index.js';
import { readWavFile } from '../../src/media/index.js';
import { AgentPhones } from '../../src/phones/index.js';
import { Registrar } from '../../src/registrar/index.js';
import { AgentBoard, WarmTransfer, ringbackTone, systemEpochClock, type AgentBusEvent, type BoardGroup } from '../../src/transfer/index.js';
import type { Call } from '../../src/calls/index.js';
import type { TransferContext } from '../../src/session/index.js';
import { mandarinSpeech, matchInRecording, writeWav8k } from '../support/audio.js';
import { startBaresipPhone, type BaresipPhone } from '../support/baresip.js';
import { expectNothingOpen, loopbackTrunk, startAgent } from '../support/calls.js';
import { peerAvailable } from '../support/peers.js';

const hasBaresip = peerAvailable('baresip');
const DOMAIN = 'ent-t.example';
const dir = mkdtempSync(join(tmpdir(), 'waihu-transfer-'));
const phones: BaresipPhone[] = [];
let customerSpeech: Int16Array;
let agentSpeech: Int16Array;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function micFile(name: string, speech: Int16Array): string {
  const path = join(dir, name);
  const samples = new Int16Array(8000 + speech.length + 12 * 8000);
  samples.set(speech, 8000);
  writeWav8k(path, samples);
  return path;
}

interface Rig {
  agent: SipAgent;
  agentPhones: AgentPhones;
  board: AgentBoard;
  transfer: WarmTransfer;
  events: AgentBusEvent[];
  close(): Promise<void>;
}

/** The robot's agent with the registrar, a board with agents a1 (ext 8001) and a2 (ext 8002). */
async function rig(): Promise<Rig> {
  const agent = await startAgent();
  const registrar = new Registrar({
    lookup: (domain, user) => (domain === DOMAIN && (user === '8001' || user === '8002') ? { extensionId: `ext-${user}`, enterpriseId: 'ent-t', password: `pw-${user}` } : null),
    secret: 'transfer-test-secret-0123456789abcdef',
  });
  const board = new AgentBoard({ clock: systemEpochClock, afterCallWorkMs: 60_000 });
  const events: AgentBusEvent[] = [];
  board.bus.subscribe((e) => events.push(e));
  board.upsertAgent({ agentId: 'a1', name: '坐席一', extensionId: 'ext-8001' });
  board.upsertAgent({ agentId: 'a2', name: '坐席二', extensionId: 'ext-8002' });
  const agentPhones = AgentPhones.attach({ agent, registrar, domains: [DOMAIN], onEvent: (e) => board.registrarEvent(e) });
  const transfer = new WarmTransfer({ board, phones: agentPhones, limitMs: 8_000 });
  return {
    agent, agentPhones, board, transfer, events,
    async close() { await transfer.settled(); board.close(); agentPhones.close(); await agent.close(); },
  };
}

function group(members: string[], ringTimeoutMs = 2_000): BoardGroup {
  return { id: 'g1', name: '销售组', strategy: 'IN_ORDER', ringTimeoutMs, afterCallWorkMs: 60_000, members, enabled: true };
}

async function agentPhone(r: Rig, user: '8001' | '8002', answer: 'auto' | 'manual'): Promise<BaresipPhone> {
  const p = await startBaresipPhone({
    accounts: [`<sip:${user}@${DOMAIN}>;auth_pass=pw-${user};outbound="sip:127.0.0.1:${r.agent.ua.port()}";regint=600;answermode=${answer};audio_codecs=PCMA/8000/1`],
    micWav: micFile(`agent-${user}.wav`, agentSpeech),
  });
  phones.push(p);
  for (let i = 0; i < 250 && r.board.agent(user === '8001' ? 'a1' : 'a2')!.status !== 'idle'; i++) await sleep(20);
  expect(r.board.agent(user === '8001' ? 'a1' : 'a2'), p.output()).toMatchObject({ status: 'idle', registered: true });
  return p;
}

async function customer(r: Rig): Promise<{ phone: BaresipPhone; call: Call; answeredAt: number }> {
  const phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1'], micWav: micFile('customer.wav', customerSpeech) });
  phones.push(phone);
  const call = await r.agent.placeCall({ trunk: loopbackTrunk(phone.sipPort, { name: 'customer' }), number: 'customer', callerId: '01088886666', codecs: ['PCMU'] });
  expect((await call.answered).answered, phone.output()).toBe(true);
  return { phone, call, answeredAt: Date.now() };
}

/** What a CallSession hands the handler: the leg, and a signal aborted when the customer hangs up. */
function contextOf(call: Call): { ctx: TransferContext; abort: AbortController } {
  const abort = new AbortController();
  void call.ended.then(() => abort.abort());
  return { abort, ctx: { calleeNumber: '13800138000', flow: '意向确认', tags: ['有意向'], leg: call.rtp, signal: abort.signal } };
}

const states = (events: AgentBusEvent[], agentId: string): string[] =>
  events.flatMap((e) => (e.type === 'agent-state' && e.agent.agentId === agentId ? [e.agent.status] : []));

beforeAll(() => {
  customerSpeech = mandarinSpeech('wei, ni3 hao3, wo3 xiang3 wen4 yi2 xia4 jia4 ge2'); // 喂，你好，我想问一下价格
  agentSpeech = mandarinSpeech('nin2 hao3, wo3 shi4 ke4 fu2 xiao3 wang2'); // 您好，我是客服小王
});
afterEach(async () => { for (const p of phones.splice(0)) await p.dispose(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasBaresip)('warm transfer to registered baresip agents', () => {
  it('skips an agent who does not answer, rings the next, bridges on answer: hold tone, then audio both ways; the customer hangs up', async () => {
    const r = await rig();
    let heardFrom = 0;
    try {
      const silent = await agentPhone(r, '8002', 'manual');
      const answering = await agentPhone(r, '8001', 'auto');
      r.board.setGroup(group(['a2', 'a1'], 1_500));
      const c = await customer(r);
      const { ctx } = contextOf(c.call);
      const handler = r.transfer.forCall({ callRef: 'call-1', groupId: 'g1', customer: () => c.call, customerName: '张先生', lead: { 姓名: '张先生', 额度: '5万' }, grade: () => 'A' });
      const t0 = Date.now();
      const result = await handler.transfer('销售组', ctx);
      const bridgedAt = Date.now();
      expect(result, `${silent.output()}\n${answering.output()}`).toMatchObject({ connected: true });
      expect(handler.outcome()).toMatchObject({ connected: true, agentId: 'a1', tried: ['a2', 'a1'], reason: null });
      expect(r.board.agent('a1')).toMatchObject({ status: 'talking', callRef: 'call-1', callsToday: 1 });
      expect(r.board.agent('a2')).toMatchObject({ status: 'idle' });
      expect(states(r.events, 'a2')).toEqual(['idle', 'ringing', 'idle']);
      const pops = r.events.filter((e) => e.type === 'screen-pop');
      expect(pops.map((e) => e.type === 'screen-pop' && e.agentId)).toEqual(['a2', 'a1']);
      expect(pops[1]).toMatchObject({ pop: { callRef: 'call-1', customer: { phone: '13800138000', name: '张先生' }, grade: 'A', tags: ['有意向'], lead: { 额度: '5万' }, flow: '意向确认' } });
      const phases = r.events.flatMap((e) => (e.type === 'transfer' ? [`${e.phase}:${e.agentId ?? ''}`] : []));
      expect(phases).toEqual(['started:', 'ringing:a2', 'no-answer:a2', 'ringing:a1', 'connected:a1']);
      const ringAt = r.events.find((e) => e.type === 'transfer' && e.phase === 'ringing')!.atMs;
      console.info(`[transfer] decision→screen pop ${pops[0]!.atMs - t0} ms, →180 from the agent phone ${ringAt - t0} ms; no-answer fallback and answer ${bridgedAt - t0} ms`);
      expect(ringAt).toBeGreaterThanOrEqual(pops[0]!.atMs); // popped before the phone rang
      heardFrom = bridgedAt - c.answeredAt;

      await sleep(1000 + Math.max(customerSpeech.length, agentSpeech.length) / 8 + 600);
      await c.phone.command('hangup');
      await c.call.ended;
      await r.transfer.settled();
      expect(r.board.agent('a1')).toMatchObject({ status: 'after-call' });
      const ended = r.events.find((e) => e.type === 'transfer' && e.phase === 'ended');
      expect(ended).toMatchObject({ agentId: 'a1', reason: 'customer-hangup' });
      expect(r.transfer.active).toBe(0);
      await answering.waitForOutput(/closed|terminated/i, 5_000);
    } finally {
      await r.close();
    }
    expectNothingOpen();
    const [, agentA1, cust] = phones;
    for (const p of phones) await p.stop('SIGTERM');
    const heardByAgent = matchInRecording(customerSpeech, await readWavFile(agentA1!.recording()!.heard));
    const customerHeard = await readWavFile(cust!.recording()!.heard);
    // The customer heard the hold tone first (450 Hz), then the agent once bridged.
    const tone = ringbackTone().subarray(0, 4000);
    const holdPart = customerHeard.subarray(0, 8000);
    expect(matchInRecording(tone, holdPart, 300).peak, 'hold tone heard by the customer').toBeGreaterThanOrEqual(0.9);
    // From the bridge on the customer hears the agent (the hold was cleared when the legs joined).
    const afterTone = customerHeard.subarray(Math.round(heardFrom * 8));
    const heardByCustomer = matchInRecording(agentSpeech, afterTone);
    console.info(`[transfer] xcorr customer→agent ${heardByAgent.peak.toFixed(3)}, agent→customer ${heardByCustomer.peak.toFixed(3)}`);
    expect(heardByAgent.peak, 'customer speech vs what the agent heard').toBeGreaterThanOrEqual(0.9);
    expect(heardByCustomer.peak, 'agent speech vs what the customer heard').toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  it('nobody answers within the limit: connected false (the robot resumes), the agent back to idle, the hold stopped', async () => {
    const r = await rig();
    try {
      await agentPhone(r, '8002', 'manual');
      r.board.setGroup(group(['a2', 'a1'], 1_000));
      const c = await customer(r);
      const { ctx } = contextOf(c.call);
      const handler = r.transfer.forCall({ callRef: 'call-2', customer: () => c.call, limitMs: 3_000 });
      const result = await handler.transfer('销售组', ctx);
      // a1 is offline (no phone): only a2 was rung, once per transfer.
      expect(result).toMatchObject({ connected: false });
      expect(handler.outcome()).toMatchObject({ connected: false, tried: ['a2'], reason: 'no-answer' });
      expect(r.board.agent('a2')).toMatchObject({ status: 'idle', callsToday: 0 });
      expect(r.transfer.active).toBe(0);
      expect(c.call.state).toBe('answered'); // the robot carries on with the customer
      // An unknown group: at once, not connected.
      expect(await r.transfer.forCall({ callRef: 'call-3' }).transfer('没有这个组', ctx)).toMatchObject({ connected: false });
      await c.call.hangup();
    } finally {
      await r.close();
    }
    expectNothingOpen();
  }, 40_000);

  it('the agent hangs up first: the customer is hung up, the agent goes to after-call work', async () => {
    const r = await rig();
    try {
      const a1 = await agentPhone(r, '8001', 'auto');
      r.board.setGroup(group(['a1']));
      const c = await customer(r);
      const { ctx } = contextOf(c.call);
      const result = await r.transfer.forCall({ callRef: 'call-4', customer: () => c.call }).transfer('g1', ctx);
      expect(result).toMatchObject({ connected: true });
      await sleep(800);
      await a1.command('hangup');
      const end = await c.call.ended;
      expect(end.by).toBe('local');
      await r.transfer.settled();
      expect(r.board.agent('a1')).toMatchObject({ status: 'after-call' });
      expect(r.events.find((e) => e.type === 'transfer' && e.phase === 'ended')).toMatchObject({ reason: 'agent-hangup' });
    } finally {
      await r.close();
    }
    expectNothingOpen();
  }, 40_000);

  it('the customer hangs up while the agent rings: the ringing is cancelled, the pop withdrawn, the agent idle', async () => {
    const r = await rig();
    try {
      const a2 = await agentPhone(r, '8002', 'manual');
      r.board.setGroup(group(['a2'], 10_000));
      const c = await customer(r);
      const { ctx } = contextOf(c.call);
      const asked = r.transfer.forCall({ callRef: 'call-5', customer: () => c.call }).transfer('g1', ctx);
      for (let i = 0; i < 100 && !r.events.some((e) => e.type === 'transfer' && e.phase === 'ringing'); i++) await sleep(20);
      await c.phone.command('hangup');
      expect(await asked).toMatchObject({ connected: false });
      expect(r.board.agent('a2')).toMatchObject({ status: 'idle' });
      expect(r.events.find((e) => e.type === 'screen-pop-withdrawn')).toMatchObject({ agentId: 'a2', reason: 'customer-left' });
      await a2.waitForOutput(/cancel|terminated|closed/i, 5_000);
    } finally {
      await r.close();
    }
    expectNothingOpen();
  }, 40_000);
});
