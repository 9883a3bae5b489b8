/**
 * The agents' browser softphone end to end, with every real part: the console's softphone
 * module (JsSIP) in headless Chromium with a fake microphone playing Mandarin speech registers
 * over SIP-over-WebSocket through Kamailio (tools/sip-edge, Path) to our registrar on a real
 * SipAgent; `phones.call(extension)` rings it through the edge (the Route set from the Path),
 * rtpengine turns our RTP/AVP PCMA into WebRTC (ICE, DTLS-SRTP, rtcp-mux) and back; the page
 * answers and audio crosses both ways (125 ms segments cross-correlate ≥ 0.9); the browser hangs up
 * with a BYE through the edge. A second call: hold and unhold from the browser (re-INVITEs
 * through the edge) and from our side, DTMF as RFC 4733 events, mute, and our hang-up ending the
 * page's call. Then the real console: the workspace registers, rings, answers and hangs up.
 *
 * Skipped with a message without Chromium, Kamailio or rtpengine, unless WAIHU_REQUIRE_PEERS=1.
 */
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AgentPhones, PortAllocator, Registrar, SipAgent, type AudioChunk, type Call } from '@waihu/dialogs';
import { sipEdgeAvailable, startSipEdge, type SipEdge } from '../../../tools/sip-edge/edge.js';
import { mandarinSpeech } from '../../../dialogs/test/support/audio.js';
import { chromiumFor, logIn } from './browser.js';
import { ROOT, callApi, startServer, type Started } from './server.js';
import { bundleSoftphone, launchWithMicrophone, segmentedMatch, serveSoftphonePage, writeMicrophoneWav } from './softphone-page.js';

const haveChromium = chromiumFor('the browser softphone tests');
const runnable = haveChromium && sipEdgeAvailable();

