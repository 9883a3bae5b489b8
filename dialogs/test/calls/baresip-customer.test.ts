/**
 * The robot calls a real softphone: baresip on 127.0.0.1 as the customer (a peer trunk),
 * auto-answering with Mandarin speech as its microphone and recording both directions. Audio
 * must cross both ways (xcorr ≥ 0.9 against what was sent), the call must end cleanly whichever
 * side hangs up (baresip's hang-up is a real BYE through its ctrl_tcp remote control), and
 * nothing may stay open. Skipped with a message when baresip is missing (support/peers.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeStereoWav, readWavFile } from '../../src/media/index.js';
import { mandarinSpeech, matchInRecording, writeWav8k } from '../support/audio.js';
import { startBaresipPhone, type BaresipPhone } from '../support/baresip.js';
import { expectNothingOpen, loopbackTrunk, startAgent, sweep } from '../support/calls.js';
import { peerAvailable } from '../support/peers.js';

const hasBaresip = peerAvailable('baresip');
const dir = mkdtempSync(join(tmpdir(), 'waihu-baresip-customer-'));
const micWav = join(dir, 'customer.wav');
let customerSpeech: Int16Array;
let phone: BaresipPhone | undefined;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => {
  customerSpeech = mandarinSpeech('wei, ni3 hao3, qing3 wen4 ni3 shi4 na3 wei4'); // 喂，你好，请问你是哪位
  // baresip hangs up when its microphone file ends (aufile: end of file): pad it with silence
  // so the call lasts until one side hangs up on purpose.
  const padded = new Int16Array(customerSpeech.length + 10 * 8000);
  padded.set(customerSpeech);
  writeWav8k(micWav, padded);
});
afterEach(async () => { await phone?.dispose(); phone = undefined; });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasBaresip)('calls to baresip as the customer phone', () => {
  it('answers; audio crosses both ways (xcorr ≥ 0.9 each way); our BYE ends it; nothing leaks', async () => {
    phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1,PCMA/8000/1'], micWav });
    const agent = await startAgent();
    const recordPath = join(dir, 'robot-side.wav');
    const robotSays = sweep(2, 300, 2500);
    try {
      const call = await agent.placeCall({ trunk: loopbackTrunk(phone.sipPort, { name: 'baresip' }), number: 'customer', callerId: '01088886666', recordPath });
      const answer = await call.answered;
      expect(answer.answered, phone.output()).toBe(true);
      expect(await call.rtp.play(robotSays)).toBe('finished');
      await sleep(Math.max(500, (customerSpeech.length / 8) - 2000 + 300)); // the rest of the customer's speech
      const end = await call.hangup();
      expect(end).toMatchObject({ reason: 'local-hangup', outcome: 'ANSWERED', sipStatus: 200, by: 'local', bye: 'answered' });
      const { received } = call.rtp.stats();
      expect(received.cumulativeLost).toBe(0);
      expect(received.received, JSON.stringify(call.rtp.stats()) + phone.output()).toBeGreaterThan(100);
    } finally {
      await agent.close();
    }
    expectNothingOpen();
    await phone.stop('SIGTERM'); // baresip finishes its WAV files on the way out
    const ours = decodeStereoWav(readFileSync(recordPath));
    const customerToRobot = matchInRecording(customerSpeech, ours.left);
    expect(customerToRobot.peak, 'baresip\'s speech vs the left channel of our recording').toBeGreaterThanOrEqual(0.9);
    expect(matchInRecording(robotSays, ours.right).peak, 'what we sent vs the right channel').toBeGreaterThanOrEqual(0.9);
    expect(matchInRecording(customerSpeech, ours.right).peak, 'negative control: the customer is not on the robot\'s channel').toBeLessThan(0.5);
    const theirs = phone.recording();
    expect(theirs, 'baresip wrote no recording').not.toBeNull();
    const robotToCustomer = matchInRecording(robotSays, await readWavFile(theirs!.heard));
    expect(robotToCustomer.peak, 'what we sent vs what baresip heard').toBeGreaterThanOrEqual(0.9);
    console.info(`[baresip] ${(customerSpeech.length / 8000).toFixed(1)} s of customer speech; xcorr robot→customer ${robotToCustomer.peak.toFixed(3)}, customer→robot ${customerToRobot.peak.toFixed(3)}`);
  }, 30_000);

  it('ends with remote-hangup when baresip hangs up (a real BYE, sent through its ctrl_tcp remote control)', async () => {
    phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto'], micWav, record: false });
    const agent = await startAgent();
    try {
      const call = await agent.placeCall({ trunk: loopbackTrunk(phone.sipPort, { name: 'baresip' }), number: 'customer', callerId: '01088886666' });
      expect((await call.answered).answered, phone.output()).toBe(true);
      await sleep(700);
      const reply = await phone.command('hangup');
      expect(reply.ok, reply.data).toBe(true);
      const end = await call.ended;
      expect(end).toMatchObject({ reason: 'remote-hangup', outcome: 'ANSWERED', by: 'remote', sipStatus: 200 });
      expect(end.talkMs).toBeGreaterThanOrEqual(500);
      expect(agent.activeCalls).toBe(0);
    } finally {
      await agent.close();
    }
    expectNothingOpen();
  }, 30_000);
});
