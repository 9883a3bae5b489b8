/**
 * Path on the wire, without Kamailio: a UDP socket plays the SIP edge relaying a browser's
 * REGISTER with its Path; the registrar answers through the agent's transaction layer (401,
 * then 200 echoing the Path); `phones.call` then sends the INVITE to the edge with the Path as
 * its Route and the browser's WebSocket contact as the Request-URI; the edge's 486 ends it with
 * the ACK routed the same way. The real edge is in console/test/e2e/softphone.test.ts.
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { AgentPhones } from '../../src/phones/index.js';
import { Registrar } from '../../src/registrar/index.js';
import { createSipResponse, parseSipMessage, serializeSipMessage, type SipMessage, type SipRequest, type SipResponse } from '../../src/sip/index.js';
import { expectNothingOpen, startAgent } from '../support/calls.js';
import { EdgePhone } from '../registrar/edge-phone.js';
import { challengeOf } from '../registrar/phone.js';

const DOMAIN = 'ent-a.example';

describe('AgentPhones: a binding with a Path', () => {
  it('registers through an edge and calls the browser through it', async () => {
    const agent = await startAgent();
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const received: SipMessage[] = [];
    socket.on('message', (d) => { const p = parseSipMessage(d); if (p.ok) received.push(p.message); });
    const next = async (match: (m: SipMessage) => boolean): Promise<SipMessage> => {
      for (let waited = 0; waited < 3000; waited += 5) {
        const i = received.findIndex(match);
        if (i >= 0) return received.splice(i, 1)[0]!;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`nothing matched among ${received.length} messages`);
    };
    const send = (m: SipMessage): void => { socket.send(serializeSipMessage(m), agent.ua.port(), '127.0.0.1'); };
    try {
      const registrar = new Registrar({ lookup: (d, u) => (d === DOMAIN && u === '8001' ? { extensionId: 'ext-8001', enterpriseId: 'ent-a', password: 'browser-8001' } : null), secret: 'path-wire-secret-0123456789abcdef' });
      const phones = AgentPhones.attach({ agent, registrar, domains: [DOMAIN] });
      const edge = new EdgePhone('8001', DOMAIN, '127.0.0.1', socket.address().port);

      send(edge.register({ cseq: 1 }));
      const challenge = await next((m) => m.kind === 'response' && m.status === 401);
      send(edge.register({ cseq: 2, auth: { challenge: challengeOf(challenge as SipResponse), password: 'browser-8001' } }));
      const ok = await next((m) => m.kind === 'response' && m.status === 200);
      expect(ok.headers.getAll('Path')).toEqual([edge.edgePath]);

      const call = await phones.call('ext-8001', { callerId: '13800138000' });
      const invite = (await next((m) => m.kind === 'request' && m.method === 'INVITE')) as SipRequest;
      expect(invite.uri).toBe(edge.contact);
      expect(invite.headers.getAll('Route')).toEqual([edge.edgePath]);
      expect(invite.headers.get('To')).toBe(`<sip:8001@${DOMAIN}>`);
      send(createSipResponse(invite, 486, { toTag: 'busy1' }));
      const answer = await call.answered;
      expect(answer.answered).toBe(false);
      const ack = (await next((m) => m.kind === 'request' && m.method === 'ACK')) as SipRequest;
      expect(ack.headers.getAll('Route')).toEqual([edge.edgePath]);
      phones.close();
    } finally {
      await agent.close();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    }
    expectNothingOpen();
  });
});
