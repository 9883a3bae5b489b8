/**
 * Recognition provider overhead against the local protocol servers (issue 5 "Speed"):
 *   npx tsx bench/asr.bench.ts [--streams 50,200,400] [--seconds 3]
 * The fake Baidu realtime and FunASR servers run in a child process, so this process's CPU is
 * the client side only: framing, 8 → 16 kHz resampling, WebSocket I/O and JSON parsing. N
 * streams are fed 20 ms of 8 kHz audio each tick, in real time, then end(); reported: client CPU
 * per second of audio, end() → final latency (p50/p99), and event-loop delay (p99/max) while
 * streaming.
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createBaiduRealtimeProvider, createFunAsrProvider } from '../asr/src/index.js';
import type { AsrProvider } from '../asr/src/index.js';
import { startFakeBaiduRealtime } from '../asr/src/testing/fake-baidu-realtime.js';
import { startFakeFunAsr } from '../asr/src/testing/fake-funasr.js';
import { scriptedSpeech } from '../asr/src/testing/speech-script.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

if (process.argv.includes('--serve')) {
  const [baidu, funasr] = await Promise.all([startFakeBaiduRealtime({ appId: 1, appKey: 'bench' }), startFakeFunAsr()]);
  process.send?.({ baidu: baidu.url, funasr: funasr.url });
  process.on('disconnect', () => process.exit(0));
} else {
  const child = fork(new URL(import.meta.url).pathname, ['--serve']);
  const urls = await new Promise<{ baidu: string; funasr: string }>((r) => child.once('message', (m) => r(m as { baidu: string; funasr: string })));
  const seconds = Number(arg('seconds', '3'));
  const counts = arg('streams', '50,200,400').split(',').map(Number);
  const speech = scriptedSpeech({ key: 2, speechMs: seconds * 1000 - 200, trailingSilenceMs: 200 });
  const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

  async function run(label: string, provider: AsrProvider, n: number): Promise<void> {
    const streams = Array.from({ length: n }, () => provider.open());
    const latencies: number[] = [];
    let failures = 0;
    const done = streams.map((s) => {
      let endedAt = 0;
      s.onResult((r) => { if (r.kind === 'final') latencies.push(performance.now() - endedAt); });
      return { s, end: () => { endedAt = performance.now(); s.end(); } };
    });
    await new Promise((r) => setTimeout(r, 200)); // connections up
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < speech.length; i++) {
      // Real time on a drift-free grid, as the media pacer delivers it.
      const due = t0 + i * 20 - performance.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      for (const { s } of done) s.write(speech[i]!);
    }
    lag.disable();
    for (const d of done) d.end();
    const outcomes = await Promise.all(streams.map((s) => s.finished));
    const cpu = process.cpuUsage(cpu0);
    failures = outcomes.filter((o) => o.reason !== 'completed').length;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const wallS = (performance.now() - t0) / 1000;
    console.log(`| ${label} | ${n} | ${(cpuMs / (n * seconds)).toFixed(2)} ms | ${((cpuMs / 1000 / wallS) * 100).toFixed(1)} % | ` +
      `${pct(latencies, 0.5).toFixed(1)} / ${pct(latencies, 0.99).toFixed(1)} ms | ${(lag.percentile(99) / 1e6).toFixed(1)} / ${(lag.max / 1e6).toFixed(1)} ms | ${failures} |`);
  }

  console.log(`Node ${process.version}, ${seconds} s utterances at 8 kHz in 20 ms chunks, servers in a child process\n`);
  console.log('| provider | streams | client CPU per audio second | CPU, % of a core | end() → final p50 / p99 | event-loop delay p99 / max | failed |');
  console.log('|---|---|---|---|---|---|---|');
  for (const n of counts) {
    await run('Baidu realtime WS', createBaiduRealtimeProvider({ appId: 1, appKey: 'bench', url: urls.baidu, connectTimeoutMs: 10_000 }), n);
    await run('FunASR 2pass WS', createFunAsrProvider({ url: urls.funasr, connectTimeoutMs: 10_000 }), n);
  }
  child.disconnect();
}
