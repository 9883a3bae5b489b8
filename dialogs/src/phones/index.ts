/**
 * Agent phones (分机) on the wire: the registrar answering REGISTER/OPTIONS through a SipAgent's
 * transports, the binding expiry timer, online/offline events, and calls to registered phones.
 */
export { AgentPhones, contactRoutes, contactTarget } from './agent-phones.js';
export type { AgentPhonesOptions, PhoneCallOptions } from './agent-phones.js';
