/**
 * The browser softphone through the SIP edge: JsSIP (console/src/lib/softphone.ts) in headless
 * Chromium registered through Kamailio (tools/sip-edge) to AgentPhones on a SipAgent; N calls
 * one after another, each rung with `phones.call`, answered by the page and hung up by us.
 * Prints, per call and as p50/p95/max:
 *   - ringing: phones.call → the 180 Ringing back through Kamailio (JsSIP sends it on the INVITE);
 *   - answer:  the page's answer() → our 200 OK (getUserMedia, ICE gathering, SDP through rtpengine);
 *   - media:   our 200 OK → the first audio frame from the browser (ICE checks, DTLS-SRTP);
 * and rtpengine's and Kamailio's CPU time over the run.
 *
 *   npx tsx bench/softphone.bench.ts [--calls 20]
 *
 * Aim (issue 9): the agent's phone rings within 500 ms of the transfer decision on loopback.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AgentPhones, PortAllocator, Registrar, SipAgent } from '../dialogs/src/index.js';
import { mandarinSpeech } from '../dialogs/test/support/audio.js';
import { startSipEdge } from '../tools/sip-edge/edge.js';
import { bundleSoftphone, launchWithMicrophone, serveSoftphonePage, writeMicrophoneWav } from '../console/test/e2e/softphone-page.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const calls = Number(arg('calls', '20'));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (xs: number[]): string => `p50 ${pct(xs, 50).toFixed(1)} / p95 ${pct(xs, 95).toFixed(1)} / max ${Math.max(...xs).toFixed(1)} ms`;

/** User+system CPU seconds of a process and its threads (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
/** Kamailio's main process and its children. */
function kamailioPids(mainPid: number): number[] {
  const children = readFileSync(`/proc/${mainPid}/task/${mainPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [mainPid, ...children];
}

const dir = mkdtempSync(join(tmpdir(), 'waihu-softphone-bench-'));
const wav = join(dir, 'mic.wav');
// No leading silence: the first audio frame then marks when media flows, not when speech starts.
writeMicrophoneWav(wav, mandarinSpeech('nin2 hao3, wo3 shi4 ke4 fu2, qing3 wen4 you3 shen2 me ke3 yi3 bang1 nin2'), 0);
const agent = await SipAgent.start({ transport: { address: '127.0.0.1', port: 0 }, ports: new PortAllocator({ min: 46_000, max: 46_398 }) });
const registrar = new Registrar({ lookup: (d, u) => (d === 'bench.example' && u === '8001' ? { extensionId: 'ext-8001', enterpriseId: 'bench', password: 'bench-8001-secret' } : null), secret: 'softphone-bench-secret-0123456789ab' });
const phones = AgentPhones.attach({ agent, registrar, domains: ['bench.example'] });
const edge = await startSipEdge({ server: `127.0.0.1:${agent.ua.port()}` });
const site = await serveSoftphonePage(await bundleSoftphone());
const browser = await launchWithMicrophone(wav);
const page = await browser.newPage();
type PagePhone = { phone: { registration(): string; call(): { status: string } | null; answer(): void }; startPhone(c: unknown): void };
const ringing: number[] = [];
const answering: number[] = [];
const media: number[] = [];
try {
  await page.goto(site.url);
  await page.evaluate((wsUrl) => (globalThis as never as PagePhone).startPhone({ wsUrl, sipUri: 'sip:8001@bench.example', password: 'bench-8001-secret' }), edge.wsUrl);
  await page.waitForFunction(() => (globalThis as never as PagePhone).phone.registration() === 'registered', undefined, { timeout: 20_000 });
  const pids = { rtpengine: Number(readFileSync(join(edge.runDir, 'rtpengine.pid'), 'utf8')), kamailio: kamailioPids(Number(readFileSync(join(edge.runDir, 'kamailio.pid'), 'utf8'))) };
  const cpu0 = { rtpengine: cpuSeconds(pids.rtpengine), kamailio: pids.kamailio.reduce((s, p) => s + cpuSeconds(p), 0) };
  const wall0 = performance.now();
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const call = await phones.call('ext-8001', { callerId: '13800138000' });
    const rang = new Promise<number>((resolve) => { const off = call.onProgress((p) => { if (p.status === 180) { off(); resolve(performance.now() - t0); } }); });
    ringing.push(await rang);
    await page.waitForFunction(() => (globalThis as never as PagePhone).phone.call()?.status === 'ringing');
    let firstAudio = 0;
    const offAudio = call.rtp.onAudio((chunk) => { if (firstAudio === 0 && chunk.samples.some((v) => Math.abs(v) > 200)) firstAudio = performance.now(); });
    const tAnswer = performance.now();
    await page.evaluate(() => (globalThis as never as PagePhone).phone.answer());
    const answered = await call.answered;
    if (!answered.answered) throw new Error(`call ${i} was not answered: ${JSON.stringify(answered.end)}`);
    const t200 = performance.now();
    answering.push(t200 - tAnswer);
    for (let w = 0; w < 300 && firstAudio === 0; w++) await sleep(10);
    offAudio();
    if (firstAudio > 0) media.push(firstAudio - t200);
    await call.hangup();
    await page.waitForFunction(() => (globalThis as never as PagePhone).phone.call()?.status === 'ended');
    console.log(`call ${i + 1}: ringing ${ringing.at(-1)!.toFixed(1)} ms, answer ${answering.at(-1)!.toFixed(1)} ms, first audio ${firstAudio > 0 ? `${(firstAudio - t200).toFixed(1)} ms` : 'none in 3 s'}`);
  }
  const wallS = (performance.now() - wall0) / 1000;
  const cpu1 = { rtpengine: cpuSeconds(pids.rtpengine), kamailio: pids.kamailio.reduce((s, p) => s + cpuSeconds(p), 0) };
  console.log(`\n${calls} calls, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`ringing (phones.call -> 180 via Kamailio): ${fmt(ringing)}`);
  console.log(`answer (page answer() -> our 200 OK):        ${fmt(answering)}`);
  console.log(`media (200 OK -> first browser audio):       ${media.length > 0 ? fmt(media) : 'none'} (${media.length}/${calls} calls)`);
  console.log(`edge CPU over ${wallS.toFixed(1)} s: rtpengine ${(cpu1.rtpengine - cpu0.rtpengine).toFixed(2)} s, kamailio ${(cpu1.kamailio - cpu0.kamailio).toFixed(2)} s`);
} finally {
  await browser.close();
  await site.close();
  phones.close();
  await agent.close();
  await edge.stop();
  rmSync(dir, { recursive: true, force: true });
}
