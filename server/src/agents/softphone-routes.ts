/**
 * The browser softphone's credentials for the logged-in agent or leader: the SIP edge's
 * WebSocket (SIP_WS_URL, see tools/sip-edge), the extension's address-of-record in the
 * enterprise's SIP domain (its 企业账号, as the registrar serves it) and the extension's SIP
 * secret, unsealed — the console's JsSIP answers the registrar's digest challenge with it.
 *
 * Only the extension bound to the caller's own account is ever returned; the answer is never
 * cached by the browser (Cache-Control: no-store) and the secret is not logged.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import type { Role } from '../auth/roles.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { ApiError } from '../errors.js';
import { extensionDomain } from './extension-directory.js';

const STAFF: readonly Role[] = ['AGENT', 'LEADER'];

const softphoneSchema = {
  type: 'object',
  required: ['wsUrl', 'sipUri', 'password', 'extension', 'displayName'],
  properties: {
    wsUrl: { type: 'string', description: 'ws:// or wss:// of the SIP edge' },
    sipUri: { type: 'string', description: 'sip:<extension>@<enterprise account>' },
    password: { type: 'string', description: "the extension's SIP secret" },
    extension: { type: 'string' },
    displayName: { type: 'string' },
  },
} as const;

export async function softphoneRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/agents/me/softphone', {
    config: { roles: STAFF },
    schema: {
      tags: ['agents'],
      summary: '软电话 My browser softphone: the SIP edge\'s WebSocket, my extension\'s SIP address and secret. '
        + '409 NO_EXTENSION without a bound (enabled) extension, 503 SOFTPHONE_NOT_CONFIGURED without SIP_WS_URL',
      response: { 200: softphoneSchema },
    },
  }, async (request, reply) => {
    const wsUrl = services.config.sipWsUrl;
    if (wsUrl === null) {
      throw new ApiError(503, 'SOFTPHONE_NOT_CONFIGURED', 'the browser softphone needs the SIP edge: start it (npm run sip-edge) and set SIP_WS_URL', undefined, false);
    }
    const enterpriseId = enterpriseOf(request);
    // The caller's own row in their own enterprise (the scoped client adds the tenant filter too).
    const user = await dbOf(request).user.findFirst({
      where: { id: principalOf(request).userId, enterpriseId },
      select: { name: true, extension: { select: { number: true, sipPassword: true, enabled: true } }, enterprise: { select: { account: true } } },
    });
    const extension = user?.extension;
    if (!user || !extension || !extension.enabled) {
      throw new ApiError(409, 'NO_EXTENSION', 'no enabled extension (分机) is bound to your account: ask your administrator', undefined, false);
    }
    void reply.header('Cache-Control', 'no-store');
    return {
      wsUrl, sipUri: `sip:${extension.number}@${extensionDomain(user.enterprise!.account)}`,
      password: services.secrets.open(extension.sipPassword), extension: extension.number, displayName: user.name,
    };
  });
}
