/**
 * `npm run call` live (issue 6): the CLI as a child process calls baresip (auto-answer, a WAV
 * of espeak-ng Mandarin as its microphone) with a short version of the loan script written to
 * an .xlsx, the real Silero VAD, espeak-ng prompts and the CLI's test recognizer
 * (`--asr scripted:FILE`: the Nth utterance heard is the Nth line of FILE). The printed live
 * transcript, summary and grade are checked. Skipped without baresip/espeak-ng, unless
 * WAIHU_REQUIRE_PEERS=1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EspeakTts } from '@waihu/asr';
import { sampleById } from '@waihu/scripts-templates';
import { exportScript } from '@waihu/workbook';
import { mandarinSpeech, writeWav8k } from '../../../dialogs/test/support/audio.js';
import { startBaresipPhone } from '../../../dialogs/test/support/baresip.js';
import type { BaresipPhone } from '../../../dialogs/test/support/baresip.js';
import { reapOnExit } from '../../../dialogs/test/support/peers.js';
import { ANSWERS, RATE, realPeersAvailable, synthesize } from './support.js';

const canRun = realPeersAvailable('the call CLI with a real peer');
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The loan script with short prompts on the refusal path, so the call takes seconds. */
const SHORT: Readonly<Record<string, string>> = {
  开场白: '{姓名}您好，请问您需要贷款吗？',
  挽留: '理解的，加个微信可以吗？',
  结束拒绝: '好的，再见。',
};

describe.skipIf(!canRun)('npm run call against baresip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waihu-call-cli-'));
  let phone: BaresipPhone | undefined;
  afterAll(async () => {
    await phone?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('calls, prints the robot’s and the callee’s lines live, then the transcript with matches and grade D', async () => {
    const loan = sampleById('loan').template;
    const template = { ...loan, flows: loan.flows.map((f) => (SHORT[f.name] ? { ...f, prompt: SHORT[f.name]! } : f)) };
    const script = join(dir, 'short-loan.xlsx');
    writeFileSync(script, exportScript(template));
    const lines = join(dir, 'callee.txt');
    writeFileSync(lines, ANSWERS.map((a) => a.text).join('\n') + '\n');

    // The customer answers 1.2 s after each prompt should have ended.
    const tts = new EspeakTts();
    const promptMs = async (flow: string): Promise<number> => ((await synthesize(tts, SHORT[flow]!.replace('{姓名}', '张先生'))) / RATE) * 1000;
    const openingMs = await promptMs('开场白');
    const retainMs = await promptMs('挽留');
    const answers = ANSWERS.map((a) => mandarinSpeech(a.pinyin));
    const ms = (pcm: Int16Array): number => (pcm.length / RATE) * 1000;
    const first = Math.round(400 + openingMs + 1200);
    const second = Math.round(first + ms(answers[0]!) + 950 + 400 + retainMs + 1200);
    const mic = new Int16Array(Math.round(((second + ms(answers[1]!) + 10_000) * RATE) / 1000));
    mic.set(answers[0]!, Math.round((first * RATE) / 1000));
    mic.set(answers[1]!, Math.round((second * RATE) / 1000));
    const micWav = join(dir, 'customer.wav');
    writeWav8k(micWav, mic);
    phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMA/8000/1'], micWav, maxSeconds: 60 });

    const child = spawn('npm', ['run', '--silent', 'call', '--', '--script', script, '--trunk', `127.0.0.1:${phone.sipPort}`, '--bind', '127.0.0.1',
      '--asr', `scripted:${lines}`, '--var', '姓名=张先生', '--var', '额度=50万', '--ring', '10', 'customer'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    reapOnExit(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    console.info(`[call cli] exit ${code}\n${out}`);
    expect(code, `${out}\n${err}\n${phone.output()}`).toBe(0);

    // Live lines, in order: dialing, answered, robot, callee, robot, callee, robot.
    const live = out.split('\n').filter((l) => /^\d\d:\d\d\.\d (拨打|· 接通|机器人|客户)/.test(l)).map((l) => l.slice(8).replace(/\s+/g, ' ').trim());
    expect(live).toEqual([
      expect.stringMatching(/^拨打 dialing customer via 127\.0\.0\.1:\d+$/),
      '· 接通 answered',
      '机器人 robot 张先生您好，请问您需要贷款吗？',
      '客户 callee 暂时不需要，谢谢',
      '机器人 robot 理解的，加个微信可以吗？',
      '客户 callee 不用了，谢谢你',
      '机器人 robot 好的，再见。',
    ]);
    // The summary: outcome, the transcript with what matched and reply latency, the grade.
    expect(out).toMatch(/结果 outcome ANSWERED \(SIP 200\), 结束 completed, 挂机 ROBOT/);
    expect(out).toMatch(/\d\d:\d\d\.\d 客户 {3}暂时不需要，谢谢 {3}\[[^\]]+\]/);
    expect(out).toMatch(/\d\d:\d\d\.\d 机器人 理解的，加个微信可以吗？ {3}\(\d+ ms\)/);
    expect(out).toMatch(/等级 grade D: /);
    expect(out).toMatch(/标签 tags 暂无需求, 无意向/);
  }, 90_000);
});
