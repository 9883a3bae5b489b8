/** Telephony settings: trunks (外线), caller numbers (外显) and extensions (分机). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { trunkRoutes } from './trunk-routes.js';
import { numberRoutes } from './number-routes.js';

export { trunkConfigOf, trunkView } from './trunks.js';

export async function telephonyRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await trunkRoutes(app, services);
  await numberRoutes(app, services);
}
