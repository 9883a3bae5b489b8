/**
 * 监听 over HTTP: a leader (or an administrator with a phone) asks to listen to an agent's
 * transferred call; the server rings the asker's extension and feeds it a receive-only mix of
 * both sides until either call ends.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { MANAGERS } from '../auth/roles.js';
import { mustExist } from '../http/exists.js';
import { enterpriseOf, principalOf } from '../auth/plugin.js';
import type { AgentTelephony } from './telephony.js';

export async function listenRoutes(app: FastifyInstance, services: Services & { telephony: AgentTelephony }): Promise<void> {
  app.post<{ Params: { id: number } }>('/agents/:id/listen', {
    config: { roles: MANAGERS },
    // Another enterprise's agent (or no such user) is a 404, not "not on a call".
    preValidation: mustExist('agent', (db, id) => db.user.findUnique({ where: { id }, select: { id: true } })),
    schema: {
      tags: ['agents'],
      summary: '监听 Listen to an agent\'s call on your own phone (receive-only)',
      description: 'Rings the caller\'s extension; once answered it hears both the customer and the agent, and they do not hear it. Ends when either call ends. '
        + 'Answers 202 when the phone is ringing. 404 for a user not of your enterprise; 409 AGENT_NOT_ON_CALL (the agent is on no transferred call), LISTENER_NO_PHONE (no extension bound to '
        + 'your account), LISTENER_OFFLINE (your phone is not registered).',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, description: 'the agent\'s user id' } } },
      response: { 202: { type: 'object', properties: { ringing: { type: 'boolean' } } } },
    },
  }, async (request, reply) => {
    await services.telephony.listenIn(enterpriseOf(request), request.params.id, principalOf(request).userId);
    return reply.status(202).send({ ringing: true });
  });
}
