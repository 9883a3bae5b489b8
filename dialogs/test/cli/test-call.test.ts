/**
 * The test-call tool as operators run it: a child process against baresip on 127.0.0.1 (the
 * issue's "the test-call tool works against baresip"). Answered with a 2 s prompt played and
 * recorded (exit 0), Ctrl-C during the call (a clean BYE, exit 0), an unanswered call (ring
 * timeout, 无人接听, exit 1), and bad arguments (exit 2, no peer needed).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeStereoWav } from '../../src/media/index.js';
import { matchInRecording, writeWav8k } from '../support/audio.js';
import { startBaresipPhone, type BaresipPhone } from '../support/baresip.js';
import { sweep } from '../support/calls.js';
import { peerAvailable, reapOnExit } from '../support/peers.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../../src/cli/test-call.ts', import.meta.url));
const hasBaresip = peerAvailable('baresip');
const dir = mkdtempSync(join(tmpdir(), 'waihu-test-call-'));
let phone: BaresipPhone | undefined;
afterEach(async () => { await phone?.dispose(); phone = undefined; });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI; `whileRunning` may act on it (e.g. send SIGINT) once its output matches. */
function runCli(args: string[], interrupt?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Our own RTP range: clear of the agents' and baresip's ranges in the other tests.
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--rtp-ports', '53000-53998', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    reapOnExit(child);
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (interrupt !== undefined && !signalled && interrupt.test(stdout)) { signalled = true; child.kill('SIGINT'); }
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

function customerMic(): string {
  const path = join(dir, 'customer.wav');
  writeWav8k(path, sweep(15, 2500, 400)); // longer than any call here: baresip hangs up at its end
  return path;
}

describe('call:test tool', () => {
  it('refuses bad arguments with exit 2 and says what is wrong; --help exits 0', async () => {
    const bad = await runCli(['--trunk', '127.0.0.1:0', '--hold', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--trunk 127.0.0.1:0');
    expect(bad.stderr).toContain('--hold soon');
    expect(bad.stderr).toContain('NUMBER');
    const missing = await runCli(['--trunk', '127.0.0.1', '--wav', join(dir, 'nope.wav'), '123']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.wav');
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('用法 usage');
  }, 30_000);
});

describe.skipIf(!hasBaresip)('call:test tool against baresip', () => {
  it('calls, plays the prompt, hangs up after it, reports ANSWERED with RTP figures, records, exits 0', async () => {
    phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto'], micWav: customerMic(), record: false });
    const prompt = sweep(2, 300, 2500);
    const wav = join(dir, 'prompt.wav');
    writeWav8k(wav, prompt);
    const record = join(dir, 'call.wav');
    const run = await runCli(['--trunk', `127.0.0.1:${phone.sipPort}`, '--from', '01088886666', '--wav', wav, '--record', record, 'customer']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/180 Ringing/);
    expect(run.stdout).toMatch(/接通 answered \(呼叫建立 set-up \d+ ms\)/);
    expect(run.stdout).toMatch(/播放完毕 played/);
    expect(run.stdout).toMatch(/呼叫结果 outcome: 接通 ANSWERED · SIP 200 .* local-hangup/);
    const rtp = /接收 received (\d+) · 丢包 lost (\d+)/.exec(run.stdout);
    expect(Number(rtp?.[1])).toBeGreaterThan(80);
    expect(Number(rtp?.[2])).toBe(0);
    expect(matchInRecording(prompt, decodeStereoWav(readFileSync(record)).right).peak).toBeGreaterThanOrEqual(0.9);
  }, 30_000);

  it('hangs up cleanly on Ctrl-C during the call and still reports', async () => {
    phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto'], micWav: customerMic(), record: false });
    const run = await runCli(['--trunk', `127.0.0.1:${phone.sipPort}`, '--hold', '20', 'customer'], /接通 answered/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/中断，挂断中 interrupted: hanging up/);
    expect(run.stdout).toMatch(/接通 ANSWERED · SIP 200 .* local-hangup/);
    await phone.waitForOutput(/session closed|terminated/i, 3000); // baresip got our BYE
  }, 30_000);

  it('exits 1 with 无人接听 when nobody answers before the ring timeout', async () => {
    phone = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=manual'], micWav: customerMic(), record: false });
    const run = await runCli(['--trunk', `127.0.0.1:${phone.sipPort}`, '--ring-timeout', '1', 'customer']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/180 Ringing/);
    expect(run.stdout).toMatch(/呼叫结果 outcome: 无人接听 NO_ANSWER · SIP 487 .* ring-timeout/);
  }, 30_000);
});
