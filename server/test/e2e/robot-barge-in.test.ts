/**
 * Barge-in with a real peer (issue 6): baresip, the customer, starts talking three seconds into
 * the robot's opening (an interruptible prompt). The robot must go quiet soon after the
 * customer's speech reaches it — measured on the stereo recording, customer left, robot right —
 * store the opening turn as barged-in, answer the interruption (挽留) and carry the dialog on to
 * its golden end. The real Silero VAD decides when speech started and lasted `bargeInMs`; the
 * recognizer is the fingerprint test one of ./support.ts. Skipped without baresip/espeak-ng,
 * unless WAIHU_REQUIRE_PEERS=1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EspeakTts, PromptPlayer, VadModel } from '@waihu/asr';
import { DEFAULT_ENDPOINTING, decodeStereoWav, runRobotCall } from '@waihu/dialogs';
import type { CallRecord } from '@waihu/dialogs';
import { createDb, migrate } from '@waihu/db';
import type { Db } from '@waihu/db';
import { CallRecords, RecordingStorage } from '../../src/calls/index.js';
import { LocalFileStore } from '../../src/storage/index.js';
import { SecretBox } from '../../src/secrets/box.js';
import { mandarinSpeech, writeWav8k } from '../../../dialogs/test/support/audio.js';
import { startBaresipPhone } from '../../../dialogs/test/support/baresip.js';
import type { BaresipPhone } from '../../../dialogs/test/support/baresip.js';
import { loopbackTrunk, startAgent } from '../../../dialogs/test/support/calls.js';
import { ANSWERS, RATE, VARS, fingerprintAsr, loanScript, realPeersAvailable, rms, synthesize } from './support.js';

const canRun = realPeersAvailable('the barge-in call with real peers');

/** Where the customer starts talking over the opening (ms after the answer). */
const BARGE_AT_MS = 3400;

/** The first 20 ms window at or after `fromMs` where `x` is louder than `level`, or -1. */
function onset(x: Int16Array, fromMs: number, level: number): number {
  for (let t = fromMs; t + 20 <= (x.length / RATE) * 1000; t += 20) if (rms(x, t, t + 20) > level) return t;
  return -1;
}

/** The first 20 ms window at or after `fromMs` from which `x` stays quieter than `level` for `holdMs`. */
function quietFrom(x: Int16Array, fromMs: number, holdMs: number, level: number): number {
  let start = -1;
  for (let t = fromMs; t + 20 <= (x.length / RATE) * 1000; t += 20) {
    if (rms(x, t, t + 20) < level) {
      if (start < 0) start = t;
      if (t + 20 - start >= holdMs) return start;
    } else start = -1;
  }
  return -1;
}

