/**
 * `npm run call:test`: one test call for operators checking a trunk (外线). Places the call,
 * prints its progress (100/180/183, the answer and set-up time), plays a file, hangs up after
 * it (or after --hold), and prints 呼叫结果 with the SIP status and cause and the RTP figures.
 * Exit status: 0 answered, 1 not answered or failed, 2 bad arguments. Ctrl-C hangs up cleanly
 * (a second Ctrl-C quits at once). `--help` describes the options in Chinese and English.
 */
import { lookup } from 'node:dns/promises';
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { convertVoiceFile } from '@waihu/asr';
import { SipAgent } from '../calls/agent.js';
import type { Call } from '../calls/outbound-call.js';
import type { CallEnd } from '../calls/call-end.js';
import { decodeWav } from '../media/wav-reader.js';
import { PortAllocator } from '../media/port-allocator.js';
import { checkTrunkConfig, type TrunkConfig } from '../trunk/config.js';
import type { CallOutcome } from '../trunk/outcome.js';
import { parseTestCallArgs, TEST_CALL_HELP, type TestCallArgs } from './test-call-args.js';

/** 呼叫结果 as operators read them (prisma/src/values.ts lists the same outcomes). */
const OUTCOME_ZH: Record<CallOutcome, string> = {
  ANSWERED: '接通', NO_ANSWER: '无人接听', BUSY: '忙', REJECTED: '拒接', INVALID_NUMBER: '空号', POWERED_OFF: '关机', SUSPENDED: '停机',
  NETWORK_ERROR: '网络错误', CANCELED: '取消',
};
const DEFAULT_HOLD_MS = 5000;

const out = (line: string): void => { process.stdout.write(`${line}\n`); };
const fail = (line: string): void => { process.stderr.write(`${line}\n`); };

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseTestCallArgs(argv);
  if (parsed.kind === 'help') { out(TEST_CALL_HELP); return 0; }
  if (parsed.kind === 'error') {
    for (const p of parsed.problems) fail(`参数错误 bad argument: ${p}`);
    fail('npm run call:test -- --help 查看用法 for usage');
    return 2;
  }
  const args = parsed.args;
  const trunk = trunkOf(args);
  if (typeof trunk === 'string') { fail(`参数错误 bad argument: ${trunk}`); return 2; }
  let prompt: Int16Array | null = null;
  if (args.wav !== null) {
    const loaded = await loadPrompt(args.wav);
    if (typeof loaded === 'string') { fail(`参数错误 bad argument: --wav ${args.wav}: ${loaded}`); return 2; }
    prompt = loaded;
  }
  let local: string;
  try {
    local = args.local ?? await routeAddress(args.host, args.port);
  } catch (error) {
    fail(`无法到达外线 cannot reach ${args.host}: ${(error as Error).message}`);
    return 1;
  }
  const agent = await SipAgent.start({
    transport: { address: local, port: args.sipPort, tcp: args.transport === 'tcp' },
    ports: new PortAllocator(args.rtpPorts ?? undefined), mediaTimeoutMs: 30_000, product: 'waihu-test-call',
  });
  try {
    return await run(agent, trunk, args, prompt);
  } finally {
    await agent.close();
  }
}

async function run(agent: SipAgent, trunk: TrunkConfig, args: TestCallArgs, prompt: Int16Array | null): Promise<number> {
  const started = performance.now();
  const at = (): string => `+${fmtMs(performance.now() - started)}`.padEnd(10);
  let interrupted = false;
  let onInterrupt: () => void = () => undefined;
  const sigint = (): void => {
    if (interrupted) { fail('再次中断，立即退出 interrupted again: quitting'); process.exit(130); }
    interrupted = true;
    out(`${at()}中断，挂断中 interrupted: hanging up`);
    onInterrupt();
  };
  process.on('SIGINT', sigint);
  try {
    if (args.register) {
      out(`注册 registering ${args.user ?? ''}@${args.host}:${args.port} …`);
      const ok = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        onInterrupt = () => { clearTimeout(timer); resolve(false); };
        agent.register(trunk, {
          onChange: (e) => {
            if (e.state === 'registered') { clearTimeout(timer); out(`${at()}注册成功 registered (${e.status ?? ''}, expires ${e.expiresS ?? '?'} s)`); resolve(true); }
            if (e.state === 'failed') { clearTimeout(timer); out(`${at()}注册失败 registration failed: ${e.status ?? ''} ${e.detail}`); resolve(false); }
          },
        });
      });
      if (!ok || interrupted) return 1;
    }
    out(`呼叫 calling ${args.number} via ${args.host}:${args.port}/${args.transport} from ${agent.ua.hostPort(args.transport)}${args.from !== '' ? ` (外显 caller ID ${args.from})` : ''}`);
    const call = await agent.placeCall({
      trunk, number: args.number, callerId: args.from, ringTimeoutMs: args.ringTimeoutMs, ...(args.record !== null ? { recordPath: args.record } : {}),
    });
    call.onProgress((p) => out(`${at()}${p.status} ${p.reason}${p.earlyMedia ? ' (早期媒体 early media)' : ''}`), { trying: true });
    onInterrupt = () => { void call.hangup(); };
    const answer = await call.answered;
    if (answer.answered) {
      out(`${at()}接通 answered (呼叫建立 set-up ${fmtMs(answer.setupMs)})`);
      await talk(call, args, prompt, at);
    }
    const end = await call.ended;
    report(end, call);
    if (args.record !== null && answer.answered) out(`录音 recording: ${args.record} (左 left: 被叫 callee, 右 right: 本端 us)`);
    return end.outcome === 'ANSWERED' ? 0 : 1;
  } finally {
    process.off('SIGINT', sigint);
  }
}

