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
import { followUpRoutes } from './follow-up-routes.js';
import { listenRoutes } from './listen-routes.js';
import { softphoneRoutes } from './softphone-routes.js';
import { AgentTelephony } from './telephony.js';

export { AgentHub, beijingMidnight } from './hub.js';
export type { AgentHubOptions, HubEvent } from './hub.js';
export { agentStateView } from './state-routes.js';
export { AgentTelephony } from './telephony.js';
export type { AgentTelephonyOptions } from './telephony.js';
export { ExtensionDirectory, extensionDomain } from './extension-directory.js';
export { transferCapacity } from './capacity.js';
export { transferStats } from './follow-up-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The agents' live hub: boards, state log, registrar events, warm transfer. */
    agents: AgentHub;
    /** Extensions registering on the robot caller's SIP port, and warm transfer for its calls. */
    agentTelephony: AgentTelephony;
  }
}

/**
 * Registers the hub (`app.agents`, closed with the app), the agents' telephony on the robot
 * caller (`app.agentTelephony`: extensions register on its SIP port once the server listens;
 * robot calls transfer to agents), and the agent routes under /api.
 */
export const agentsPlugin = fp(async (app: FastifyInstance, services: Services) => {
  const hub = new AgentHub({ db: services.db, clock: services.clock, log: app.log });
  const telephony = new AgentTelephony({ hub, db: services.db, secrets: services.secrets, agent: () => services.robotCaller.sipAgent(), log: app.log });
  services.robotCaller.useTransfers(telephony);
  app.decorate('agents', hub);
  app.decorate('agentTelephony', telephony);
  // Phones must be able to register before any call is placed: the SIP agent starts with the server.
  app.addHook('onListen', async () => {
    await telephony.phones().catch((err: unknown) => app.log.warn({ err: String(err) }, 'extensions cannot register: the SIP agent did not start'));
  });
  app.addHook('onClose', async () => { await telephony.close(); await hub.close(); });
  const deps = { ...services, agents: hub };
  await app.register(async (api) => {
    await groupRoutes(api, deps);
    await stateRoutes(api, deps);
    await followUpRoutes(api, deps);
    await listenRoutes(api, { ...deps, telephony });
    await softphoneRoutes(api, deps);
  }, { prefix: '/api' });
}, { name: 'waihu-agents' });
