/**
 * baresip as a headless phone for call tests (ARCHITECTURE rule 9): a generated config dir in a
 * temp folder — SIP on 127.0.0.1, auto-answer, a WAV as the microphone, both directions
 * recorded by the `sndfile` module, the ALSA null device instead of a sound card, remote
 * control over `ctrl_tcp` (JSON in netstrings) — and a process that is always reaped and whose
 * temp dir is always removed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { freeUdpPort, reapOnExit } from './peers.js';

/** How the phone is set up; everything but `accounts` has a default. */
export interface BaresipPhoneOptions {
  /**
   * Account lines as baresip's `accounts` file wants them, e.g.
   * `<sip:customer@127.0.0.1:5080>;regint=0;answermode=auto`. `{port}` is replaced by the SIP port.
   */
  readonly accounts: readonly string[];
  /** 8 kHz mono 16-bit WAV played as the microphone (aufile stops at its end). */
  readonly micWav: string;
  /** Record what it sends and hears (default true). */
  readonly record?: boolean;
  /** The process quits by itself after this long even if the test runner dies first (default 60 s). */
  readonly maxSeconds?: number;
}

/** The two sides of baresip's recording (`sndfile`: `dump-<time>-enc.wav` / `-dec.wav`). */
export interface BaresipRecording {
  /** What it sent (its microphone, before encoding). */
  readonly sent: string;
  /** What it heard (after decoding). */
  readonly heard: string;
}

/** A running baresip. */
export interface BaresipPhone {
  readonly dir: string;
  readonly sipPort: number;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  readonly exited: Promise<number | null>;
  /** Waits until its output matches `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends a `ctrl_tcp` command (`hangup`, `dial`, …) and resolves with its JSON response. */
  command(command: string, params?: string): Promise<{ response: boolean; ok: boolean; data: string }>;
  /** The newest recording pair, or null when none was written. */
  recording(): BaresipRecording | null;
  /** SIGTERM (SIGKILL after `graceMs`); the recordings stay readable. Safe to call twice. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** Stops it (SIGKILL) and removes its temp dir: for every test's cleanup path. */
  dispose(): Promise<void>;
}

// baresip picks RTP ports at random in its range: keep each worker thread's phones apart from
// each other and from the agents' ranges (36000–52000, support/calls.ts).
let nextRtp = 20000 + (threadId % 8) * 2000;

/** Starts baresip with a generated config; resolves once it says it is ready. */
export async function startBaresipPhone(o: BaresipPhoneOptions): Promise<BaresipPhone> {
  const dir = mkdtempSync(join(tmpdir(), 'waihu-baresip-phone-'));
  const sipPort = await freeUdpPort();
  const ctrlPort = await freeUdpPort(); // free for UDP is a good enough hint for TCP on loopback
  const recordDir = join(dir, 'recordings');
  mkdirSync(recordDir);
  const rtpMin = nextRtp;
  nextRtp = rtpMin + 100 >= 20000 + ((threadId % 8) + 1) * 2000 ? 20000 + (threadId % 8) * 2000 : rtpMin + 100;
  const record = o.record ?? true;
  writeFileSync(join(dir, 'config'), [
    'poll_method\t\tepoll',
    `sip_listen\t\t127.0.0.1:${sipPort}`,
    // Without it baresip announces its first interface's address in SDP (and sends from
    // 127.0.0.1); `lo` by name fails in 1.0.0, the address works.
    'net_interface\t\t127.0.0.1',
    'dns_server\t\t127.0.0.1:53', // never ask an outside resolver
    'call_local_timeout\t120',
    'call_max_calls\t\t4',
    'audio_player\t\talsa,null', // ALSA's null sink: no sound card needed
    'audio_alert\t\talsa,null',
    `audio_source\t\taufile,${o.micWav}`,
    'audio_level\t\tno',
    'audio_buffer\t\t20-160',
    `rtp_ports\t\t${rtpMin}-${rtpMin + 99}`,
    'rtcp_mux\t\tno',
    'jitter_buffer_delay\t1-10',
    'module_path\t\t/usr/lib/baresip/modules',
    'module\t\t\tg711.so',
    'module\t\t\talsa.so',
    'module\t\t\taufile.so',
    ...(record ? ['module\t\t\tsndfile.so', `snd_path\t\t${recordDir}`] : []),
    'module_tmp\t\taccount.so',
    'module_app\t\tmenu.so',
    'module_app\t\tctrl_tcp.so',
    `ctrl_tcp_listen\t\t127.0.0.1:${ctrlPort}`,
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'accounts'), o.accounts.map((a) => a.replaceAll('{port}', String(sipPort))).join('\n') + '\n');

  const child = spawn('baresip', ['-f', dir, '-t', String(o.maxSeconds ?? 60)], { stdio: ['ignore', 'pipe', 'pipe'] });
  reapOnExit(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  let stopped: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
    })();
    return stopped;
  };
  const dispose = async (): Promise<void> => {
    await stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const waitForOutput = async (pattern: RegExp, timeoutMs: number): Promise<void> => {
    const start = Date.now();
    while (!pattern.test(out)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`baresip exited before printing ${pattern}:\n${out}`);
      if (Date.now() - start > timeoutMs) throw new Error(`baresip did not print ${pattern} within ${timeoutMs} ms:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const phone: BaresipPhone = {
    dir, sipPort, exited, output: () => out, waitForOutput, stop, dispose,
    command: (command, params = '') => ctrlCommand(ctrlPort, command, params),
    recording: () => {
      const files = readdirSync(recordDir).sort();
      const sent = files.filter((f) => f.endsWith('-enc.wav')).at(-1);
      const heard = files.filter((f) => f.endsWith('-dec.wav')).at(-1);
      return sent !== undefined && heard !== undefined ? { sent: join(recordDir, sent), heard: join(recordDir, heard) } : null;
    },
  };
  try {
    await waitForOutput(/baresip is ready/, 10_000);
  } catch (error) {
    await dispose();
    throw error;
  }
  return phone;
}

/** One `ctrl_tcp` exchange: `{"command","params","token"}` in a netstring, the matching response back. */
function ctrlCommand(port: number, command: string, params: string): Promise<{ response: boolean; ok: boolean; data: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const token = `t${Date.now()}`;
    const json = JSON.stringify({ command, params, token });
    let buffer = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`baresip did not answer ${command} within 5 s`)); }, 5000);
    socket.on('connect', () => socket.write(`${Buffer.byteLength(json)}:${json},`));
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('data', (d: Buffer) => {
      buffer += d.toString();
      // Events and responses arrive as netstrings; take the response carrying our token.
      for (;;) {
        const colon = buffer.indexOf(':');
        if (colon < 0) return;
        const length = Number(buffer.slice(0, colon));
        if (buffer.length < colon + 1 + length + 1) return;
        const body = buffer.slice(colon + 1, colon + 1 + length);
        buffer = buffer.slice(colon + 1 + length + 1);
        const message = JSON.parse(body) as { response?: boolean; ok?: boolean; data?: string; token?: string };
        if (message.response === true && message.token === token) {
          clearTimeout(timer);
          socket.end();
          resolve({ response: true, ok: message.ok === true, data: message.data ?? '' });
          return;
        }
      }
    });
  });
}
