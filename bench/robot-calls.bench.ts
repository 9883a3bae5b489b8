/**
 * Robot-call figures (issue 6): turn latency by part, and how many concurrent robot calls one
 * process sustains with the real Silero VAD (VadModel on its inference worker) and a test
 * recognizer.
 *
 *   npx tsx bench/robot-calls.bench.ts [--calls 25,50,100,150] [--seconds 60] [--workers 1] [--asr-ms 50]
 *
 * Each step keeps N CallSessions running on in-process media legs paced in real time by the
 * process's one 20 ms pacer (as RTP legs are). The callee of every call answers from a scripted
 * track of pre-rendered espeak-ng Mandarin, 400–700 ms after the robot starts listening,
 * following the loan sample's golden refusal (开场白 → 暂时不需要，谢谢 → 挽留 → 不用了，谢谢你 →
 * 结束拒绝, grade D); a call that ends is replaced by a new one, so N stays constant. Prompts
 * come from a PromptCache filled with espeak-ng audio before the step (synthesis is not
 * measured; the bench fails a step that misses the cache). The recognizer is a test one: it
 * answers with what this call's callee said, `--asr-ms` after the end of speech.
 *
 * Measured over the step after a warm-up: CPU of the whole process (process.cpuUsage: every
 * thread) and of the main thread (/proc/self/task), event-loop delay (monitorEventLoopDelay),
 * the pacer's lateness, VAD windows dropped, turn latency of every reply by part, and failures
 * (a call whose dialog, grade or transcript is not the golden one).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { CachedTts, EspeakTts, PromptCache, PromptPlayer, VadModel, synthesizeAll } from '../asr/src/index.js';
import type { AsrAudio, AsrProvider, AsrResult, AsrStream, AsrStreamOutcome, SynthesizeOptions, TtsProvider } from '../asr/src/index.js';
import { CallSession, PlayQueue, sharedPacer } from '../dialogs/src/index.js';
import type { AudioChunk, CallRecord, MediaLeg, PlayResult, ReceivedDtmf } from '../dialogs/src/index.js';
import { compileTemplate, simulate } from '../engine/src/index.js';
import { sampleById } from '../scripts-templates/src/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}
const steps = arg('calls', '25,50,100,150').split(',').map(Number);
const seconds = Number(arg('seconds', '60'));
const workers = Number(arg('workers', '1'));
const asrMs = Number(arg('asr-ms', '50'));
const warmUpMs = Math.min(10_000, (seconds * 1000) / 4);
const AIM_REPLY_MS = 300;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the script and its audio
const VARS = { 姓名: '张先生', 额度: '50万' };
const ANSWERS = [
  { text: '暂时不需要，谢谢', say: '暂时不需要，谢谢。' },
  { text: '不用了，谢谢你', say: '不用了，谢谢你。' },
];
const EXPECTED_FLOWS = ['开场白', '挽留', '结束拒绝'];
const compiledLoan = compileTemplate(sampleById('loan').template).template;
if (!compiledLoan) throw new Error('the loan sample does not compile');
const template = compiledLoan;

const espeak = new EspeakTts();
const answerPcm = await Promise.all(ANSWERS.map(async (a) => synthesizeAll(espeak, a.say)));

// Every line the robot can say on this path (and on silence, in case a callee is not heard).
const golden = simulate(template, ANSWERS.map((a) => a.text), { vars: VARS });
if (golden.grade !== 'D' || golden.path.join() !== EXPECTED_FLOWS.join()) throw new Error(`the golden path changed: ${golden.path.join(' → ')} ${golden.grade}`);
const lines = new Set<string>();
for (const sim of [golden, simulate(template, ['<silence>', '<silence>', '<silence>', '<silence>'], { vars: VARS })]) {
  for (const t of sim.turns) for (const r of t.robot) if (r.text !== '') lines.add(r.text);
}

/** Counts syntheses that reach espeak-ng (misses of the cache) once measurement starts. */
class CountingTts implements TtsProvider {
  misses = 0;
  constructor(private readonly inner: TtsProvider) {}
  get id(): string { return this.inner.id; }
  get version(): string { return this.inner.version; }
  get quality(): TtsProvider['quality'] { return this.inner.quality; }
  get voice(): TtsProvider['voice'] { return this.inner.voice; }
  describe(): string { return this.inner.describe(); }
  voiceKey(v?: Parameters<TtsProvider['voiceKey']>[0]): string { return this.inner.voiceKey(v); }
  synthesize(text: string, o?: SynthesizeOptions): ReturnType<TtsProvider['synthesize']> { this.misses++; return this.inner.synthesize(text, o); }
  health(): ReturnType<TtsProvider['health']> { return this.inner.health(); }
  close(): Promise<void> { return this.inner.close(); }
}
const counting = new CountingTts(espeak);
const cached = new CachedTts(counting, new PromptCache());
for (const text of lines) await synthesizeAll(cached, text);
const promptMs = [...lines].map((t) => Math.round(((cached.cache.getMemory(cached.keyOf(t))?.length ?? 0) / 8000) * 1000));
const prompts = new PromptPlayer({ tts: cached });

