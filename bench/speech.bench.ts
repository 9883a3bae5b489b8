/**
 * Speech figures (issue 5, items 1–2): resampler cost per 20 ms frame, Silero VAD cost per
 * frame and per call-second (worker CPU), how many simultaneous VAD streams one process keeps
 * before the main event loop lags by more than 5 ms (p99, monitorEventLoopDelay), and the
 * conversion speed of a 60 s mp3.
 *
 *   npx tsx bench/speech.bench.ts [--seconds 4] [--streams 100,200,400,800] [--workers 1]
 */
import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Resampler, VoiceConverter, convertVoiceFile } from '../asr/src/audio/index.js';
import { VadModel, type VadStream } from '../asr/src/vad/index.js';
import { mp3Tone } from '../asr/test/audio/hand-built.js';
import { makeSpeechFixture } from '../asr/test/vad/speech-fixture.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}
const seconds = Number(arg('seconds', '4'));
const streamCounts = arg('streams', '100,200,400,800').split(',').map(Number);
const workers = Number(arg('workers', '1'));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

console.log(`# speech bench — ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);

// 1. Resampler per 20 ms frame.
{
  const frame8 = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
  const frame16 = Int16Array.from({ length: 320 }, (_, i) => Math.round(8000 * Math.sin(i / 6)));
  for (const [name, r, frame] of [['8→16 kHz', new Resampler(8000, 16000), frame8], ['16→8 kHz', new Resampler(16000, 8000), frame16]] as const) {
    for (let i = 0; i < 5000; i++) r.process(frame);
    const n = 100_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) r.process(frame);
    const us = ((performance.now() - t0) / n) * 1000;
    console.log(`resampler ${name}: ${us.toFixed(2)} µs per 20 ms frame (${r.tapsPerPhase} taps per phase; ${((us / 20000) * 100).toFixed(3)} % of a core per stream)`);
  }
}

// 2. Voice-file conversion of a 60 s mp3 (hand-built MPEG-1 Layer III, 44.1 kHz mono).
{
  const mp3 = mp3Tone(Math.ceil((60 * 44100) / 1152), 200);
  await convertVoiceFile(mp3, 'warm-up.mp3');
  const t0 = performance.now();
  const v = await convertVoiceFile(mp3, 'sixty.mp3');
  const inProcess = performance.now() - t0;
  const conv = new VoiceConverter();
  await conv.convert(mp3.slice(), 'warm-up.mp3');
  const t1 = performance.now();
  await conv.convert(mp3.slice(), 'sixty.mp3');
  const inWorker = performance.now() - t1;
  await conv.close();
  console.log(`convert 60 s mp3 (${(mp3.length / 1024).toFixed(0)} KB → ${(v.durationMs / 1000).toFixed(1)} s at 8 kHz): ${inProcess.toFixed(1)} ms in-process, ${inWorker.toFixed(1)} ms through the worker (main thread free meanwhile)`);
}

// 3. VAD: one stream's cost, then many real-time streams against the main event loop.
const fx = await makeSpeechFixture();
const model = await VadModel.load({ workers });
{
  const s = model.createStream();
  const before = model.stats();
  const t0 = performance.now();
  for (let i = 0; i + 160 <= fx.samples.length; i += 160) {
    if (s.pending >= 8) await s.settle();
    s.push({ samples: fx.samples.subarray(i, i + 160), sampleRate: 8000, timeMs: i / 8 });
  }
  await s.end();
  const wall = performance.now() - t0;
  s.close();
  const after = model.stats();
  const windows = after.windows - before.windows;
  const inferMs = after.inferenceMs - before.inferenceMs;
  const frames = fx.samples.length / 160;
  console.log(`VAD single stream, unbatched: ${((inferMs / windows) * 1000).toFixed(0)} µs per 32 ms window in the worker = ${((inferMs / frames) * 1000).toFixed(0)} µs per 20 ms frame = ${((inferMs / (fx.durationMs / 1000))).toFixed(2)} ms per call-second (${((inferMs / fx.durationMs) * 100).toFixed(2)} % of a core); ${fx.durationMs / 1000} s of audio in ${wall.toFixed(0)} ms wall`);
}

for (const count of streamCounts) {
  const streams: VadStream[] = Array.from({ length: count }, () => model.createStream({ onEvent: () => undefined }));
  const offsets = streams.map((_, i) => (i * 1237 * 160) % fx.samples.length); // calls at different places in the audio
  const statsBefore = model.stats();
  const lag = monitorEventLoopDelay({ resolution: 1 });
  const start = performance.now();
  let tick = 0;
  let mainMs = 0;
  let warm = false;
  const cpu0 = process.cpuUsage();
  await new Promise<void>((resolve) => {
    // A pacer like the media layer's: one tick every 20 ms hands each call its frame.
    const step = (): void => {
      const t = performance.now();
      for (let k = 0; k < streams.length; k++) {
        const at = ((offsets[k] as number) + tick * 160) % (fx.samples.length - 160);
        (streams[k] as VadStream).push({ samples: fx.samples.subarray(at, at + 160), sampleRate: 8000, timeMs: tick * 20 });
      }
      mainMs += performance.now() - t;
      tick++;
      if (!warm && tick * 20 >= 1000) {
        warm = true;
        lag.enable();
      }
      if (tick * 20 >= (seconds + 1) * 1000) return resolve();
      setTimeout(step, Math.max(0, start + tick * 20 - performance.now()));
    };
    step();
  });
  lag.disable();
  const cpu = process.cpuUsage(cpu0);
  await sleep(100);
  const st = model.stats();
  const windows = st.windows - statsBefore.windows;
  const batches = st.batches - statsBefore.batches;
  const wallS = (performance.now() - start) / 1000;
  const workerCore = ((st.inferenceMs - statsBefore.inferenceMs) / 1000 / wallS) * 100;
  console.log(`VAD ${count} streams, ${workers} worker(s): loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(2)} / p99 ${(lag.percentile(99) / 1e6).toFixed(2)} / max ${(lag.max / 1e6).toFixed(1)} ms; main thread push ${((mainMs / tick) * 1000).toFixed(0)} µs per tick; process CPU ${(((cpu.user + cpu.system) / 1000 / 1000 / wallS) * 100).toFixed(0)} % of a core; worker inference ${workerCore.toFixed(0)} % of a core; mean batch ${(windows / Math.max(1, batches)).toFixed(1)}; dropped windows ${st.dropped - statsBefore.dropped}`);
  for (const s of streams) s.close();
  await sleep(200);
}
await model.close();