/** Plays the prompt and hangs up after it, after --hold, or when the callee hangs up. */
async function talk(call: Call, args: TestCallArgs, prompt: Int16Array | null, at: () => string): Promise<void> {
  const holdMs = args.holdMs ?? (prompt === null ? DEFAULT_HOLD_MS : null);
  const waits: Promise<unknown>[] = [call.ended];
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (holdMs !== null) waits.push(new Promise((resolve) => { timer = setTimeout(resolve, holdMs); }));
  if (prompt !== null) {
    out(`${at()}播放 playing ${basename(args.wav ?? '')} (${(prompt.length / 8000).toFixed(1)} s)`);
    const played = call.rtp.play(prompt).then(async (result) => {
      if (result === 'finished') out(`${at()}播放完毕 played`);
      // A moment for the last packets to arrive before the BYE.
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    if (holdMs === null) waits.push(played);
  }
  await Promise.race(waits);
  clearTimeout(timer);
  if (call.state === 'answered') {
    out(`${at()}挂断 hanging up`);
    await call.hangup();
  }
}

function report(end: CallEnd, call: Call): void {
  const status = end.sipStatus === null ? '—' : String(end.sipStatus);
  const cause = end.cause === null ? '—' : String(end.cause);
  out(`呼叫结果 outcome: ${OUTCOME_ZH[end.outcome]} ${end.outcome} · SIP ${status} · Q.850 cause ${cause} · ${end.reason} (${end.by === 'local' ? '本端 us' : '对端 them'})` +
    `${end.talkMs !== null ? ` · 通话 talk ${fmtMs(end.talkMs)}` : ''}`);
  if (end.reason !== 'local-hangup' && end.reason !== 'remote-hangup') out(`  详情 detail: ${end.detail}`);
  const { sent, received } = call.rtp.stats();
  if (sent.packets === 0 && received.received === 0) return;
  const lossPct = received.expected > 0 ? (100 * Math.max(0, received.cumulativeLost)) / received.expected : 0;
  out(`RTP: 发送 sent ${sent.packets} packets · 接收 received ${received.received} · 丢包 lost ${Math.max(0, received.cumulativeLost)} (${lossPct.toFixed(1)} %) · 抖动 jitter ${received.jitterMs.toFixed(1)} ms`);
}

/** The trunk settings for this call, or what is wrong with them. */
function trunkOf(args: TestCallArgs): TrunkConfig | string {
  const checked = checkTrunkConfig({
    name: 'call:test', host: args.host, port: args.port, transport: args.transport, mode: args.register ? 'register' : 'peer',
    username: args.user, password: args.password, // the ring timeout goes with the call: a trunk's floor of 5 s is for campaigns
  });
  return checked.ok ? checked.trunk : checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

/** 8 kHz mono WAV as it is; anything else through the speech package's converter. */
async function loadPrompt(path: string): Promise<Int16Array | string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file / 文件不存在' : (error as Error).message;
  }
  try {
    return decodeWav(bytes);
  } catch {
    try {
      return (await convertVoiceFile(bytes, basename(path))).samples;
    } catch (error) {
      return (error as Error).message;
    }
  }
}

/** The local address the system would send from to reach the trunk (no packet is sent). */
async function routeAddress(host: string, port: number): Promise<string> {
  const { address, family } = await lookup(host);
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, address, () => resolve());
    });
    return socket.address().address;
  } finally {
    socket.close();
  }
}

function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  fail(`出错 error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  return 1;
});