// ---------------------------------------------------------------- one call's leg and callee
const pacer = sharedPacer();

/** A media leg on the shared pacer whose remote party is the scripted callee. */
class CalleeLeg implements MediaLeg {
  readonly queue = new PlayQueue();
  /** Offsets (ms from `t0`) at which robot audio started after silence. */
  readonly robotStarts: number[] = [];
  /** What the callee said last (the test recognizer's answer). */
  lastSaid = '';
  session: CallSession | null = null;
  t0 = 0;
  private readonly out = new Int16Array(160);
  private readonly chunk: AudioChunk = { samples: new Int16Array(160), timeMs: 0, concealed: false };
  private readonly audio = new Set<(c: AudioChunk) => void>();
  private readonly unsubscribe: () => void;
  private robotWasOn = false;
  private speaking: Int16Array | null = null;
  private at = 0;
  private next = 0;
  /** Ticks the robot has been listening, since it last spoke. */
  private listenTicks = 0;
  private answerAfterTicks = 0;
  private answeredThisTurn = false;

  constructor() {
    this.unsubscribe = pacer.subscribe(() => this.tick());
  }

  private tick(): void {
    const on = this.queue.pull(this.out) > 0;
    if (on && !this.robotWasOn) this.robotStarts.push(performance.now() - this.t0);
    this.robotWasOn = on;
    const s = this.session;
    if (s && !this.speaking) {
      const activity = s.activity;
      if (activity === 'speaking') { this.listenTicks = 0; this.answeredThisTurn = false; }
      else if (activity === 'listening' && !this.answeredThisTurn && this.next < answerPcm.length) {
        // A person answers 400–700 ms after the robot stops talking.
        if (this.listenTicks++ === 0) this.answerAfterTicks = 20 + Math.floor(Math.random() * 16);
        else if (this.listenTicks >= this.answerAfterTicks) {
          this.answeredThisTurn = true;
          this.lastSaid = ANSWERS[this.next]!.text;
          this.speaking = answerPcm[this.next++]!;
          this.at = 0;
        }
      }
    }
    const samples = this.chunk.samples;
    if (this.speaking) {
      const n = Math.min(160, this.speaking.length - this.at);
      samples.set(this.speaking.subarray(this.at, this.at + n));
      if (n < 160) samples.fill(0, n);
      this.at += n;
      if (this.at >= this.speaking.length) this.speaking = null;
    } else samples.fill(0);
    for (const l of this.audio) l(this.chunk);
    this.chunk.timeMs += 20;
  }

  play(pcm: Int16Array): Promise<PlayResult> { return this.queue.play(pcm); }
  clear(): number { return this.queue.clear(); }
  onAudio(l: (c: AudioChunk) => void): () => void { this.audio.add(l); return () => this.audio.delete(l); }
  onDtmf(_l: (d: ReceivedDtmf) => void): () => void { return () => undefined; }
  onInactive(): () => void { return () => undefined; }
  sendDtmf(): Promise<never> { return Promise.reject(new Error('no DTMF in the bench')); }
  close(): Promise<void> { this.unsubscribe(); this.queue.close(); this.audio.clear(); return Promise.resolve(); }
}

