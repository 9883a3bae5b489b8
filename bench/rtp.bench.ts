/**
 * RTP media load: N pairs of loopback RtpSessions (2N endpoints, one process, one shared
 * pacer) exchanging G.711 audio both ways. Prints CPU time per call, the pacer's deviation
 * from the 20 ms grid, and loss.
 *
 *   npx tsx bench/rtp.bench.ts [--pairs 200] [--seconds 10] [--codec mulaw|alaw]
 *
 * Aim (issue 4): 200 concurrent calls under half a core, p99 sender deviation under 5 ms.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PortAllocator, RtpSession, openResources, sharedPacer } from '../dialogs/src/media/index.js';
import type { G711Law } from '../dialogs/src/media/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const pairs = Number(arg('pairs', '200'));
const seconds = Number(arg('seconds', '10'));
const codec = arg('codec', 'mulaw') as G711Law;
const WARMUP_MS = 1500;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** 2 s of a sweep, shared by every session (queued by reference, never copied). */
const prompt = (() => {
  const n = 16000;
  let phase = 0;
  return Int16Array.from({ length: n }, (_, i) => {
    phase += (2 * Math.PI * (300 + (2000 * i) / n)) / 8000;
    return Math.round(9000 * Math.sin(phase));
  });
})();

/** Keeps a session talking: queue the prompt again whenever it finishes. */
function talk(session: RtpSession): void {
  void session.play(prompt).then((result) => { if (result === 'finished') talk(session); });
}

const ports = new PortAllocator({ min: 44000, max: 45998 });
const sessions: RtpSession[] = [];
let framesDelivered = 0;
const setupStart = performance.now();
for (let i = 0; i < pairs; i++) {
  const a = await RtpSession.open({ ports, codec });
  const b = await RtpSession.open({ ports, codec });
  a.setRemote({ address: '127.0.0.1', port: b.localPort });
  b.setRemote({ address: '127.0.0.1', port: a.localPort });
  // A consumer on every receive stream, as speech recognition would be (it only counts).
  b.onAudio(() => { framesDelivered += 1; });
  a.onAudio(() => { framesDelivered += 1; });
  talk(a);
  talk(b);
  sessions.push(a, b);
}
const setupMs = performance.now() - setupStart;

await sleep(WARMUP_MS);
const pacer = sharedPacer();
pacer.resetStats();
const before = sessions.map((s) => s.stats());
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const t0 = performance.now();
await sleep(seconds * 1000);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
const pacerStats = pacer.stats();
const after = sessions.map((s) => s.stats());

let sent = 0, received = 0, expected = 0, lost = 0, concealed = 0, late = 0, sendDropped = 0, jitterMsSum = 0;
after.forEach((s, i) => {
  const b = before[i]!;
  sent += s.sent.packets - b.sent.packets;
  sendDropped += s.sent.dropped - b.sent.dropped;
  received += s.received.received - b.received.received;
  expected += s.received.expected - b.received.expected;
  lost += s.received.cumulativeLost - b.received.cumulativeLost;
  concealed += s.jitter.concealed - b.jitter.concealed;
  late += s.jitter.late - b.jitter.late;
  jitterMsSum += s.received.jitterMs;
});
await Promise.all(sessions.map((s) => s.close()));

const cpuMs = (cpu.user + cpu.system) / 1000;
const core = cpuMs / wallMs;
const f = (n: number, d = 2): string => n.toFixed(d);
console.log(`RTP media: ${pairs} pairs = ${pairs * 2} endpoints, ${codec}, ${f(wallMs / 1000, 1)} s measured after ${WARMUP_MS} ms warm-up`);
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min, other processes included)`);
console.log(`set-up: ${f(setupMs, 0)} ms for ${pairs * 2} sessions (${f(setupMs / (pairs * 2), 3)} ms each)`);
console.log(`CPU: ${f(core * 100, 1)} % of one core in total (user ${f(cpu.user / 1000 / wallMs * 100, 1)} %, system ${f(cpu.system / 1000 / wallMs * 100, 1)} %); event loop busy ${f(elu.utilization * 100, 1)} %`);
console.log(`     per pair (both ends of a call) ${f((core * 100) / pairs, 3)} % of a core; per endpoint ${f((core * 100) / (pairs * 2), 3)} %`);
const ts = pacerStats.tickStart;
const te = pacerStats.tickEnd;
console.log(`pacer tick start vs grid: mean ${f(ts.meanMs)} ms, p50 ${f(ts.p50Ms, 1)}, p99 ${f(ts.p99Ms, 1)}, p99.9 ${f(ts.p999Ms, 1)}, max ${f(ts.maxMs, 1)} ms (${ts.count} ticks, ${pacerStats.skippedTicks} skipped)`);
console.log(`last frame of a tick sent vs grid: mean ${f(te.meanMs)} ms, p99 ${f(te.p99Ms, 1)}, p99.9 ${f(te.p999Ms, 1)}, max ${f(te.maxMs, 1)} ms`);
console.log(`packets: sent ${sent}, send-queue drops ${sendDropped}; received ${received} of ${expected} expected, lost ${lost} (${f((100 * Math.max(0, lost)) / Math.max(1, expected), 3)} %), late ${late}, concealed frames ${concealed}`);
console.log(`decoded 20 ms frames delivered to listeners (whole run): ${framesDelivered}`);
console.log(`mean RFC 3550 receive jitter: ${f(jitterMsSum / sessions.length)} ms`);
const leftOpen = openResources();
console.log(`open after close: ${JSON.stringify(leftOpen)}`);