const DOMAIN = 'ent-a.example';
const PASSWORD = 'browser-8001-secret';
const dir = mkdtempSync(join(tmpdir(), 'waihu-softphone-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  const port = await new Promise<number>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe.skipIf(!runnable)('browser softphone through Kamailio and rtpengine', () => {
  let agent: SipAgent;
  let phones: AgentPhones;
  let edge: SipEdge;
  let browser: Browser;
  let page: Page;
  let site: { url: string; close(): Promise<void> };
  let agentSpeech: Int16Array;
  let customerSpeech: Int16Array;

  beforeAll(async () => {
    agentSpeech = mandarinSpeech('nin2 hao3, wo3 shi4 ke4 fu2 xiao3 wang2, qing3 wen4 you3 shen2 me ke3 yi3 bang1 nin2'); // 您好，我是客服小王，请问有什么可以帮您
    customerSpeech = mandarinSpeech('wei, ni3 hao3, wo3 xiang3 wen4 yi2 xia4 dai4 kuan3 de5 li4 lv4'); // 喂，你好，我想问一下贷款的利率
    const wav = join(dir, 'agent-mic.wav');
    writeMicrophoneWav(wav, agentSpeech);
    const min = 33_000 + 400 * Math.floor(Math.random() * 20);
    agent = await SipAgent.start({ transport: { address: '127.0.0.1', port: 0 }, ports: new PortAllocator({ min, max: min + 398 }) });
    const registrar = new Registrar({
      lookup: (domain, user) => (domain === DOMAIN && user === '8001' ? { extensionId: 'ext-8001', enterpriseId: 'ent-a', password: PASSWORD } : null),
      secret: 'softphone-e2e-secret-0123456789abcdef',
    });
    phones = AgentPhones.attach({ agent, registrar, domains: [DOMAIN] });
    edge = await startSipEdge({ server: `127.0.0.1:${agent.ua.port()}`, logLevel: Number(process.env['SIP_EDGE_LOG_LEVEL'] ?? 1) });
    site = await serveSoftphonePage(await bundleSoftphone());
    browser = await launchWithMicrophone(wav);
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(site.url);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    phones?.close();
    await agent?.close();
    await edge?.stop();
  });

  /** Rings the extension and waits until the page shows the incoming call; returns the call and the ms to the 180. */
  async function ring(): Promise<{ call: Call; ringingMs: Promise<number> }> {
    const t0 = performance.now();
    const call = await phones.call('ext-8001', { callerId: '13800138000' });
    const ringingMs = new Promise<number>((resolve) => {
      const off = call.onProgress((p) => { if (p.status === 180) { off(); resolve(performance.now() - t0); } });
    });
    await page.waitForFunction(() => (window as never as { phone: { call(): { status: string } | null } }).phone.call()?.status === 'ringing').catch((e: unknown) => {
      throw new Error(`the browser did not ring: ${String(e)}\n${edge.logs()}`);
    });
    return { call, ringingMs };
  }

  it('registers through the edge with digest and a Path', async () => {
    await page.evaluate(({ wsUrl, password }) => (window as never as { startPhone(c: unknown): void }).startPhone({ wsUrl, sipUri: 'sip:8001@ent-a.example', password }), { wsUrl: edge.wsUrl, password: PASSWORD });
    await page.waitForFunction(() => (window as never as { phone: { registration(): string } }).phone.registration() === 'registered').catch((e: unknown) => {
      throw new Error(`not registered: ${String(e)}\n${edge.logs()}`);
    });
    const [binding] = phones.contacts('ext-8001');
    expect(binding).toMatchObject({ source: { transport: 'udp', address: '127.0.0.1', port: edge.sipPort }, userAgent: 'Waihu console (JsSIP)' });
    expect(binding!.contact).toMatch(/;transport=ws$/);
    expect(binding!.path).toEqual([expect.stringMatching(new RegExp(`^<sip:127\\.0\\.0\\.1:${edge.sipPort};lr;received=sip:127\\.0\\.0\\.1:\\d+%3Btransport%3Dws>$`))]);
  });

  it('rings the browser, which answers; audio crosses both ways; the browser hangs up', async () => {
    const { call, ringingMs } = await ring();
    expect(await ringingMs).toBeLessThan(2000);
    const incoming = await page.evaluate(() => (window as never as { phone: { call(): unknown } }).phone.call());
    expect(incoming).toMatchObject({ direction: 'incoming', remote: '13800138000', status: 'ringing' });

    // Whatever fails below, the call ends here, so the next test starts with an idle phone.
    onTestFinished(async () => {
      if (call.state !== 'ended') await call.hangup();
      await page.waitForFunction(() => (window as never as { phone: { call(): { status: string } | null } }).phone.call()?.status === 'ended');
    });
    const heard: Int16Array[] = [];
    // The chunk's buffer is reused for the next frame: keep a copy.
    call.rtp.onAudio((chunk: AudioChunk) => heard.push(chunk.samples.slice()));
    await page.evaluate(() => (window as never as { phone: { answer(): void } }).phone.answer());
    const answer = await call.answered;
    expect(answer.answered).toBe(true);
    await page.waitForFunction(() => (window as never as { phone: { call(): { status: string } | null } }).phone.call()?.status === 'talking');

    // ICE and DTLS finish after the 200 OK: give them a moment, then talk while the page records.
    const recording = page.evaluate(() => (window as never as { recordRemote(ms: number): Promise<number[]> }).recordRemote(7000));
    await sleep(1200);
    const played = await call.rtp.play(customerSpeech);
    expect(played).toBe('finished');
    const pageHeard = Int16Array.from(await recording);
    // WebRTC really carried it: DTLS-SRTP connected, packets both ways.
    const stats = await page.evaluate(() => (window as never as { mediaStats(): Promise<{ connection: string; sent?: { packets: number }; received?: { packets: number } }> }).mediaStats());
    expect(stats).toMatchObject({ connection: 'connected' });
    expect(stats.sent!.packets).toBeGreaterThan(100);
    expect(stats.received!.packets).toBeGreaterThan(100);

    const browserHeardUs = segmentedMatch(customerSpeech, pageHeard);
    const weHeardBrowser = segmentedMatch(agentSpeech, Int16Array.from(heard.flatMap((f) => [...f])));
    console.info(`[softphone] browser heard us ${JSON.stringify(browserHeardUs)}; we heard the browser ${JSON.stringify(weHeardBrowser)}`);
    expect(browserHeardUs.score, `the browser heard our PCMA as ${JSON.stringify(browserHeardUs)}\n${edge.logs()}`).toBeGreaterThanOrEqual(0.9);
    expect(weHeardBrowser.score, `we heard the browser's microphone as ${JSON.stringify(weHeardBrowser)}\n${edge.logs()}`).toBeGreaterThanOrEqual(0.9);

    await page.evaluate(() => (window as never as { phone: { hangup(): void } }).phone.hangup());
    const end = await call.ended;
    expect(end.reason).toBe('remote-hangup');
    await page.waitForFunction(() => (window as never as { phone: { call(): { status: string } | null } }).phone.call()?.status === 'ended');
  });

  it('holds, unholds, mutes and sends DTMF from the browser; our hang-up ends the page\'s call', async () => {
    const { call } = await ring();
    onTestFinished(async () => { if (call.state !== 'ended') await call.hangup(); });
    const digits: string[] = [];
    call.rtp.onDtmf((d) => digits.push(d.digit));
    await page.evaluate(() => (window as never as { phone: { answer(): void } }).phone.answer());
    expect((await call.answered).answered).toBe(true);
    await page.waitForFunction(() => (window as never as { phone: { call(): { status: string } | null } }).phone.call()?.status === 'talking');
    await sleep(800);

    type PagePhone = { phone: { setHeld(h: boolean): void; setMuted(m: boolean): void; dtmf(d: string): void; call(): { held: boolean; muted: boolean; status: string; endCause: string | null } | null } };
    await page.evaluate(() => (window as never as PagePhone).phone.setHeld(true));
    await page.waitForFunction(() => (window as never as PagePhone).phone.call()?.held === true);
    await page.evaluate(() => (window as never as PagePhone).phone.setHeld(false));
    await page.waitForFunction(() => (window as never as PagePhone).phone.call()?.held === false);
    await page.evaluate(() => (window as never as PagePhone).phone.setMuted(true));
    await page.waitForFunction(() => (window as never as PagePhone).phone.call()?.muted === true);
    await page.evaluate(() => (window as never as PagePhone).phone.setMuted(false));

    // Our side holds and resumes too: re-INVITEs from us through the edge, answered by JsSIP.
    expect(await call.hold()).toEqual({ ok: true, status: 200 });
    expect(await call.unhold()).toEqual({ ok: true, status: 200 });

    await page.evaluate(() => (window as never as PagePhone).phone.dtmf('15#'));
    for (let i = 0; i < 50 && digits.length < 3; i++) await sleep(100);
    expect(digits).toEqual(['1', '5', '#']);

    const end = await call.hangup();
    expect(end.reason).toBe('local-hangup');
    await page.waitForFunction(() => (window as never as PagePhone).phone.call()?.status === 'ended');
    expect(await page.evaluate(() => (window as never as PagePhone).phone.call()?.endCause)).toBe('Terminated');
  });
});

