/**
 * A live handoff with real phones: baresip registers as extension 8001 (digest) with the
 * registrar on the robot's SipAgent and auto-answers; the robot calls a customer (a second
 * baresip) on PCMU and rings the extension, which prefers PCMA; `bridgeLegs` joins the two
 * calls and each phone hears the other (xcorr ≥ 0.9 both ways, through PCMU ⇄ PCMA). Skipped
 * with a message when baresip is missing (support/peers.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bridgeLegs } from '../../src/bridge/index.js';
import { readWavFile } from '../../src/media/index.js';
import { AgentPhones } from '../../src/phones/index.js';
import { Registrar, type RegistrarEvent } from '../../src/registrar/index.js';
import { mandarinSpeech, matchInRecording, writeWav8k } from '../support/audio.js';
import { startBaresipPhone, type BaresipPhone } from '../support/baresip.js';
import { expectNothingOpen, loopbackTrunk, startAgent } from '../support/calls.js';
import { peerAvailable } from '../support/peers.js';

const hasBaresip = peerAvailable('baresip');
const DOMAIN = 'ent-a.example';
const dir = mkdtempSync(join(tmpdir(), 'waihu-handoff-'));
const phones: BaresipPhone[] = [];
let customerSpeech: Int16Array;
let agentSpeech: Int16Array;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One second of silence, the speech, then silence until hung up (aufile hangs up at its end). */
function micFile(name: string, speech: Int16Array): string {
  const path = join(dir, name);
  const samples = new Int16Array(8000 + speech.length + 10 * 8000);
  samples.set(speech, 8000);
  writeWav8k(path, samples);
  return path;
}

beforeAll(() => {
  customerSpeech = mandarinSpeech('wei, ni3 hao3, wo3 xiang3 wen4 yi2 xia4 jia4 ge2'); // 喂，你好，我想问一下价格
  agentSpeech = mandarinSpeech('nin2 hao3, wo3 shi4 ke4 fu2 xiao3 wang2'); // 您好，我是客服小王
});
afterEach(async () => { for (const p of phones.splice(0)) await p.dispose(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasBaresip)('handoff to a registered baresip extension', () => {
  it('registers 8001 with digest, rings it, bridges it to the customer (PCMU ⇄ PCMA), and audio crosses both ways', async () => {
    const agent = await startAgent();
    const events: RegistrarEvent[] = [];
    const registrar = new Registrar({
      lookup: (domain, user) => (domain === DOMAIN && user === '8001' ? { extensionId: 'ext-8001', enterpriseId: 'ent-a', password: 'right-8001' } : null),
      secret: 'handoff-test-secret-0123456789abcdef',
    });
    const statuses: number[] = [];
    const agentPhones = AgentPhones.attach({ agent, registrar, domains: [DOMAIN], onEvent: (e) => events.push(e), onRequest: (_, r) => statuses.push(r.response.status) });
    try {
      const agentPhone = await startBaresipPhone({
        accounts: [`<sip:8001@${DOMAIN}>;auth_pass=right-8001;outbound="sip:127.0.0.1:${agent.ua.port()}";regint=600;answermode=auto;audio_codecs=PCMA/8000/1`],
        micWav: micFile('agent.wav', agentSpeech),
      });
      phones.push(agentPhone);
      const customerPhone = await startBaresipPhone({
        accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1'], micWav: micFile('customer.wav', customerSpeech),
      });
      phones.push(customerPhone);
      for (let i = 0; i < 250 && agentPhones.contacts('ext-8001').length === 0; i++) await sleep(20);
      expect(statuses.slice(0, 2), agentPhone.output()).toEqual([401, 200]);
      expect(events).toMatchObject([{ type: 'online', extensionId: 'ext-8001' }]);

      const customerCall = await agent.placeCall({ trunk: loopbackTrunk(customerPhone.sipPort, { name: 'customer' }), number: 'customer', callerId: '01088886666', codecs: ['PCMU'] });
      expect((await customerCall.answered).answered, customerPhone.output()).toBe(true);
      const agentCall = await agentPhones.call('ext-8001', { callerId: '13800138000' });
      expect((await agentCall.answered).answered, agentPhone.output()).toBe(true);
      const bridge = bridgeLegs(customerCall.rtp, agentCall.rtp);
      await sleep(1000 + Math.max(customerSpeech.length, agentSpeech.length) / 8 + 500);

      await customerCall.hangup();
      const bridged = await bridge.ended;
      expect(bridged.reason).toBe('customer-closed');
      expect(bridged.stats.toAgent.frames).toBeGreaterThan(150);
      await agentCall.hangup();
      expect(customerPhone.output()).toMatch(/Set audio decoder: PCMU/);
      expect(agentPhone.output()).toMatch(/Set audio decoder: PCMA/);
    } finally {
      agentPhones.close();
      await agent.close();
    }
    expectNothingOpen();
    for (const p of phones) await p.stop('SIGTERM');
    const heardByAgent = matchInRecording(customerSpeech, await readWavFile(phones[0]!.recording()!.heard));
    const heardByCustomer = matchInRecording(agentSpeech, await readWavFile(phones[1]!.recording()!.heard));
    console.info(`[handoff] xcorr customer→agent phone ${heardByAgent.peak.toFixed(3)}, agent phone→customer ${heardByCustomer.peak.toFixed(3)}`);
    expect(heardByAgent.peak, 'customer speech vs what the agent phone heard').toBeGreaterThanOrEqual(0.9);
    expect(heardByCustomer.peak, 'agent speech vs what the customer heard').toBeGreaterThanOrEqual(0.9);
  }, 40_000);
});
