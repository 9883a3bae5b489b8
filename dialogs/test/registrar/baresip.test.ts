/**
 * A real phone against the registrar core: baresip registers over UDP on 127.0.0.1 through a
 * test-only loop (parser → Registrar → serializer). Digest happens (401 then 200), a wrong
 * password gets 403, and the extension goes offline when baresip unregisters on exit or, when
 * it dies silently, when its binding lapses in simulated time.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Registrar } from '../../src/registrar/index.js';
import type { ExtensionAccount } from '../../src/registrar/index.js';
import { peerAvailable } from '../support/peers.js';
import { baresipConfigDir, startBaresip, stopBaresip, waitFor } from './baresip.js';
import type { BaresipProcess } from './baresip.js';
import { startRegistrarLoop } from './udp-loop.js';
import type { RegistrarLoop } from './udp-loop.js';

const DOMAIN = 'ent-a.example';
const ACCOUNTS: Record<string, ExtensionAccount> = {
  8001: { extensionId: 'ext-8001', enterpriseId: 'ent-a', password: 'right-8001' },
  8002: { extensionId: 'ext-8002', enterpriseId: 'ent-a', password: 'right-8002' },
};
// Missing baresip: a message and a skip, or a failure under WAIHU_REQUIRE_PEERS=1 (CI).
const installed = peerAvailable('baresip');

/** Everything a test opened, closed on every path. */
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function setUp(): { registrar: Registrar; loop: Promise<RegistrarLoop>; clock: { offsetMs: number; now: () => number } } {
  const registrar = new Registrar({
    lookup: (domain, user) => (domain === DOMAIN ? ACCOUNTS[user] ?? null : null),
    secret: 'baresip-test-secret-0123456789abcdef',
  });
  // Real time plus an offset the test can jump forward: expiry without waiting ten minutes.
  const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
  const loop = startRegistrarLoop(registrar, clock.now).then((l) => { cleanup.push(() => l.close()); return l; });
  return { registrar, loop, clock };
}

function run(dir: string): BaresipProcess {
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const phone = startBaresip(dir);
  cleanup.push(() => stopBaresip(phone, 'SIGKILL'));
  return phone;
}

const statuses = (loop: RegistrarLoop, user: string): number[] => loop.entries.filter((e) => e.method === 'REGISTER' && e.user === user).map((e) => e.status);
const trace = (loop: RegistrarLoop, phone: BaresipProcess) => (): string =>
  `registrar saw: ${JSON.stringify(loop.entries.map((e) => [e.user, e.expires, e.status, e.result.refusal?.code ?? e.result.outcome]))}\nbaresip said:\n${phone.output()}`;

describe.skipIf(!installed)('baresip registers with the registrar', () => {
  it('authenticates with digest (401, then 200), refuses a wrong password (403), and goes offline when baresip unregisters', async () => {
    const { registrar, loop: loopP, clock } = setUp();
    const loop = await loopP;
    const phone = run(baresipConfigDir([
      { user: '8001', domain: DOMAIN, password: 'right-8001', registrarPort: loop.port },
      { user: '8002', domain: DOMAIN, password: 'wrong-8002', registrarPort: loop.port },
    ]));
    const context = trace(loop, phone);
    await waitFor('8001 registered and 8002 refused', () => statuses(loop, '8001').includes(200) && statuses(loop, '8002').includes(403), 10_000, context);

    expect(statuses(loop, '8001').slice(0, 2), context()).toEqual([401, 200]);
    expect(statuses(loop, '8002').slice(0, 2), context()).toEqual([401, 403]);
    expect(loop.entries.find((e) => e.user === '8002' && e.status === 403)?.result.refusal?.code).toBe('AUTH_FAILED');
    expect(loop.unparsed).toBe(0);

    const registered = loop.entries.find((e) => e.user === '8001' && e.status === 200)!;
    const [binding] = registrar.lookup(`sip:8001@${DOMAIN}`, clock.now());
    expect(binding).toMatchObject({
      extensionId: 'ext-8001', natted: false, userAgent: expect.stringContaining('baresip') as unknown,
      source: { transport: 'udp', address: '127.0.0.1', port: registered.from.port },
    });
    expect(binding!.contact).toMatch(/^sip:8001-[0-9a-fx]+@127\.0\.0\.1:\d+$/);
    expect(registrar.lookupExtension('ext-8002', clock.now())).toEqual([]);
    expect(loop.events).toEqual([{ type: 'online', extensionId: 'ext-8001', enterpriseId: 'ent-a', aor: `sip:8001@${DOMAIN}`, cause: 'registered' }]);

    // On SIGTERM baresip unregisters (Expires 0 on its contact) before it exits.
    await stopBaresip(phone, 'SIGTERM');
    await waitFor('8001 unregistered', () => loop.events.some((e) => e.type === 'offline'), 5000, context);
    expect(loop.events.at(-1)).toMatchObject({ type: 'offline', extensionId: 'ext-8001', cause: 'unregistered' });
    expect(registrar.lookup(`sip:8001@${DOMAIN}`, clock.now())).toEqual([]);
  }, 30_000);

  it('reports an extension offline when its phone dies without unregistering and the binding lapses', async () => {
    const { registrar, loop: loopP, clock } = setUp();
    const loop = await loopP;
    const phone = run(baresipConfigDir([{ user: '8001', domain: DOMAIN, password: 'right-8001', registrarPort: loop.port, regintS: 120 }]));
    const context = trace(loop, phone);
    await waitFor('8001 registered', () => statuses(loop, '8001').includes(200), 10_000, context);
    expect(loop.events.map((e) => e.type)).toEqual(['online']);

    await stopBaresip(phone, 'SIGKILL'); // a desk phone losing power: no un-REGISTER
    expect(registrar.expire(clock.now())).toEqual([]);
    clock.offsetMs += 121_000; // the 120 s binding lapses
    expect(registrar.lookup(`sip:8001@${DOMAIN}`, clock.now())).toEqual([]);
    expect(registrar.expire(clock.now())).toEqual([{ type: 'offline', extensionId: 'ext-8001', enterpriseId: 'ent-a', aor: `sip:8001@${DOMAIN}`, cause: 'expired' }]);
  }, 30_000);
});
