/**
 * Warm transfers through the server: the path a robot call's transfer takes in `npm start` — the
 * agents' hub (board loaded from the database), the extension registrar on the robot caller's
 * SIP port, the warm-transfer handler the robot caller gets, and the agent's live events over
 * real HTTP (GET /api/agents/events, Server-Sent Events, read by a logged-in agent). A baresip
 * agent (auto-answer) registers as an extension with its sealed secret; a baresip customer is
 * called from the server's SIP agent; each round the transfer handler is driven the way the
 * call session drives it. Prints, per transfer, the time from the transfer decision to
 *   - the screen pop arriving on the agent's SSE stream,
 *   - the agent phone's 180 Ringing (the `ringing` transfer event, as the SSE stream reports it),
 *   - answered and bridged.
 *
 *   npx tsx bench/transfer-server.bench.ts [--rounds 20]
 *
 * Aim (issue 9): ringing and screen pop within 500 ms on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrate } from '@waihu/db';
import { checkTrunkConfig, encodeWavPcm16 } from '../dialogs/src/index.js';
import type { Call, SipAgent, TransferContext } from '../dialogs/src/index.js';
import { startBaresipPhone, type BaresipPhone } from '../dialogs/test/support/baresip.js';
import { buildApp } from '../server/src/app.js';
import { defaultConfig } from '../server/src/config.js';
import { hashPassword } from '../server/src/auth/secrets.js';
import { SecretBox } from '../server/src/secrets/box.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 20);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
const fmt = (xs: number[]): string => `p50 ${pct(xs, 50).toFixed(1)} ms, p90 ${pct(xs, 90).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'waihu-transfer-server-bench-'));
const mic = join(dir, 'mic.wav');
writeFileSync(mic, encodeWavPcm16(Int16Array.from({ length: 8000 * 120 }, (_, i) => Math.round(3000 * Math.sin((2 * Math.PI * 300 * i) / 8000))), 8000, 1));

const url = `file:${join(dir, 'bench.db')}`;
await migrate(url);
const db = await createDb(url);
const secrets = SecretBox.random();
const e = await db.enterprise.create({ data: { name: 'bench', account: 'bench' } });
const passwordHash = await hashPassword('Secret123');
const ext = await db.extension.create({ data: { enterpriseId: e.id, number: '8001', sipPassword: secrets.seal('pw-8001') } });
const agentUser = await db.user.create({ data: { enterpriseId: e.id, role: 'AGENT', workNo: 'a1', name: '坐席', passwordHash, extensionId: ext.id } });
const group = await db.agentGroup.create({ data: { enterpriseId: e.id, name: '贷款顾问', strategy: 'IN_ORDER', ringTimeoutMs: 10_000, afterCallWorkMs: 0 } });
await db.agentGroupMember.create({ data: { enterpriseId: e.id, groupId: group.id, userId: agentUser.id, position: 0 } });

const app = await buildApp({ config: defaultConfig({ logLevel: 'silent', dataDir: dir, sipAddress: '127.0.0.1', sipPort: 0, rtpPorts: { min: 46400, max: 46798 } }), db, secrets });
const started: BaresipPhone[] = [];
const abortSse = new AbortController();
try {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'a1@bench', password: 'Secret123' }) });
  const token = ((await login.json()) as { token: string }).token;

  // The agent's live stream: the instant each event arrives over HTTP.
  const arrived: { at: number; type: string; phase?: string }[] = [];
  const sse = await fetch(`${address}/api/agents/events`, { headers: { authorization: `Bearer ${token}` }, signal: abortSse.signal });
  void (async () => {
    const reader = sse.body!.getReader();
    const text = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += text.decode(value, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) { const ev = JSON.parse(data) as { type: string; phase?: string }; arrived.push({ at: performance.now(), type: ev.type, ...(ev.phase ? { phase: ev.phase } : {}) }); }
      }
    }
  })();

  const phones = await app.agentTelephony.phones();
  const port = await app.agentTelephony.sipPort();
  const sip = (await app.agentTelephony.sipAgent()) as SipAgent;
  const agentPhone = await startBaresipPhone({ accounts: [`<sip:8001@bench>;auth_pass=pw-8001;outbound="sip:127.0.0.1:${port}";regint=600;answermode=auto;audio_codecs=PCMA/8000/1`], micWav: mic, record: false, maxSeconds: 900 });
  started.push(agentPhone);
  const customer = await startBaresipPhone({ accounts: ['<sip:customer@127.0.0.1:{port}>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1'], micWav: mic, record: false, maxSeconds: 900 });
  started.push(customer);
  const board = await app.agents.board(e.id);
  for (let i = 0; i < 250 && (board.agent(String(agentUser.id))?.status !== 'idle' || phones.contacts(String(ext.id)).length === 0); i++) await sleep(20);
  if (board.agent(String(agentUser.id))?.status !== 'idle') throw new Error(`the agent phone did not register:\n${agentPhone.output()}`);
  const checked = checkTrunkConfig({ name: 'customer', host: '127.0.0.1', port: customer.sipPort });
  if (!checked.ok) throw new Error('trunk');

  const pop: number[] = [], ringing: number[] = [], bridged: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const c: Call = await sip.placeCall({ trunk: checked.trunk, number: 'customer', callerId: '01088886666', codecs: ['PCMU'] });
    if (!(await c.answered).answered) throw new Error('customer did not answer');
    const handler = await app.agentTelephony.forCall(
      { enterpriseId: e.id, trunkId: 0, number: '13800138000', vars: { 姓名: '张先生', 额度: '50万' }, taskId: null, leadId: null },
      { callRef: () => c.callId, customer: () => c },
    );
    const abort = new AbortController();
    void c.ended.then(() => abort.abort());
    const ctx: TransferContext = {
      calleeNumber: '13800138000', flow: '转顾问', tags: ['有资金需求'], leg: c.rtp, signal: abort.signal,
      transcript: [{ speaker: 'robot', text: '请问您最近有资金方面的需要吗？' }, { speaker: 'customer', text: '有啊' }], grade: 'A',
    };
    arrived.length = 0;
    const t0 = performance.now();
    const r = await handler!.transfer('贷款顾问', ctx);
    const t1 = performance.now();
    if (!r.connected) throw new Error(`round ${round}: not connected`);
    for (let i = 0; i < 100 && !arrived.some((a) => a.phase === 'ringing'); i++) await sleep(5);
    const popAt = arrived.find((a) => a.type === 'screen-pop')?.at;
    const ringAt = arrived.find((a) => a.phase === 'ringing')?.at;
    if (popAt === undefined || ringAt === undefined) throw new Error(`round ${round}: events missing on the stream: ${JSON.stringify(arrived)}`);
    pop.push(popAt - t0); ringing.push(ringAt - t0); bridged.push(t1 - t0);
    await sleep(300);
    await c.hangup();
    await (await handler!.finished())?.ended;
    for (let i = 0; i < 100 && board.agent(String(agentUser.id))!.status !== 'idle'; i++) await sleep(10);
  }
  console.log(`transfer (server path) bench: ${ROUNDS} transfers, Node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`decision → screen pop on the agent's SSE stream        ${fmt(pop)}`);
  console.log(`decision → agent's 180 Ringing (reported on the stream) ${fmt(ringing)}`);
  console.log(`decision → answered and bridged                        ${fmt(bridged)} (baresip auto-answer)`);
} finally {
  abortSse.abort();
  await app.close();
  await db.$disconnect();
  for (const p of started) await p.dispose();
  rmSync(dir, { recursive: true, force: true });
}
