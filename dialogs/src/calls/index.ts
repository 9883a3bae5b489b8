/**
 * Outbound calls through trunks on top of the SIP user agent: `SipAgent` places calls (each a
 * `Call` with its RtpSession), keeps trunks registered and watches peer trunks with OPTIONS.
 */
export { SipAgent } from './agent.js';
export type { DialOptions, PlaceCallOptions, SipAgentOptions } from './agent.js';
export { Call } from './outbound-call.js';
export type { CallAnswer, CallProgress, CallSetup, CallState, ReinviteResult } from './outbound-call.js';
export type { CallEnd, CallEndReason } from './call-end.js';
export { CallSetupError, trunkTarget } from './call-setup.js';
export type { CallSetupErrorCode, CallTarget } from './call-setup.js';
export { TrunkRegistration } from './registration.js';
export type { RegistrationEvent, RegistrationOptions, RegistrationState } from './registration.js';
export { TrunkMonitor } from './trunk-monitor.js';
export type { TrunkHealth, TrunkMonitorOptions } from './trunk-monitor.js';