/** The local port of the browser's WebSocket to the edge (the `received` of its Path). */
function browserFlowPort(wsPort: number): number {
  const out = execFileSync('ss', ['-tnH', 'state', 'established', `( dport = :${wsPort} )`], { encoding: 'utf8' });
  const m = /127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:\d+/.exec(out);
  if (!m) throw new Error(`no browser connection to the edge's port ${wsPort}: ${out}`);
  return Number(m[1]);
}

describe.skipIf(!runnable)('the agent workspace in the real console', () => {
  let server: Started;
  let edge: SipEdge;
  let caller: SipAgent;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const wav = join(dir, 'journey-mic.wav');
    writeMicrophoneWav(wav, mandarinSpeech('wei, nin2 hao3'));
    const sipPort = await freeUdpPort();
    edge = await startSipEdge({ server: `127.0.0.1:${sipPort}` });
    server = await startServer({ SIP_ADDRESS: '127.0.0.1', SIP_PORT: String(sipPort), SIP_WS_URL: edge.wsUrl });
    // The administrator gives the demo agent an extension (its secret is generated).
    const admin = server.accounts.get('ENTERPRISE_ADMIN')!;
    const token = (await callApi<{ token: string }>(server, 'POST', '/api/auth/login', null, { account: admin.login, password: admin.password })).token;
    const ext = (await callApi<{ extension: { id: number } }>(server, 'POST', '/api/extensions', token, { number: '8001' })).extension;
    const agentLogin = server.accounts.get('AGENT')!.login;
    const users = (await callApi<{ items: { id: number; workNo: string }[] }>(server, 'GET', '/api/users', token)).items;
    const agentUser = users.find((u) => agentLogin.startsWith(`${u.workNo}@`))!;
    await callApi(server, 'PATCH', `/api/users/${agentUser.id}`, token, { extensionId: ext.id });
    const min = 37_000 + 400 * Math.floor(Math.random() * 10);
    caller = await SipAgent.start({ transport: { address: '127.0.0.1', port: 0 }, ports: new PortAllocator({ min, max: min + 398 }) });
    browser = await launchWithMicrophone(wav);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' })).newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await caller?.close();
    await server?.stop();
    await edge?.stop();
  });

  it('logs the agent in to the workspace, signs in, registers, rings, answers and hangs up from the page', async () => {
    await logIn(page, server, 'AGENT');
    // The workspace is an agent's home.
    await page.waitForURL(/\/agent$/);
    await page.getByRole('heading', { name: '坐席工作台' }).waitFor();
    await page.getByRole('button', { name: '签入' }).click();
    await page.locator('.agent-state strong[data-status="idle"]').waitFor();
    await page.locator('.softphone-registration[data-status="registered"]').waitFor().catch((e: unknown) => {
      throw new Error(`the workspace did not register: ${String(e)}\n${edge.logs()}`);
    });

    // A call through the edge to the browser's flow, as our server's AgentPhones sends it.
    const domain = /@(.+)$/.exec(server.accounts.get('AGENT')!.login)![1]!.toLowerCase();
    const route = `<sip:127.0.0.1:${edge.sipPort};lr;received=sip:127.0.0.1:${browserFlowPort(Number(new URL(edge.wsUrl).port))}%3Btransport%3Dws>`;
    const call = await caller.dial({
      name: 'browser agent', requestUri: `sip:8001@${domain}`, toUri: `sip:8001@${domain}`, fromUri: `sip:13800138000@${domain}`, contactUser: '13800138000',
      peer: { transport: 'udp', address: '127.0.0.1', port: edge.sipPort }, account: null, ringTimeoutMs: 20_000,
    }, { headers: [['Route', route]] });
    await page.getByRole('button', { name: '接听' }).click();
    await expect(page.locator('.softphone-call').getByLabel('对方号码').textContent()).resolves.toBe('13800138000');
    expect((await call.answered).answered).toBe(true);
    await page.locator('.softphone-call[data-status="talking"]').waitFor();
    await page.getByRole('button', { name: '静音' }).click();
    await page.getByRole('button', { name: '取消静音' }).waitFor();
    await page.getByRole('button', { name: '挂断' }).click();
    expect((await call.ended).reason).toBe('remote-hangup');
    await page.locator('.softphone-call[data-status="ended"]').waitFor();
    await page.screenshot({ path: join(ROOT, 'console', 'test-artifacts', 'agent-workspace.png'), fullPage: true }).catch(() => undefined);
  });
});
