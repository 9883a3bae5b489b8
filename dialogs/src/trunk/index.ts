/** Trunks (外线): settings, the dial plan, caller-ID pools, line budgets and dial outcomes. */
export { checkTrunkConfig, TRUNK_DEFAULTS } from './config.js';
export type { TrunkCheck, TrunkConfig, TrunkIssue, TrunkMode, TrunkTransport } from './config.js';
export { callerIdAllowed, dialString } from './dial-plan.js';
export type { DialRefusal, DialString } from './dial-plan.js';
export { CallerIdPool } from './caller-ids.js';
export type { CallerIdPoolOptions, CallerIdRule } from './caller-ids.js';
export { TrunkLines } from './lines.js';
export type { LineHandle, LineUse } from './lines.js';
export { classifyDialEnd, q850Cause } from './outcome.js';
export type { CallOutcome, Classified, DialEnd } from './outcome.js';
