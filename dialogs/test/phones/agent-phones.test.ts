/**
 * The registrar on the wire: a scripted phone sends REGISTERs over real UDP to a SipAgent with
 * AgentPhones attached. Digest through the real transaction layer; a retransmitted REGISTER is
 * answered from its transaction without reaching the registrar again; OPTIONS to the domain
 * is the registrar's, REGISTER for other domains stays 405; the expiry timer on an injected
 * clock reports the extension offline; closing leaves no timer; an offline extension refuses
 * to be called with a coded, retryable error.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { CallSetupError, type SipAgent } from '../../src/calls/index.js';
import { ManualClock } from '../../src/media/index.js';
import { AgentPhones, contactTarget } from '../../src/phones/index.js';
import { Registrar, type ExtensionAccount, type RegisteredContact, type RegistrarEvent } from '../../src/registrar/index.js';
import { parseSipMessage, serializeSipMessage, type SipRequest, type SipResponse } from '../../src/sip/index.js';
import { expectNothingOpen, startAgent } from '../support/calls.js';
import { challengeOf, ScriptedPhone } from '../registrar/phone.js';

const DOMAIN = 'ent-a.example';
const ACCOUNTS: Record<string, ExtensionAccount> = { 8001: { extensionId: 'ext-8001', enterpriseId: 'ent-a', password: 'right-8001' } };

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step(); });

/** A UDP socket that sends SIP and collects the responses. */
async function phoneSocket(): Promise<{ socket: Socket; port: number; responses: SipResponse[]; send(m: SipRequest, to: number): void; next(count: number): Promise<SipResponse> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  const responses: SipResponse[] = [];
  socket.on('message', (d) => { const p = parseSipMessage(d); if (p.ok && p.message.kind === 'response') responses.push(p.message); });
  return {
    socket, port: socket.address().port, responses,
    send: (m, to) => socket.send(serializeSipMessage(m), to, '127.0.0.1'),
    next: async (count) => {
      const start = Date.now();
      while (responses.length < count) {
        if (Date.now() - start > 3000) throw new Error(`only ${responses.length} responses of ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return responses[count - 1]!;
    },
  };
}

function setUp(agent: SipAgent): { phones: AgentPhones; clock: ManualClock; events: RegistrarEvent[]; handled: string[] } {
  const clock = new ManualClock(1_000_000);
  const registrar = new Registrar({ lookup: (domain, user) => (domain === DOMAIN ? ACCOUNTS[user] ?? null : null), secret: 'wire-test-secret-0123456789abcdef', minExpiresS: 60 });
  const events: RegistrarEvent[] = [];
  const handled: string[] = [];
  const phones = AgentPhones.attach({
    agent, registrar, domains: [DOMAIN], clock, onEvent: (e) => events.push(e),
    onRequest: (request, result) => handled.push(`${request.method} ${result.response.status}`),
  });
  cleanup.push(() => phones.close());
  return { phones, clock, events, handled };
}

describe('AgentPhones: the registrar through the agent\'s transport', () => {
  it('registers with digest, absorbs a retransmission, expires on the injected clock, and leaves no timer', async () => {
    const agent = await startAgent();
    try {
      const { phones, clock, events, handled } = setUp(agent);
      const udp = await phoneSocket();
      const phone = new ScriptedPhone('baresip', '8001', DOMAIN, '127.0.0.1', udp.port);
      const port = agent.ua.port();

      udp.send(phone.register({ cseq: 1, expires: 120 }), port);
      const challenge = await udp.next(1);
      expect(challenge.status).toBe(401);
      const registerWithAuth = phone.register({ cseq: 2, expires: 120, auth: { challenge: challengeOf(challenge), password: 'right-8001' } });
      udp.send(registerWithAuth, port);
      expect((await udp.next(2)).status).toBe(200);
      // The phone did not hear the 200 and sends the same REGISTER again: the transaction answers.
      udp.send(registerWithAuth, port);
      expect((await udp.next(3)).status).toBe(200);
      expect(handled).toEqual(['REGISTER 401', 'REGISTER 200']);
      expect(events).toEqual([{ type: 'online', extensionId: 'ext-8001', enterpriseId: 'ent-a', aor: `sip:8001@${DOMAIN}`, cause: 'registered' }]);
      const [contact] = phones.contacts('ext-8001');
      expect(contact).toMatchObject({ source: { transport: 'udp', address: '127.0.0.1', port: udp.port }, natted: false });

      // OPTIONS to the registrar's domain is the registrar's; a REGISTER for another domain is not.
      const options = phone.register({ cseq: 3 });
      udp.send({ ...options, method: 'OPTIONS', uri: `sip:${DOMAIN}`, headers: withCSeq(options, '3 OPTIONS') }, port);
      expect((await udp.next(4)).headers.get('Allow')).toBe('REGISTER, OPTIONS');
      const elsewhere = new ScriptedPhone('baresip', '8001', 'other.example', '127.0.0.1', udp.port).register({ cseq: 9, callId: 'elsewhere-1' }) // its own branch: a new transaction;
      udp.send(elsewhere, port);
      expect((await udp.next(5)).status).toBe(405);
      expect(handled).toHaveLength(3);

      expect(clock.pendingTimers()).toBe(1);
      clock.advance(119_000);
      expect(events).toHaveLength(1);
      clock.advance(1_000);
      expect(events.at(-1)).toEqual({ type: 'offline', extensionId: 'ext-8001', enterpriseId: 'ent-a', aor: `sip:8001@${DOMAIN}`, cause: 'expired' });
      expect(phones.contacts('ext-8001')).toEqual([]);
      expect(clock.pendingTimers()).toBe(0);
      await expect(phones.call('ext-8001', { callerId: '13800138000' })).rejects.toSatisfy((e) => e instanceof CallSetupError && e.code === 'EXTENSION_OFFLINE' && e.retryable);

      // Registered again, then closed: the expiry timer goes with it.
      udp.send(phone.register({ cseq: 4, expires: 120, auth: { challenge: challengeOf(challenge), password: 'right-8001' } }), port);
      await udp.next(6);
      expect(clock.pendingTimers()).toBe(1);
      phones.close();
      expect(clock.pendingTimers()).toBe(0);
      // Once closed, REGISTER is the agent's again: 405.
      udp.send(phone.register({ cseq: 5, expires: 120 }), port);
      expect((await udp.next(7)).status).toBe(405);
    } finally {
      await agent.close();
    }
    expectNothingOpen();
  });
});

describe('contactTarget: where a call to a registered phone goes', () => {
  const natted = {
    aor: `sip:8001@${DOMAIN}`, extensionId: 'ext-8001', enterpriseId: 'ent-a', contact: 'sip:8001@192.168.1.20:5062;transport=udp',
    source: { transport: 'udp', address: '203.0.113.7', port: 40123 }, natted: true,
  } as unknown as RegisteredContact;

  it('sends the INVITE for the Contact to the NAT mapping the REGISTER came from', () => {
    expect(contactTarget(natted, '13800138000', 20_000)).toEqual({
      name: 'extension ext-8001', requestUri: 'sip:8001@192.168.1.20:5062;transport=udp', toUri: `sip:8001@${DOMAIN}`,
      fromUri: `sip:13800138000@${DOMAIN}`, contactUser: '13800138000', peer: { transport: 'udp', address: '203.0.113.7', port: 40123 },
      account: null, ringTimeoutMs: 20_000,
    });
  });

  it('keeps the TCP connection a phone registered on, and refuses transports the agent cannot send on', () => {
    const tcp = { ...natted, source: { transport: 'tcp', address: '203.0.113.7', port: 40124, connectionId: '17' } } as RegisteredContact;
    expect(contactTarget(tcp, '', 20_000).peer).toEqual({ transport: 'tcp', address: '203.0.113.7', port: 40124, connectionId: 17 });
    const wss = { ...natted, source: { transport: 'wss', address: '203.0.113.7', port: 443 } } as RegisteredContact;
    expect(() => contactTarget(wss, '', 20_000)).toThrow(expect.objectContaining({ code: 'TRANSPORT_NOT_ENABLED' }));
  });
});

function withCSeq(request: SipRequest, cseq: string): SipRequest['headers'] {
  const headers = request.headers.clone();
  headers.set('CSeq', cseq);
  return headers;
}
