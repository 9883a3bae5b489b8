/**
 * Speech synthesis and the prompt cache: cache-hit latency (memory, disk), espeak-ng synthesis
 * time per second of audio, Baidu provider overhead against a local server speaking Baidu's
 * protocol, and the cost of framing a prompt into 20 ms frames.
 *
 *   npx tsx bench/tts.bench.ts [--rounds 2000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BaiduTts, CachedTts, EspeakTts, PromptCache, PromptPlayback, splitForSynthesis, synthesizeAll, type TtsProvider } from '../asr/src/index.js';
import { FakeBaidu } from '../asr/test/tts/fake-baidu.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const rounds = Number(arg('rounds', '2000'));

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
const ms = (v: number): string => `${v.toFixed(2)} ms`;

async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** A provider answering a fixed 3 s prompt at once, to isolate the cache's own cost. */
const threeSeconds = Int16Array.from({ length: 24000 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
const instant: TtsProvider = {
  id: 'instant', version: '1', quality: 'production', voice: { per: 0, spd: 5, pit: 5, vol: 5 },
  describe: () => 'instant', voiceKey: () => 'v',
  async *synthesize() { yield threeSeconds; },
  health: async () => ({ ok: true, provider: 'instant', quality: 'production', description: '', latencyMs: 0, message: '' }),
  close: async () => undefined,
};

const lines: string[] = [];
const dir = await mkdtemp(path.join(os.tmpdir(), 'waihu-tts-bench-'));
try {
  // 1. Cache hits.
  const cache = new PromptCache({ dir });
  const cached = new CachedTts(instant, cache);
  await synthesizeAll(cached, '欢迎致电城市花园'); // fills memory and disk
  await new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < 200; i++) await synthesizeAll(cached, '欢迎致电城市花园');
  const mem = await timeEach(rounds, () => synthesizeAll(cached, '欢迎致电城市花园'));
  const key = cached.keyOf('欢迎致电城市花园');
  const disk = await timeEach(Math.min(rounds, 500), async () => { cache.forgetMemory(key); await synthesizeAll(cached, '欢迎致电城市花园'); });
  lines.push(`cache hit, 3 s prompt (48 KB): memory p50 ${us(pct(mem, 50))} p99 ${us(pct(mem, 99))}; disk (read + CRC-32 check + decode) p50 ${ms(pct(disk, 50))} p99 ${ms(pct(disk, 99))} (${rounds} / ${disk.length} rounds)`);

  // 2. Framing a prompt for playback.
  const framing = await timeEach(200, async () => {
    const p = new PromptPlayback(async function* () { yield threeSeconds; });
    for await (const _f of p) { /* hand out 150 frames */ }
  });
  lines.push(`playback framing, 3 s prompt (150 frames): p50 ${ms(pct(framing, 50))} per prompt = ${us(pct(framing, 50) / 150)} per frame`);

  // 3. espeak-ng.
  const espeak = new EspeakTts();
  const sentences = [
    '您好，我是城市花园的置业顾问，请问您最近有购房的打算吗？',
    '我们这边推出了一批特价房源，首付只要三成，交通也很方便。',
    '如果您感兴趣，我可以安排顾问给您详细介绍一下，您看可以吗？',
    '好的，那不打扰您了，祝您生活愉快，再见。',
  ];
  await synthesizeAll(espeak, '预热'); // page in the binary and its data
  let audioS = 0;
  let wallMs = 0;
  const perSentence: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (const s of sentences) {
      const t = performance.now();
      const pcm = await synthesizeAll(espeak, s);
      const dt = performance.now() - t;
      wallMs += dt;
      audioS += pcm.length / 8000;
      perSentence.push(dt);
    }
  }
  lines.push(`espeak-ng (process + pinyin + 22.05→8 kHz): ${(wallMs / audioS).toFixed(1)} ms per second of audio (${audioS.toFixed(1)} s of audio in ${wallMs.toFixed(0)} ms; per sentence p50 ${ms(pct(perSentence, 50))}, max ${ms(Math.max(...perSentence))})`);

  // 4. Baidu provider overhead against the local server.
  const fake = await FakeBaidu.start();
  const baidu = new BaiduTts({ apiKey: fake.apiKey, secretKey: fake.secretKey, tokenUrl: fake.tokenUrl, ttsUrl: fake.ttsUrl });
  const text = '您好，请问是张先生吗？';
  await synthesizeAll(baidu, text);
  const viaProvider = await timeEach(Math.min(rounds, 1000), () => synthesizeAll(baidu, text));
  // The same exchange with a bare keep-alive request, to separate the provider's own cost.
  const agent = new http.Agent({ keepAlive: true });
  const body = `tex=${encodeURIComponent(encodeURIComponent(text))}&tok=${encodeURIComponent(fake.syntheses.at(-1)!.fields.tok!)}&cuid=x&ctp=1&lan=zh&spd=5&pit=5&vol=5&per=0&aue=5`;
  const raw = await timeEach(Math.min(rounds, 1000), () => new Promise<void>((resolve, reject) => {
    const req = http.request(fake.ttsUrl, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(body);
  }));
  agent.destroy();
  const long = '您好，这里是城市花园的置业顾问，我们最近推出了一批特价房源，位置很好，交通方便，首付只要三成。'.repeat(3);
  const longTimes = await timeEach(200, () => synthesizeAll(baidu, long));
  await baidu.close();
  await fake.close();
  lines.push(`Baidu provider, short text (11 chars, 1.1 s audio), local server: p50 ${ms(pct(viaProvider, 50))} p99 ${ms(pct(viaProvider, 99))}; bare HTTP exchange p50 ${ms(pct(raw, 50))} p99 ${ms(pct(raw, 99))}; provider overhead ≈ ${ms(pct(viaProvider, 50) - pct(raw, 50))} at p50`);
  lines.push(`Baidu provider, ${Array.from(long).length}-char text (${splitForSynthesis(long, 120).length} requests of ≤ 120 GBK bytes): p50 ${ms(pct(longTimes, 50))} p99 ${ms(pct(longTimes, 99))} for all pieces, sequential`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

console.log(`# TTS benchmark (node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''})\n\n${lines.map((l) => `- ${l}`).join('\n')}`);
