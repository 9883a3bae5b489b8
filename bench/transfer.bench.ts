/**
 * Warm transfers with real phones on loopback: a baresip customer is called, then handed by
 * `WarmTransfer` to a baresip agent registered as an extension (auto-answer). Prints, per
 * transfer, the time from the transfer decision to the screen-pop event, to the agent phone's
 * 180 Ringing and to the bridge; then the process CPU
 * of one call's two legs unbridged vs bridged (the bridge's own cost per call).
 *
 *   npx tsx bench/transfer.bench.ts [--rounds 20] [--seconds 10]
 *
 * Aim (issue 9): ringing and screen pop within 500 ms on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  AgentBoard, AgentPhones, PortAllocator, Registrar, SipAgent, WarmTransfer, bridgeLegs, checkTrunkConfig, encodeWavPcm16, systemEpochClock,
  type AgentPhoneDialer, type Call, type TransferContext,
} from '../dialogs/src/index.js';
import { startBaresipPhone, type BaresipPhone } from '../dialogs/test/support/baresip.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 20);
const SECONDS = arg('seconds', 10);
const DOMAIN = 'bench.example';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
const fmt = (xs: number[]): string => `p50 ${pct(xs, 50).toFixed(1)} ms, p90 ${pct(xs, 90).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'waihu-transfer-bench-'));
const mic = join(dir, 'mic.wav');
// A quiet tone as both phones' microphone: audio flows all the time (what bridging costs).
writeFileSync(mic, encodeWavPcm16(Int16Array.from({ length: 8000 * 120 }, (_, i) => Math.round(3000 * Math.sin((2 * Math.PI * 300 * i) / 8000))), 8000, 1));

const agent = await SipAgent.start({ transport: { address: '127.0.0.1', port: 0 }, ports: new PortAllocator({ min: 46000, max: 46398 }) });
const registrar = new Registrar({ lookup: (d, u) => (d === DOMAIN && u === '8001' ? { extensionId: 'e1', enterpriseId: 'b', password: 'pw' } : null), secret: 'bench-secret-0123456789abcdef0123' });
const board = new AgentBoard({ clock: systemEpochClock, afterCallWorkMs: 0 });
const agentPhones = AgentPhones.attach({ agent, registrar, domains: [DOMAIN], onEvent: (e) => board.registrarEvent(e) });
board.upsertAgent({ agentId: 'a1', name: 'bench', extensionId: 'e1' });
board.setGroup({ id: 'g', name: 'g', strategy: 'IN_ORDER', ringTimeoutMs: 10_000, afterCallWorkMs: 0, members: ['a1'], enabled: true });

// baresip answers an INVITE with 180 at once (no 100 Trying over UDP): the 180 is the first
// sign the phone has the call.
const phones: AgentPhoneDialer = agentPhones;
const transfer = new WarmTransfer({ board, phones });
let popAt = 0;
let ringAt = 0;
board.bus.subscribe((e) => {
  if (e.type === 'screen-pop' && popAt === 0) popAt = performance.now();
  if (e.type === 'transfer' && e.phase === 'ringing' && ringAt === 0) ringAt = performance.now();
});

const started: BaresipPhone[] = [];
try {
  const agentPhone = await startBaresipPhone({ accounts: [`<sip:8001@${DOMAIN}>;auth_pass=pw;outbound="sip:127.0.0.1:${agent.ua.port()}";regint=600;answermode=auto;audio_codecs=PCMA/8000/1`], micWav: mic, record: false, maxSeconds: 600 });
  started.push(agentPhone);
  const customer = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1'], micWav: mic, record: false, maxSeconds: 600 });
  started.push(customer);
  for (let i = 0; i < 250 && board.agent('a1')!.status !== 'idle'; i++) await sleep(20);
  if (board.agent('a1')!.status !== 'idle') throw new Error(`the agent phone did not register:\n${agentPhone.output()}`);
  const checked = checkTrunkConfig({ name: 'customer', host: '127.0.0.1', port: customer.sipPort });
  if (!checked.ok) throw new Error('trunk');
  const dial = async (): Promise<Call> => {
    const c = await agent.placeCall({ trunk: checked.trunk, number: 'customer', callerId: '01088886666', codecs: ['PCMU'] });
    if (!(await c.answered).answered) throw new Error('customer did not answer');
    return c;
  };
  const ctxOf = (c: Call): TransferContext => {
    const abort = new AbortController();
    void c.ended.then(() => abort.abort());
    return { calleeNumber: '13800138000', flow: 'bench', tags: [], leg: c.rtp, signal: abort.signal };
  };

  const pop: number[] = [], ringing: number[] = [], bridged: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const c = await dial();
    popAt = 0; ringAt = 0;
    const t0 = performance.now();
    const r = await transfer.forCall({ callRef: `r${round}`, customer: () => c }).transfer('g', ctxOf(c));
    const t1 = performance.now();
    if (!r.connected) throw new Error(`round ${round}: not connected`);
    pop.push(popAt - t0); ringing.push(ringAt - t0); bridged.push(t1 - t0);
    await sleep(300);
    await c.hangup();
    await transfer.settled();
    for (let i = 0; i < 100 && board.agent('a1')!.status !== 'idle'; i++) await sleep(10);
  }

  // CPU of one call's two legs: unbridged (each leg paced on its own), then bridged.
  const c = await dial();
  const a = await agentPhones.call('e1', { callerId: 'bench' });
  if (!(await a.answered).answered) throw new Error('agent did not answer');
  await sleep(500);
  const cpu = async (): Promise<number> => { const u0 = process.cpuUsage(); const w0 = performance.now(); await sleep(SECONDS * 1000); const u = process.cpuUsage(u0); return (u.user + u.system) / 1000 / (performance.now() - w0); };
  const apart = await cpu();
  const bridge = bridgeLegs(c.rtp, a.rtp);
  await sleep(300);
  const joined = await cpu();
  const stats = bridge.stats();
  bridge.unbridge();
  await c.hangup(); await a.hangup();

  console.log(`transfer bench: ${ROUNDS} transfers, Node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`decision → screen-pop event     ${fmt(pop)}`);
  console.log(`decision → agent's 180 Ringing  ${fmt(ringing)}`);
  console.log(`decision → answered and bridged ${fmt(bridged)} (baresip auto-answer)`);
  console.log(`process CPU, one call's two legs unbridged: ${(apart * 100).toFixed(2)} % of a core; bridged: ${(joined * 100).toFixed(2)} % (bridge ≈ ${((joined - apart) * 100).toFixed(2)} %); frames to agent ${stats.toAgent.frames} dropped ${stats.toAgent.dropped}, to customer ${stats.toCustomer.frames} dropped ${stats.toCustomer.dropped}`);
} finally {
  board.close();
  agentPhones.close();
  await agent.close();
  for (const p of started) await p.dispose();
  rmSync(dir, { recursive: true, force: true });
}
