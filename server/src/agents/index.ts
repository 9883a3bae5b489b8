/**
 * Agents (坐席) in the API: the live hub (one board per enterprise, the state log, the
 * registrar's events, the warm-transfer factory for the dialer) on `app.agents`, and the
 * routes for groups, states, the wallboard and live events under `/api`.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { AgentHub } from './hub.js';
import { groupRoutes } from './group-routes.js';
import { stateRoutes } from './state-routes.js';

export { AgentHub, beijingMidnight } from './hub.js';
export type { AgentHubOptions, HubEvent } from './hub.js';
export { agentStateView } from './state-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The agents' live hub: boards, state log, registrar events, warm transfer. */
    agents: AgentHub;
  }
}

/** Registers the hub (`app.agents`, closed with the app) and the agent routes under /api. */
export const agentsPlugin = fp(async (app: FastifyInstance, services: Services) => {
  const hub = new AgentHub({ db: services.db, clock: services.clock, log: app.log });
  app.decorate('agents', hub);
  app.addHook('onClose', async () => { await hub.close(); });
  const deps = { ...services, agents: hub };
  await app.register(async (api) => {
    await groupRoutes(api, deps);
    await stateRoutes(api, deps);
  }, { prefix: '/api' });
}, { name: 'waihu-agents' });