/** The test recognizer: the final text is what this call's callee last said, `asrMs` after end(). */
function calleeAsr(leg: CalleeLeg): AsrProvider {
  return {
    name: 'bench',
    open(): AsrStream {
      const listeners = new Set<(r: AsrResult) => void>();
      const results: AsrResult[] = [];
      let settle!: (o: AsrStreamOutcome) => void;
      const finished = new Promise<AsrStreamOutcome>((r) => { settle = r; });
      let state: 'open' | 'ending' | 'done' = 'open';
      let timer: ReturnType<typeof setTimeout> | null = null;
      return {
        provider: 'bench', finished,
        write(_c: AsrAudio) { /* the test recognizer knows the words already */ },
        end() {
          if (state !== 'open') return;
          state = 'ending';
          timer = setTimeout(() => {
            if (state !== 'ending') return;
            state = 'done';
            const r: AsrResult = { kind: 'final', text: leg.lastSaid, startMs: 0, endMs: 0, confidence: 0.95 };
            results.push(r);
            for (const l of listeners) l(r);
            settle({ reason: 'completed' });
          }, asrMs);
        },
        close() { if (state !== 'done') { state = 'done'; if (timer) clearTimeout(timer); settle({ reason: 'closed' }); } },
        onResult(l) { listeners.add(l); return () => listeners.delete(l); },
        async *[Symbol.asyncIterator]() { await finished; yield* results; },
      };
    },
    health: () => Promise.resolve({ provider: 'bench', status: 'ok', openStreams: 0 }),
    close: () => Promise.resolve(),
  };
}

// ---------------------------------------------------------------- measuring
const CLK_TCK = 100;
/** CPU ms of the main thread (tid = pid) and of every thread by name, from /proc (Node names them all "node"). */
function threadCpu(): { main: number; byName: Map<string, number> } {
  const byName = new Map<string, number>();
  let main = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try { stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'); } catch { continue; }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
    if (Number(tid) === process.pid) main = ms;
    byName.set(name, (byName.get(name) ?? 0) + ms);
  }
  return { main, byName };
}

interface Reply { endpointMs: number; recognitionMs: number; engineMs: number; promptStartMs: number; totalMs: number; replyMs: number; wireMs: number }

function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');

