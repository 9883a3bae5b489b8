/**
 * A whole robot call with real peers (issue 6, "With real peers"): the robot (our SIP agent,
 * RTP, the CallSession, the real Silero VAD for endpointing and barge-in, espeak-ng prompts)
 * calls baresip as the customer, whose microphone is a WAV of Mandarin answers synthesized by
 * espeak-ng and placed after the robot's prompts with silences between. No real recognizer
 * runs here, so a test recognizer maps each utterance the VAD cut to the answer whose audio
 * it matches (a fingerprint: the correlation of 10 ms loudness envelopes) — the VAD, the
 * endpointing and the timing are the real ones. The call follows the loan script's golden
 * conversation "礼貌拒绝，挽留加微信也不要" and is kept through CallRecords in a scratch SQLite
 * database. Skipped with a message without baresip/espeak-ng, unless WAIHU_REQUIRE_PEERS=1.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EspeakTts, PromptPlayer, VadModel } from '@waihu/asr';
import { decodeStereoWav, runRobotCall } from '@waihu/dialogs';
import type { CallRecord } from '@waihu/dialogs';
import { createDb, migrate } from '@waihu/db';
import type { Db } from '@waihu/db';
import { CallRecords, RecordingStorage } from '../../src/calls/index.js';
import { LocalFileStore } from '../../src/storage/index.js';
import { SecretBox } from '../../src/secrets/box.js';
import { mandarinSpeech, matchInRecording, writeWav8k } from '../../../dialogs/test/support/audio.js';
import { startBaresipPhone } from '../../../dialogs/test/support/baresip.js';
import type { BaresipPhone } from '../../../dialogs/test/support/baresip.js';
import { loopbackTrunk, startAgent } from '../../../dialogs/test/support/calls.js';
import { ANSWERS, RATE, VARS, fingerprintAsr, loanScript, realPeersAvailable, rms, synthesize } from './support.js';

const canRun = realPeersAvailable('the robot call with real peers');

describe.skipIf(!canRun)('a robot call with real peers (baresip customer, espeak-ng speech, Silero VAD)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waihu-e2e-'));
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

  it('follows the golden refusal conversation, ends graded D with the transcript, and keeps a recording where both parties are heard', async () => {
    const { template, flow } = loanScript();
    const tts = new EspeakTts();
    const openingMs = ((await synthesize(tts, flow('开场白'))) / RATE) * 1000;
    const retainMs = ((await synthesize(tts, flow('挽留'))) / RATE) * 1000;

    // The customer's microphone: each answer 1.2 s after the prompt it answers should have ended.
    const answers = ANSWERS.map((a) => ({ ...a, pcm: mandarinSpeech(a.pinyin) }));
    const ms = (pcm: Int16Array): number => (pcm.length / RATE) * 1000;
    const first = Math.round(400 + openingMs + 1200);
    const second = Math.round(first + ms(answers[0]!.pcm) + 900 + 400 + retainMs + 1200);
    const totalMs = second + ms(answers[1]!.pcm) + 15_000;
    const mic = new Int16Array(Math.round((totalMs * RATE) / 1000));
    mic.set(answers[0]!.pcm, Math.round((first * RATE) / 1000));
    mic.set(answers[1]!.pcm, Math.round((second * RATE) / 1000));
    const micWav = join(dir, 'customer.wav');
    writeWav8k(micWav, mic);

    phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMA/8000/1'], micWav, maxSeconds: 90 });
    const agent = await startAgent();
    const recordPath = join(dir, 'robot-side.wav');
    const heard: { text: string; score: number }[] = [];
    const enterprise = await db.enterprise.create({ data: { name: 'e2e', account: 'e2e' } });
    const files = new LocalFileStore(join(dir, 'files'));
    const records = new CallRecords({ db, recordings: new RecordingStorage(db, files, SecretBox.random()) });
    const saved: Promise<{ attemptId: number }>[] = [];
    const store = records.store({ enterpriseId: enterprise.id, templateVersionId: null });
    let record: CallRecord;
    try {
      // The shared path of the call command, the dialer and the console's test calls.
      record = await runRobotCall({
        agent, trunk: loopbackTrunk(phone.sipPort, { name: 'baresip' }), number: 'customer', callerId: '02150001234',
        template, vars: VARS, asr: fingerprintAsr(answers, heard), vad: () => vad.createStream(), prompts: new PromptPlayer({ tts }),
        recordPath, store: { save: (r) => { const p = store.save(r); saved.push(p); return p; } },
      });
    } finally {
      await agent.close();
    }
    expect(record.outcome, phone.output()).toBe('ANSWERED');

    // The dialog: the golden conversation's path, grade, tags and counters.
    const says = record.turns.filter((t) => t.who === 'ROBOT');
    const callee = record.turns.filter((t) => t.who === 'CALLEE');
    const transcript = record.turns.map((t) => `${(t.startMs / 1000).toFixed(1).padStart(5)}s ${t.who === 'ROBOT' ? '机器人' : '客户  '} ${t.text}${t.latency ? `  (等待 ${t.latency.totalMs} ms)` : ''}${t.bargedIn ? ' [被打断]' : ''}`).join('\n');
    console.info(`[e2e] transcript\n${transcript}\n[e2e] grade ${record.grade} ${record.gradeReasons.join('; ')}; tags ${record.tags.join(', ')}; fingerprints ${heard.map((h) => `${h.text}:${h.score.toFixed(2)}`).join(', ')}`);
    expect(callee.map((t) => t.text), transcript).toEqual(ANSWERS.map((a) => a.text));
    expect(says.map((t) => t.flow), transcript).toEqual(['开场白', '挽留', '结束拒绝']);
    expect(record).toMatchObject({ grade: 'D', endReason: 'completed', hangupBy: 'ROBOT', outcome: 'ANSWERED' });
    expect(record.tags).toEqual(['暂无需求', '无意向']);
    expect(record.counters).toMatchObject({ affirmative: 0, questions: 0, interactions: 2, refusals: 2 });
    // Timing is real: each reply came after the answer's end, within endpointing + a margin.
    for (const t of says.slice(1)) {
      expect(t.latency, transcript).not.toBeNull();
      expect(t.latency!.totalMs).toBeGreaterThan(300);
      expect(t.latency!.totalMs).toBeLessThan(2500);
    }
    // The callee's turns sit where the microphone put them (answer ≈ mic start; ±1 s for set-up and endpointing).
    expect(Math.abs(callee[0]!.startMs - first)).toBeLessThan(1000);
    expect(Math.abs(callee[1]!.startMs - second)).toBeLessThan(1000);

    // Kept: rows in a scratch SQLite database, the recording moved into the file store.
    expect(saved).toHaveLength(1);
    const { attemptId } = await saved[0]!;
    expect(existsSync(recordPath), 'the WAV was moved into the file store').toBe(false);
    const attempt = await db.callAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt).toMatchObject({ grade: 'D', outcome: 'ANSWERED', sipStatus: 200, hangupBy: 'ROBOT', interactions: 2, refusals: 2, endReason: 'completed' });
    const rows = await db.turn.findMany({ where: { attemptId }, orderBy: { seq: 'asc' } });
    expect(rows.map((t) => t.text)).toEqual(record.turns.map((t) => t.text));
    expect(rows.filter((t) => t.who === 'ROBOT' && t.latencyMs !== null)).toHaveLength(2);
    const rec = await db.recording.findUniqueOrThrow({ where: { attemptId } });
    const wav = decodeStereoWav(await files.read(rec.storageKey));

    // Both parties audible: the customer's answers on the left (xcorr ≥ 0.9 against what baresip
    // played), the robot's prompts on the right, each loud where the transcript says.
    const left = matchInRecording(answers[0]!.pcm, wav.left);
    expect(left.peak, 'customer answer vs the left channel').toBeGreaterThanOrEqual(0.9);
    for (const t of callee) expect(rms(wav.left, t.startMs, t.endMs), `customer audible at ${t.startMs} ms`).toBeGreaterThan(300);
    for (const t of says) expect(rms(wav.right, t.startMs, Math.min(t.endMs, t.startMs + 2000)), `robot audible at ${t.startMs} ms`).toBeGreaterThan(300);
    expect(rms(wav.left, says[0]!.startMs + 500, says[0]!.startMs + 2000), 'the robot is not on the customer\'s channel').toBeLessThan(300);
    console.info(`[e2e] recording ${rec.durationMs} ms, ${rec.sizeBytes} bytes; xcorr(customer answer, left) ${left.peak.toFixed(3)}`);
  }, 120_000);
});