describe.skipIf(!canRun)('barge-in with a real peer (baresip talks over the robot’s opening)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waihu-e2e-barge-'));
  let vad: VadModel;
  let db: Db;
  let phone: BaresipPhone | undefined;

  beforeAll(async () => {
    vad = await VadModel.load();
    const url = `file:${join(dir, 'calls.db')}`;
    await migrate(url);
    db = await createDb(url);
  }, 60_000);
  afterAll(async () => {
    await phone?.dispose();
    await vad?.close();
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops the opening within ~400 ms of the customer’s speech, stores the turn as barged-in, and the dialog goes on to its golden end', async () => {
    const { template, flow } = loanScript();
    const tts = new EspeakTts();
    const openingMs = ((await synthesize(tts, flow('开场白'))) / RATE) * 1000;
    const retainMs = ((await synthesize(tts, flow('挽留'))) / RATE) * 1000;
    expect(openingMs, 'the opening must still be playing when the customer talks').toBeGreaterThan(BARGE_AT_MS + 4000);

    // The customer's microphone: the refusal over the opening, then the second refusal after 挽留.
    const answers = ANSWERS.map((a) => ({ ...a, pcm: mandarinSpeech(a.pinyin) }));
    const ms = (pcm: Int16Array): number => (pcm.length / RATE) * 1000;
    const first = BARGE_AT_MS;
    const second = Math.round(first + ms(answers[0]!.pcm) + 950 + 400 + retainMs + 1200);
    const mic = new Int16Array(Math.round(((second + ms(answers[1]!.pcm) + 15_000) * RATE) / 1000));
    mic.set(answers[0]!.pcm, Math.round((first * RATE) / 1000));
    mic.set(answers[1]!.pcm, Math.round((second * RATE) / 1000));
    const micWav = join(dir, 'customer.wav');
    writeWav8k(micWav, mic);

    phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMA/8000/1'], micWav, maxSeconds: 90 });
    const agent = await startAgent();
    const heard: { text: string; score: number }[] = [];
    const enterprise = await db.enterprise.create({ data: { name: 'e2e', account: 'e2e-barge' } });
    const files = new LocalFileStore(join(dir, 'files'));
    const store = new CallRecords({ db, recordings: new RecordingStorage(db, files, SecretBox.random()) }).store({ enterpriseId: enterprise.id, templateVersionId: null });
    const saved: Promise<{ attemptId: number }>[] = [];
    let record: CallRecord;
    try {
      record = await runRobotCall({
        agent, trunk: loopbackTrunk(phone.sipPort, { name: 'baresip' }), number: 'customer', callerId: '02150001234',
        template, vars: VARS, asr: fingerprintAsr(answers, heard), vad: () => vad.createStream(), prompts: new PromptPlayer({ tts }),
        recordPath: join(dir, 'robot-side.wav'), store: { save: (r) => { const p = store.save(r); saved.push(p); return p; } },
      });
    } finally {
      await agent.close();
      await phone.stop();
    }
    const transcript = record.turns.map((t) => `${(t.startMs / 1000).toFixed(1).padStart(5)}–${(t.endMs / 1000).toFixed(1)}s ${t.who} ${t.text}${t.bargedIn ? ' [被打断]' : ''}`).join('\n');
    console.info(`[e2e barge-in] transcript\n${transcript}\n[e2e barge-in] fingerprints ${heard.map((h) => `${h.text}:${h.score.toFixed(2)}`).join(', ')}`);

    // The dialog: interrupted opening, then the golden refusal path to its end.
    expect(record.outcome, phone.output()).toBe('ANSWERED');
    const says = record.turns.filter((t) => t.who === 'ROBOT');
    expect(says.map((t) => t.flow), transcript).toEqual(['开场白', '挽留', '结束拒绝']);
    expect(says.map((t) => t.bargedIn), transcript).toEqual([true, false, false]);
    expect(record.turns.filter((t) => t.who === 'CALLEE').map((t) => t.text), transcript).toEqual(ANSWERS.map((a) => a.text));
    expect(record.events.map((e) => e.type)).toContain('promptInterrupted');
    expect(record).toMatchObject({ grade: 'D', endReason: 'completed', hangupBy: 'ROBOT' });
    expect(record.tags).toEqual(['暂无需求', '无意向']);
    // The opening ended early: it stopped around the customer's speech plus barge-in time, not at its end.
    expect(says[0]!.endMs - says[0]!.startMs).toBeLessThan(BARGE_AT_MS + 1500);

    // Stored as barged-in.
    const { attemptId } = await saved[0]!;
    const rows = await db.turn.findMany({ where: { attemptId }, orderBy: { seq: 'asc' } });
    expect(rows.filter((t) => t.who === 'ROBOT').map((t) => t.bargedIn)).toEqual([true, false, false]);

    // On the recording: the customer's speech starts on the left while the robot is loud on the
    // right; the right channel goes quiet soon after and stays quiet until the reply (挽留).
    const rec = await db.recording.findUniqueOrThrow({ where: { attemptId } });
    const wav = decodeStereoWav(await files.read(rec.storageKey));
    const speechAt = onset(wav.left, says[0]!.startMs + 500, 300);
    expect(speechAt, 'customer speech on the left channel').toBeGreaterThan(0);
    expect(rms(wav.right, speechAt - 600, speechAt), 'the robot was talking when the customer started').toBeGreaterThan(300);
    const quietAt = quietFrom(wav.right, speechAt, 600, 60);
    const cutMs = quietAt - speechAt;
    const replyAt = onset(wav.right, quietAt, 300);
    console.info(`[e2e barge-in] customer speech at ${speechAt} ms of the recording; robot quiet ${cutMs} ms later (barge-in after ${DEFAULT_ENDPOINTING.bargeInMs} ms of speech); reply on the right at ${replyAt} ms`);
    expect(quietAt).toBeGreaterThan(0);
    expect(cutMs, 'robot quiet within ~500 ms of the customer’s speech').toBeLessThanOrEqual(550);
    expect(cutMs).toBeGreaterThanOrEqual(0);
    // Quiet until the reply, which comes after the customer's answer ended (no resumed opening).
    expect(replyAt - speechAt).toBeGreaterThan(ms(answers[0]!.pcm));
    expect(Math.abs(replyAt - says[1]!.startMs)).toBeLessThan(1000);
  }, 120_000);
});