// ---------------------------------------------------------------- one step
const model = await VadModel.load({ workers });
console.log(`# robot-calls bench — ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`script loan (golden refusal), ${lines.size} prompts pre-rendered (${promptMs.join(', ')} ms), callee answers ${answerPcm.map((p) => Math.round(p.length / 8)).join(' / ')} ms; `
  + `VAD workers ${workers}; test recognizer ${asrMs} ms; ${seconds} s per step after ${warmUpMs / 1000} s warm-up in it`);

interface StepResult { calls: number; done: number; failed: number; replies: Reply[]; cpuTotal: number; cpuMain: number; eld99: number; eldMax: number; pacer99: number; dropped: number; windows: number; load: string }

async function runStep(n: number): Promise<StepResult> {
  const stopAt = performance.now() + seconds * 1000;
  const measureFrom = performance.now() + warmUpMs;
  const live = new Set<Promise<void>>();
  const sessions = new Set<CallSession>();
  const replies: Reply[] = [];
  const failures: string[] = [];
  let done = 0;
  let measuring = false;

  const check = (r: CallRecord, leg: CalleeLeg): void => {
    const robot = r.turns.filter((t) => t.who === 'ROBOT');
    const callee = r.turns.filter((t) => t.who === 'CALLEE').map((t) => t.text);
    if (robot.map((t) => t.flow).join() !== EXPECTED_FLOWS.join() || r.grade !== 'D' || callee.join() !== ANSWERS.map((a) => a.text).join()) {
      failures.push(`${robot.map((t) => t.flow).join('→')} ${r.grade} [${callee.join('|')}] ${r.endReason}`);
      return;
    }
    for (const t of robot) {
      if (!t.latency) continue;
      // First robot audio pulled onto the wire (next pacer tick) at or after the turn's first frame.
      const wire = leg.robotStarts.find((s) => s >= t.startMs - 1);
      const l = t.latency;
      const replyMs = l.engineMs + l.promptStartMs;
      replies.push({ ...l, replyMs, wireMs: wire !== undefined ? replyMs + Math.max(0, wire - t.startMs) : NaN });
    }
  };

  const startCall = (): void => {
    const leg = new CalleeLeg();
    const session = new CallSession({
      template, vars: VARS, leg, vad: () => model.createStream(), asr: calleeAsr(leg), prompts,
      call: { calleeNumber: '13800000000', callerNumber: '02150001234' },
    });
    leg.session = session;
    sessions.add(session);
    leg.t0 = performance.now();
    const p = session.run().then((r) => {
      if (measuring && !stopping) { done++; check(r, leg); }
    }, (e: unknown) => { failures.push(`threw ${String(e)}`); })
      .finally(() => {
        void leg.close();
        sessions.delete(session);
        live.delete(p);
        // The dialer replaces a finished call after a short gap.
        if (!stopping) setTimeout(startCall, Math.random() * 500);
      });
    live.add(p);
  };

  let stopping = false;
  // Calls start spread over 3 s, as a dialer ramps up.
  for (let i = 0; i < n; i++) setTimeout(startCall, (i * 3000) / n);
  while (performance.now() < measureFrom) await sleep(50);

  measuring = true;
  const missesBefore = counting.misses;
  const vadBefore = model.stats();
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  pacer.resetStats();
  const cpu0 = process.cpuUsage();
  const th0 = threadCpu();
  const wall0 = performance.now();
  const load0 = loadavg()[0]!;
  while (performance.now() < stopAt) await sleep(100);
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const th1 = threadCpu();
  eld.disable();
  const pacerStats = pacer.stats();
  stopping = true;
  const load1 = loadavg()[0]!;
  for (const s of sessions) s.hangup('callee');
  await Promise.all([...live]);
  if (counting.misses !== missesBefore) failures.push(`${counting.misses - missesBefore} prompts missed the cache`);
  if (process.env['BENCH_THREADS']) console.log([...th1.byName].map(([k, v]) => `${k}:${(v - (th0.byName.get(k) ?? 0)).toFixed(0)}`).join(' '));
  if (failures.length) console.log(`  failures: ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? ` … (${failures.length})` : ''}`);
  return {
    calls: n, done, failed: failures.length, replies,
    cpuTotal: (cpu.user + cpu.system) / 1000 / wall, cpuMain: (th1.main - th0.main) / wall,
    eld99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6, pacer99: pacerStats.tickEnd.p99Ms,
    dropped: model.stats().dropped - vadBefore.dropped, windows: model.stats().windows - vadBefore.windows, load: `${load0.toFixed(2)}→${load1.toFixed(2)}`,
  };
}

const results: StepResult[] = [];
for (const n of steps) {
  const r = await runStep(n);
  results.push(r);
  const q = (k: keyof Reply): string => `${f1(pct(r.replies.map((x) => x[k]), 50))}/${f1(pct(r.replies.map((x) => x[k]), 95))}`;
  console.log(`calls ${n}: ${r.done} calls done, ${r.failed} failed, ${r.replies.length} replies; CPU ${(r.cpuTotal * 100).toFixed(0)} % of a core (main thread ${(r.cpuMain * 100).toFixed(0)} %, other threads ${((r.cpuTotal - r.cpuMain) * 100).toFixed(0)} %)`
    + ` ⇒ ${(n / r.cpuTotal).toFixed(0)} calls per core; loop delay p99 ${f1(r.eld99)} ms (max ${f1(r.eldMax)}); pacer tick end p99 ${f1(r.pacer99)} ms; VAD dropped ${r.dropped} of ${r.windows + r.dropped} windows; load ${r.load}`);
  console.log(`  latency p50/p95 ms — endpoint ${q('endpointMs')}, recognition ${q('recognitionMs')}, engine ${q('engineMs')}, prompt start ${q('promptStartMs')}, total ${q('totalMs')}; `
    + `reply (engine + prompt start) ${q('replyMs')}; to the wire ${q('wireMs')}`);
  await sleep(2000);
}

console.log('\n| calls | calls done | failed | CPU (all threads) | main thread | calls per core | loop delay p99 | reply p50/p95 | to the wire p95 | total p50/p95 | VAD windows dropped | load |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const rp = r.replies.map((x) => x.replyMs);
  const tot = r.replies.map((x) => x.totalMs);
  console.log(`| ${r.calls} | ${r.done} | ${r.failed} | ${(r.cpuTotal * 100).toFixed(0)} % | ${(r.cpuMain * 100).toFixed(0)} % | ${(r.calls / r.cpuTotal).toFixed(0)} | ${f1(r.eld99)} ms | ${f1(pct(rp, 50))} / ${f1(pct(rp, 95))} ms | ${f1(pct(r.replies.map((x) => x.wireMs), 95))} ms | ${f1(pct(tot, 50))} / ${f1(pct(tot, 95))} ms | ${r.dropped} of ${r.windows + r.dropped} | ${r.load} |`);
}
const ok = results.filter((r) => r.failed === 0 && pct(r.replies.map((x) => x.replyMs), 95) <= AIM_REPLY_MS);
const best = ok.reduce<StepResult | null>((b, r) => (b && b.calls / b.cpuTotal >= r.calls / r.cpuTotal ? b : r), null);
console.log(`\naim: reply within ${AIM_REPLY_MS} ms of the final result (p95) and 100 calls per core — `
  + (best ? `best step within aim: ${best.calls} calls at ${(best.cpuTotal * 100).toFixed(0)} % of a core = ${(best.calls / best.cpuTotal).toFixed(0)} calls per core` : 'no step within aim'));
await model.close();
process.exit(0);
