/**
 * SIP calls against sipp: N concurrent outbound calls from one SipAgent to a sipp UAS that
 * echoes RTP (`sipp -sn uas -rtp_echo`), audio both ways for a while. Prints call set-up time
 * (INVITE sent → 200 OK received), CPU per call, the pacer's deviation from the 20 ms grid
 * and loss.
 *
 *   npx tsx bench/sip-calls.bench.ts [--calls 200] [--seconds 20] [--cps 50]
 *
 * Aim (issue 4): 200 concurrent calls under half a core, set-up p50 under 5 ms on loopback,
 * p99 sender deviation under 5 ms.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SipAgent, type Call } from '../dialogs/src/calls/index.js';
import { openResources, PortAllocator, sharedPacer } from '../dialogs/src/media/index.js';
import { sipResources } from '../dialogs/src/sip/index.js';
import { checkTrunkConfig } from '../dialogs/src/trunk/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const calls = Number(arg('calls', '200'));
const seconds = Number(arg('seconds', '20'));
const cps = Number(arg('cps', '50'));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  for (;;) {
    const s = createSocket('udp4');
    const port = await new Promise<number>((resolve) => s.bind(0, '127.0.0.1', () => resolve(s.address().port)));
    await new Promise<void>((resolve) => s.close(() => resolve()));
    if (port % 2 === 0) return port;
  }
}

const sippPort = await freePort();
const sipp = spawn('sipp', ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(sippPort), '-mi', '127.0.0.1', '-mp', String(await freePort()), '-rtp_echo', '-nostdin'], { stdio: 'ignore' });
process.once('exit', () => sipp.kill('SIGKILL'));
await sleep(300);

const checked = checkTrunkConfig({ name: 'sipp', host: '127.0.0.1', port: sippPort, lines: 1000, campaignLines: 1000, ringTimeoutMs: 10_000 });
if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
const trunk = checked.trunk;
const agent = await SipAgent.start({ transport: { address: '127.0.0.1', port: 0 }, ports: new PortAllocator({ min: 30000, max: 31998 }), mediaTimeoutMs: 0 });

/** 2 s of a sweep, shared by every call (queued by reference). */
const prompt = (() => {
  const n = 16000;
  let phase = 0;
  return Int16Array.from({ length: n }, (_, i) => {
    phase += (2 * Math.PI * (300 + (2000 * i) / n)) / 8000;
    return Math.round(9000 * Math.sin(phase));
  });
})();
function talk(call: Call): void {
  void call.rtp.play(prompt).then((r) => { if (r === 'finished') talk(call); });
}

const setups: number[] = [];
const live: Call[] = [];
let failed = 0;
let framesHeard = 0;
const placeStart = performance.now();
const placed: Promise<void>[] = [];
for (let i = 0; i < calls; i++) {
  placed.push((async () => {
    const call = await agent.placeCall({ trunk, number: `1380013${String(i).padStart(4, '0')}`, callerId: '01088886666' });
    const answer = await call.answered;
    if (!answer.answered) { failed += 1; return; }
    setups.push(answer.setupMs);
    call.rtp.onAudio(() => { framesHeard += 1; });
    talk(call);
    live.push(call);
  })());
  await sleep(1000 / cps);
}
await Promise.all(placed);
const placeMs = performance.now() - placeStart;
await sleep(1500);

const pacer = sharedPacer();
pacer.resetStats();
const before = live.map((c) => c.rtp.stats());
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await sleep(seconds * 1000);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const pacerStats = pacer.stats();
const after = live.map((c) => c.rtp.stats());
let sent = 0, received = 0, expected = 0, lost = 0;
after.forEach((s, i) => {
  const b = before[i]!;
  sent += s.sent.packets - b.sent.packets;
  received += s.received.received - b.received.received;
  expected += s.received.expected - b.received.expected;
  lost += s.received.cumulativeLost - b.received.cumulativeLost;
});
const hangupStart = performance.now();
const ends = await Promise.all(live.map((c) => c.hangup()));
const hangupMs = performance.now() - hangupStart;
await agent.close();
sipp.kill('SIGTERM');

const sorted = setups.slice().sort((a, b) => a - b);
const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const f = (n: number, d = 2): string => n.toFixed(d);
const core = (cpu.user + cpu.system) / 1000 / wallMs;
console.log(`SIP calls against sipp (-sn uas -rtp_echo): ${calls} calls placed at ${cps} cps, ${live.length} answered, ${failed} not; ${f(wallMs / 1000, 1)} s measured with all up`);
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min, other processes included)`);
console.log(`set-up INVITE → 200 OK: p50 ${f(pct(50))} ms, p99 ${f(pct(99))} ms, max ${f(sorted[sorted.length - 1] ?? NaN)} ms (placing all took ${f(placeMs, 0)} ms)`);
console.log(`CPU: ${f(core * 100, 1)} % of one core (user ${f(cpu.user / 1000 / wallMs * 100, 1)} %, system ${f(cpu.system / 1000 / wallMs * 100, 1)} %); per call ${f((core * 100) / Math.max(1, live.length), 3)} %`);
const ts = pacerStats.tickStart;
const te = pacerStats.tickEnd;
console.log(`pacer tick start vs grid: mean ${f(ts.meanMs)} ms, p99 ${f(ts.p99Ms, 1)}, p99.9 ${f(ts.p999Ms, 1)}, max ${f(ts.maxMs, 1)} ms (${ts.count} ticks, ${pacerStats.skippedTicks} skipped)`);
console.log(`last frame of a tick sent vs grid: mean ${f(te.meanMs)} ms, p99 ${f(te.p99Ms, 1)}, p99.9 ${f(te.p999Ms, 1)}, max ${f(te.maxMs, 1)} ms`);
console.log(`packets: sent ${sent}; echoed back ${received} of ${expected} expected, lost ${lost} (${f((100 * Math.max(0, lost)) / Math.max(1, expected), 3)} %); frames heard (whole run) ${framesHeard}`);
console.log(`hang-up of all calls: ${f(hangupMs, 0)} ms; ends: ${JSON.stringify(countBy(ends.map((e) => `${e.reason}/${e.outcome}/${e.bye}`)))}`);
console.log(`open after close: media ${JSON.stringify(openResources())}, sip ${JSON.stringify(sipResources())}`);

function countBy(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of list) out[k] = (out[k] ?? 0) + 1;
  return out;
}
